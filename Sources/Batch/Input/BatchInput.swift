import AnalysisKit
import Foundation
import ImageCodec

/// The photos of a batch, read from a folder or a manifest, with every problem found on the way.
///
/// Two ways in:
/// - a folder `ROOT/<patient>/<session>/<photos>`, where a session folder's name ends in its ISO
///   date (`2026-03-01` or `s02_2026-03-15`); photos of one session folder are repeats of one view,
///   in name order. A `manifest.csv` or `manifest.json` at the top of ROOT takes precedence.
/// - a manifest, CSV (a header row, then one row per photo) or JSON (an array of objects, or
///   `{"photos": [...]}`), with the fields `patient`, `sessionDate`, `photo` (required) and `view`,
///   `roi`, `pixelsPerMillimetre`, `daysSinceProcedure`, `repeat` (optional). Photo paths (and
///   mask-image ROIs) resolve relative to the manifest and may not leave its folder.
///
/// Loading reads names, manifests and image headers only; no pixel is decoded.
public struct BatchInput: Sendable, Hashable, Codable {
    /// The photos, in ``PhotoEntry/precedes(_:_:)`` order.
    public var photos: [PhotoEntry]
    /// Problems that stop a photo (or the whole input) from being used.
    public var problems: [InputProblem]
    /// Remarks that do not stop anything (e.g. a patient with one session has nothing to compare).
    public var remarks: [String]
    /// What was read: "folder" or "manifest".
    public var kind: String

    public static let manifestFields = ["patient", "sessionDate", "photo", "view", "roi", "pixelsPerMillimetre",
                                        "daysSinceProcedure", "repeat"]

