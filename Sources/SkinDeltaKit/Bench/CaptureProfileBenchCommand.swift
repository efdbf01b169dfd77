import Alignment
import ArgumentParser
import Foundation
import ImageCodec
import ImageCore
import Synthesis

/// `skindelta bench capture-profiles`: registration over a grid of session photos made by the
/// capture profiles from synthetic skin and from real photos, with known transforms.
struct CaptureProfileBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "capture-profiles",
        abstract: "Registration of session photos made by the capture profiles, on synthetic skin and real photos.",
        discussion: """
        For each base picture (synthetic skin rendered at 1280×960, and every PNG or JPEG in --real) \
        and each seed, the profile makes sessions 0…N; each session photo is saved as JPEG at the \
        profile's quality and decoded again. Pairs: every later session against session 0 (whose \
        pose is the nominal one, so each pair moves within the profile's ranges). Unrelated pairs: session 1 of each base against session 1 of the \
        next base, which must not come out aligned. Error is the RMS distance of the after photo's \
        corners mapped by the found and the true transform (the global part of the capture's \
        geometry), in before-photo pixels. Time: one core, median of --runs, decode excluded.
        """
    )

    @Option(help: "Profiles to run: handheld-closeup, phone or all.") var profile = "all"
    @Option(help: "A folder of real photos (PNG or JPEG) to use as bases, besides synthetic skin.") var real: String?
    @Option(help: "Seeds (comma-separated): each gives every base another set of sessions.") var seeds = "1,2"
    @Option(help: "Sessions after session 0.") var sessions = 4
    @Option(help: "Synthetic skin bases (patients of the synthetic data set).") var synthetic = 2
    @Option(help: "Timed alignments per pair (median reported).") var runs = 1
    @Flag(help: "Print JSON rows instead of a table.") var json = false
    @Option(help: "Write every session photo here as JPEG.") var export: String?
    @Option(help: "Override the profiles' largest stretch (strain, e.g. 0 or 0.02).") var stretch: Double?
    @Option(help: "Override the profiles' hair count (0: none).") var hairs: Int?
    @Flag(help: "Leave out the burned-in digits.") var noDigits = false
    @Flag(help: "Align without leaving burned-in overlays and glare out (for comparison).") var keepOverlays = false
    @Flag(help: "Align without bringing the photos to one focus (for comparison).") var keepFocus = false
    @Option(help: "Only bases whose name contains this.") var only: String?
    @Option(help: "Override the profiles' defocus range, e.g. 0.8...2.2 (σ in frame pixels).") var defocus: String?

    struct Row: Codable {
        var profile: String
        var base: String
        var seed: UInt64
        var before: Int
        var after: Int
        var related: Bool
        var verdict: String
        var reason: String?
        var cornerErrorPixels: Double?
        /// RMS over the frame of the distance to where the skin truly is (stretch included), and the
        /// same for the truth's global transform (what no global transform can do better than).
        var frameErrorPixels: Double?
        var stretchFloorPixels: Double?
        var residualPixels: Double?
        var correlation: Double
        var milliseconds: Double
        var afterConditions: String
    }

    func run() throws {
        let chosen = profile == "all" ? CaptureProfile.all.keys.sorted() : [profile]
        guard chosen.allSatisfy({ CaptureProfile.all[$0] != nil }) else {
            throw ValidationError("--profile must be one of \(CaptureProfile.all.keys.sorted().joined(separator: ", ")) or all, not \(profile)")
        }
        let seedList = seeds.split(separator: ",").compactMap { UInt64($0) }
        guard !seedList.isEmpty, sessions >= 1 else { throw ValidationError("give at least one seed and one later session") }
        var bases: [(name: String, image: Image<RGB8>)] = []
        for patient in 0..<max(0, synthetic) {
            let pair = try SyntheticPair(seed: 20_261_207, patient: patient, size: Size(width: 1280, height: 960),
                                         afterToBefore: .identity, noise: false)
            bases.append(("synthetic-\(patient)", pair.before))
        }
        if let real {
            let folder = URL(fileURLWithPath: real)
            let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter {
                ["png", "jpg", "jpeg"].contains(($0 as NSString).pathExtension.lowercased())
            }.sorted()
            for name in names {
                bases.append((name, try ImageDecoder().decode(contentsOf: folder.appendingPathComponent(name).path).image.rgb8))
            }
        }
        if let only { bases = bases.filter { $0.name.contains(only) } + bases.filter { !$0.name.contains(only) }.prefix(1) }
        guard bases.count >= 2 else { throw ValidationError("at least two base pictures are needed (synthetic ones and --real)") }
        let decoder = ImageDecoder()
        let exportFolder = export.map { URL(fileURLWithPath: $0) }
        if let exportFolder { try FileManager.default.createDirectory(at: exportFolder, withIntermediateDirectories: true) }
        var rows: [Row] = []
        for id in chosen {
            var capture = CaptureProfile.all[id]!
            if let stretch { capture.maximumStretch = stretch }
            if let hairs { capture.hairCount = hairs }
            if noDigits { capture.burnedInDigits = false }
            if let defocus {
                let bounds = defocus.components(separatedBy: "...").compactMap { Double($0) }
                guard bounds.count == 2, bounds[0] <= bounds[1] else { throw ValidationError("--defocus must be LOW...HIGH, not \(defocus)") }
                capture.defocusRange = bounds[0]...bounds[1]
            }
            for seed in seedList {
                var firstAfter: [(CaptureProfile.Capture, Image<RGB8>)] = []
                for (index, base) in bases.enumerated() {
                    var photos: [(CaptureProfile.Capture, Image<RGB8>)] = []
                    for session in 0...sessions {
                        let shot = capture.capture(base.image, session: session, seed: seed &* 1000 &+ UInt64(index))
                        let bytes = try JPEGEncoder(quality: shot.jpegQuality).encode(shot.image)
                        if let exportFolder {
                            try Data(bytes).write(to: exportFolder.appendingPathComponent("\(id)_\(base.name)_seed\(seed)_s\(session).jpg"))
                        }
                        photos.append((shot, try decoder.decode(bytes).image.rgb8))
                    }
                    firstAfter.append(photos[1])
                    for (b, a) in (1...sessions).map({ (0, $0) }) {
                        rows.append(measure(id, base.name, seed, b, a, before: photos[b], after: photos[a], related: true))
                        report(rows.last!)
                    }
                }
                for index in bases.indices {
                    let other = (index + 1) % bases.count
                    rows.append(measure(id, "\(bases[index].name) vs \(bases[other].name)", seed, 1, 1,
                                        before: firstAfter[index], after: firstAfter[other], related: false))
                    report(rows.last!)
                }
            }
        }
        if json {
            try StandardOutput.writeJSON(rows)
        } else {
            StandardOutput.write(Self.summary(rows))
        }
    }

    func measure(_ profile: String, _ base: String, _ seed: UInt64, _ b: Int, _ a: Int, before: (CaptureProfile.Capture, Image<RGB8>),
                 after: (CaptureProfile.Capture, Image<RGB8>), related: Bool) -> Row {
        var times: [Double] = []
        var registration: Registration?
        for _ in 0..<max(1, runs) {
            let start = DispatchTime.now().uptimeNanoseconds
            registration = align(before: before.1, after: after.1, options: AlignmentOptions(suppressesOverlays: !keepOverlays, equalisesFocus: !keepFocus, parallel: false))
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
        }
        let r = registration!
        let truth = related ? CaptureProfile.afterToBefore(before: before.0, after: after.0) : nil
        return Row(profile: profile, base: base, seed: seed, before: b, after: a, related: related, verdict: r.verdict.name,
                   reason: r.verdict.reason, cornerErrorPixels: truth.map { SyntheticPair.cornerError(r.transform, $0, afterSize: after.1.size) },
                   frameErrorPixels: related && b == 0 ? after.0.frameError(r.transform, reference: before.0) : nil,
                   stretchFloorPixels: related && b == 0 ? truth.flatMap { after.0.frameError($0, reference: before.0) } : nil,
                   residualPixels: r.residualPixels, correlation: r.correlation, milliseconds: times.sorted()[times.count / 2],
                   afterConditions: after.0.conditions)
    }

    func report(_ row: Row) {
        guard !json else { return }
        StandardOutput.write(String(format: "%-17@ %-28@ seed %llu  s%d→s%d  %-13@ error %@ (frame %@, floor %@)  corr %.2f  %6.1f ms  %@\n",
                                    row.profile, row.base, row.seed, row.after, row.before, row.verdict,
                                    row.cornerErrorPixels.map { String(format: "%7.3f px", $0) } ?? "      –   ",
                                    row.frameErrorPixels.map { String(format: "%.3f", $0) } ?? "–",
                                    row.stretchFloorPixels.map { String(format: "%.3f", $0) } ?? "–",
                                    row.correlation, row.milliseconds, row.reason ?? row.afterConditions))
    }

    /// Per profile and kind of base: the share aligned within 0.5 px (corners against the global
    /// truth; and over the frame against the stretched skin, beyond what the best global transform
    /// itself misses), aligned beyond 2 px, unrelated pairs aligned, time.
    static func summary(_ rows: [Row]) -> String {
        var text = "\nprofile            bases      pairs  aligned ≤0.5 px   frame ≤floor+0.5   aligned >2 px  lowConf  failed  unrelated aligned  median ms  worst ms\n"
        for profile in Set(rows.map(\.profile)).sorted() {
            for kind in ["synthetic", "real"] {
                let mine = rows.filter { $0.profile == profile && $0.base.hasPrefix("synthetic") == (kind == "synthetic") }
                let related = mine.filter(\.related), unrelated = mine.filter { !$0.related }
                guard !related.isEmpty else { continue }
                let good = related.filter { $0.verdict == "aligned" && ($0.cornerErrorPixels ?? .infinity) <= 0.5 }.count
                let bad = related.filter { $0.verdict == "aligned" && ($0.cornerErrorPixels ?? .infinity) > 2 }.count
                let frameGood = related.filter {
                    $0.verdict == "aligned" && ($0.frameErrorPixels ?? .infinity) <= ($0.stretchFloorPixels ?? 0) + 0.5
                }.count
                let times = related.map(\.milliseconds).sorted()
                text += String(format: "%-18@ %-9@ %6d  %5d (%5.1f %%)  %6d (%5.1f %%)  %13d  %7d  %6d  %10d of %-3d  %9.1f  %8.1f\n",
                               profile, kind, related.count, good, 100 * Double(good) / Double(related.count),
                               frameGood, 100 * Double(frameGood) / Double(related.count), bad,
                               related.filter { $0.verdict == "lowConfidence" }.count, related.filter { $0.verdict == "failed" }.count,
                               unrelated.filter { $0.verdict == "aligned" }.count, unrelated.count, times[times.count / 2], times.last ?? 0)
            }
        }
        return text
    }
}
