public import Foundation
import ImageCodec
import ImageCore

/// Writes a synthetic data set: the photo tree, `manifest.csv` and `ground_truth.json`.
///
/// Layout: `<folder>/<patient>/s<NN>_<yyyy-MM-dd>/<patient>_s<NN>_r<R>.jpg` (and `.png` on
/// request), the folder convention the batch command reads. Every file is written atomically
/// (temporary file, then rename), so an interrupted run never leaves a half-written photo.
public struct SessionWriter: Sendable {
    public let plan: SynthesisPlan
    /// Render on all cores. The bytes written do not depend on it.
    public var parallel: Bool

    public init(plan: SynthesisPlan, parallel: Bool = true) {
        self.plan = plan
        self.parallel = parallel
    }

    /// Renders every photo and writes the data set into `folder` (created if needed); calls
    /// `progress` with each relative path written. Returns the ground truth.
    @discardableResult
    public func write(to folder: URL, progress: (String) -> Void = { _ in }) throws(SynthesisError) -> GroundTruth {
        let options = plan.options
        let encoder = JPEGEncoder(quality: options.jpegQuality, chromaSubsampling: .both)
        var patients: [PatientTruth] = []
        for course in plan.patients {
            var sessions: [SessionTruth] = []
            for (state, photos) in zip(course.sessions, course.photos) {
                let rendered = SessionRendering(patient: course.patient, state: state, photos: photos, options: options,
                                                parallel: parallel)
                for (capture, image) in zip(photos, rendered.images) {
                    let jpeg: [UInt8]
                    do { jpeg = try encoder.encode(image) } catch {
                        throw .writeFailed(path: capture.stem + ".jpg", reason: error.description)
                    }
                    try Self.write(Data(jpeg), to: folder, relativePath: capture.stem + ".jpg")
                    progress(capture.stem + ".jpg")
                    if options.writesPNG {
                        let png: [UInt8]
                        do { png = try PNGEncoder().encode(image) } catch {
                            throw .writeFailed(path: capture.stem + ".png", reason: error.description)
                        }
                        try Self.write(Data(png), to: folder, relativePath: capture.stem + ".png")
                        progress(capture.stem + ".png")
                    }
                }
                sessions.append(rendered.truth)
            }
            let p = course.patient
            patients.append(PatientTruth(
                id: p.id, itaDegrees: TruthBuilder.round(p.itaDegrees, 4),
                baseLab: [p.baseLStar, p.baseAStar, p.baseBStar].map { TruthBuilder.round($0, 4) },
                pixelsPerMillimetre: p.pixelsPerMillimetre,
                skinEllipse: [p.skinCentreX, p.skinCentreY, p.skinRadiusX, p.skinRadiusY].map { TruthBuilder.round($0, 2) },
                sessions: sessions))
        }
        let truth = GroundTruth(schemaVersion: 1, generator: "skindelta synth", options: options, patients: patients)
        try Self.write(Self.encodeJSON(truth), to: folder, relativePath: "ground_truth.json")
        progress("ground_truth.json")
        try Self.write(Data(Self.manifest(truth).utf8), to: folder, relativePath: "manifest.csv")
        progress("manifest.csv")
        return truth
    }

    /// The ground truth as compact JSON with sorted keys (byte-stable), one trailing newline.
    public static func encodeJSON(_ truth: GroundTruth) throws(SynthesisError) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        do {
            var data = try encoder.encode(truth)
            data.append(0x0A)
            return data
        } catch {
            throw .writeFailed(path: "ground_truth.json", reason: "\(error)")
        }
    }

    /// `manifest.csv`: one row per photo with the columns the batch manifest reader takes.
    public static func manifest(_ truth: GroundTruth) -> String {
        var text = "patient,sessionDate,photo,view,roi,pixelsPerMillimetre,daysSinceProcedure,repeat\n"
        for patient in truth.patients {
            for session in patient.sessions {
                for photo in session.photos {
                    let days = session.state.daysSinceProcedure.map(String.init) ?? ""
                    text += "\(patient.id),\(session.state.date),\(photo.file),cheek,,\(photo.pixelsPerMillimetre),\(days),\(photo.repeatIndex)\n"
                }
            }
        }
        return text
    }

    static func write(_ data: Data, to folder: URL, relativePath: String) throws(SynthesisError) {
        let url = folder.appendingPathComponent(relativePath)
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: url, options: .atomic)
        } catch {
            throw .writeFailed(path: url.path, reason: (error as NSError).localizedDescription)
        }
    }
}

/// One session rendered: its photos and its ground truth.
public struct SessionRendering: Sendable {
    public let canvas: SkinCanvas
    public let images: [Image<RGB8>]
    public let truth: SessionTruth

    public init(patient: SyntheticPatient, state: SessionState, photos: [PhotoCapture], options: SynthesisOptions,
                parallel: Bool = true) {
        let canvas = SkinRenderer.canvas(patient: patient, session: state, photos: photos, size: options.size,
                                         parallel: parallel)
        self.canvas = canvas
        images = photos.map { SkinRenderer.photo($0, canvas: canvas, parallel: parallel) }
        truth = TruthBuilder.session(patient: patient, state: state, canvas: canvas, photos: photos, options: options,
                                     parallel: parallel)
    }
}