    /// Reads `path`: a folder or a manifest file.
    public init(path: String, limits: DecodingLimits = .default) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            self.init(photos: [], problems: [InputProblem(location: path, reason: "no such file or folder")], kind: "none")
            return
        }
        if isDirectory.boolValue {
            let folder = URL(fileURLWithPath: path)
            for name in ["manifest.csv", "manifest.json"] {
                let manifest = folder.appendingPathComponent(name).path
                if FileManager.default.fileExists(atPath: manifest) {
                    self.init(manifest: manifest, limits: limits)
                    return
                }
            }
            self.init(folder: path, limits: limits)
        } else {
            self.init(manifest: path, limits: limits)
        }
    }

    init(photos: [PhotoEntry], problems: [InputProblem], kind: String) {
        self.photos = photos.sorted(by: PhotoEntry.precedes)
        self.problems = problems
        self.remarks = []
        self.kind = kind
    }

    // MARK: - Folder convention

    init(folder: String, limits: DecodingLimits) {
        var photos: [PhotoEntry] = [], problems: [InputProblem] = []
        let manager = FileManager.default
        let patients = ((try? manager.contentsOfDirectory(atPath: folder)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
        for patient in patients {
            let patientPath = folder + "/" + patient
            guard Self.isDirectory(patientPath) else { continue }
            let sessions = ((try? manager.contentsOfDirectory(atPath: patientPath)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
            for session in sessions {
                let sessionPath = patientPath + "/" + session
                guard Self.isDirectory(sessionPath) else { continue }
                guard let date = Self.date(inFolderName: session) else {
                    problems.append(InputProblem(location: "\(patient)/\(session)",
                                                 reason: "a session folder's name must end in its date, yyyy-MM-dd (e.g. 2026-03-01 or s02_2026-03-15)"))
                    continue
                }
                let files = ((try? manager.contentsOfDirectory(atPath: sessionPath)) ?? []).filter {
                    !$0.hasPrefix(".") && ["png", "jpg", "jpeg"].contains(($0 as NSString).pathExtension.lowercased())
                }.sorted()
                if files.isEmpty {
                    problems.append(InputProblem(location: "\(patient)/\(session)", reason: "the session folder holds no PNG or JPEG photo"))
                }
                for (k, file) in files.enumerated() {
                    photos.append(PhotoEntry(patient: patient, sessionDate: date, repeatIndex: k + 1, path: sessionPath + "/" + file,
                                             origin: "\(patient)/\(session)/\(file)"))
                }
            }
        }
        if photos.isEmpty && problems.isEmpty {
            problems.append(InputProblem(location: folder, reason: "no photos found; expected ROOT/<patient>/<session date>/<photos> or a manifest"))
        }
        self.init(photos: photos, problems: problems, kind: "folder")
        checkPhotos(limits: limits)
    }

    // MARK: - Manifests

    init(manifest: String, limits: DecodingLimits) {
        let name = (manifest as NSString).lastPathComponent
        guard let data = FileManager.default.contents(atPath: manifest) else {
            self.init(photos: [], problems: [InputProblem(location: name, reason: "the manifest cannot be read")], kind: "manifest")
            return
        }
        let rows: [(line: Int, fields: [String: String])]
        do {
            rows = manifest.lowercased().hasSuffix(".json") ? try ManifestReader.jsonRows(data) : try ManifestReader.csvRows(data)
        } catch {
            self.init(photos: [], problems: [InputProblem(location: name, reason: "\(error)")], kind: "manifest")
            return
        }
        let policy = PathPolicy(root: (manifest as NSString).deletingLastPathComponent.isEmpty ? "." : (manifest as NSString).deletingLastPathComponent)
        var photos: [PhotoEntry] = [], problems: [InputProblem] = []
        for (line, fields) in rows {
            let location = "\(name) \(manifest.lowercased().hasSuffix(".json") ? "entry" : "line") \(line)"
            func fail(_ reason: String) { problems.append(InputProblem(location: location, reason: reason)) }
            if let reason = fields[ManifestReader.malformed] { fail(reason); continue }
            let unknown = fields.keys.filter { !Self.manifestFields.contains($0) }.sorted()
            if !unknown.isEmpty { fail("unknown field \(unknown.joined(separator: ", ")); the fields are \(Self.manifestFields.joined(separator: ", "))"); continue }
            guard let patient = fields["patient"], !patient.isEmpty else { fail("the patient is missing"); continue }
            guard let dateText = fields["sessionDate"], let date = Self.isoDate(dateText) else {
                fail("the session date must be yyyy-MM-dd, not \"\(fields["sessionDate"] ?? "")\""); continue
            }
            guard let photo = fields["photo"], !photo.isEmpty else { fail("the photo is missing"); continue }
            let path: String
            switch policy.resolve(photo) {
            case .success(let resolved): path = resolved
            case .failure(let problem): fail("\(photo): \(problem.reason)"); continue
            }
            var entry = PhotoEntry(patient: patient, sessionDate: date, path: path, origin: location)
            if let view = fields["view"], !view.isEmpty { entry.view = view }
            if let text = fields["repeat"], !text.isEmpty {
                guard let value = Int(text), value >= 0 else { fail("the repeat index must be a whole number ≥ 0, not \"\(text)\""); continue }
                entry.repeatIndex = value
            }
            if let text = fields["pixelsPerMillimetre"], !text.isEmpty {
                guard let value = Double(text), value.isFinite, value > 0 else { fail("pixels per millimetre must be a positive number, not \"\(text)\""); continue }
                entry.pixelsPerMillimetre = value
            }
            if let text = fields["daysSinceProcedure"], !text.isEmpty {
                guard let value = Int(text), value >= 0 else { fail("days since procedure must be a whole number ≥ 0, not \"\(text)\""); continue }
                entry.daysSinceProcedure = value
            }
            if let roi = fields["roi"], !roi.isEmpty {
                let spec: RegionSpec
                do { spec = try RegionSpec(parsing: roi) } catch { fail("the ROI \"\(roi)\" is malformed: \(error.reason)"); continue }
                if spec.maskPath == nil {
                    entry.roi = spec
                } else {
                    switch policy.resolve(roi) {
                    case .success(let resolved): entry.roi = .maskImage(path: resolved)
                    case .failure(let problem): fail("ROI mask \(roi): \(problem.reason)"); continue
                    }
                }
            }
            photos.append(entry)
        }
        self.init(photos: photos, problems: problems, kind: "manifest")
        checkPhotos(limits: limits)
    }

    // MARK: - Checks shared by both ways in

    /// Drops photos whose file is missing or whose header is not a readable PNG or JPEG within
    /// the limits, and duplicates; notes patients with nothing to compare.
    mutating func checkPhotos(limits: DecodingLimits) {
        let decoder = ImageDecoder(limits: limits)
        var kept: [PhotoEntry] = [], seen = Set<String>()
        for photo in photos {
            let key = "\(photo.patient)|\(photo.view)|\(photo.sessionDate)|\(photo.repeatIndex)"
            guard seen.insert(key).inserted else {
                problems.append(InputProblem(location: photo.origin,
                                             reason: "a second photo for the same session, view and repeat index (\(photo.sessionDate), \(photo.view), repeat \(photo.repeatIndex))"))
                continue
            }
            do {
                try decoder.checkHeader(contentsOf: photo.path)
            } catch {
                problems.append(InputProblem(location: photo.origin, reason: "\(photo.fileName) cannot be used: \(error.error)"))
                continue
            }
            if let mask = photo.roi?.maskPath {
                do { try decoder.checkHeader(contentsOf: mask) } catch {
                    problems.append(InputProblem(location: photo.origin, reason: "the ROI mask cannot be used: \(error.error)"))
                    continue
                }
            }
            kept.append(photo)
        }
        photos = kept
        var sessions: [String: Set<String>] = [:]
        for photo in photos { sessions["\(photo.patient) (view \(photo.view))", default: []].insert(photo.sessionDate) }
        for (key, dates) in sessions.sorted(by: { $0.key < $1.key }) where dates.count < 2 {
            remarks.append("\(key) has one session only: nothing to compare")
        }
    }

    static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// The ISO date a session folder's name ends with.
    static func date(inFolderName name: String) -> String? {
        guard name.count >= 10 else { return nil }
        let tail = String(name.suffix(10))
        let prefix = name.dropLast(10)
        guard prefix.isEmpty || prefix.hasSuffix("_") || prefix.hasSuffix("-") || prefix.hasSuffix(" ") else { return nil }
        return isoDate(tail)
    }

    /// `text` when it is a real calendar date `yyyy-MM-dd`.
    static func isoDate(_ text: String) -> String? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard text.count == 10, parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              (1900...2200).contains(year), (1...12).contains(month), day >= 1 else { return nil }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        return day <= days ? text : nil
    }

    /// Days from 1970-01-01 to an ISO date (proleptic Gregorian).
    public static func dayNumber(_ iso: String) -> Int? {
        guard isoDate(iso) != nil else { return nil }
        let parts = iso.split(separator: "-").compactMap { Int($0) }
        var (y, m, d) = (parts[0], parts[1], parts[2])
        if m <= 2 { y -= 1 }
        let era = y / 400
        let yearOfEra = y - era * 400
        m = m > 2 ? m - 3 : m + 9
        let dayOfYear = (153 * m + 2) / 5 + d - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146097 + dayOfEra - 719468
    }
}
