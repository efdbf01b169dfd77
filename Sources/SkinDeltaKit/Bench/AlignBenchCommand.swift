import Alignment
import ArgumentParser
import Foundation
import ImageCodec
import ImageCore
import Synthesis

/// `skindelta bench align`: accuracy and single-core time of alignment over a grid of synthetic
/// camera motions and light changes with known truth.
struct AlignBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "align",
        abstract: "Time alignment on one core and measure its error over a grid of synthetic pairs.",
        discussion: """
        Each pair is a synthetic baseline photo and a follow-up of the same patient four weeks into \
        the default course (skin changed), moved by rotation × scale × shift about the centre and lit \
        the same or differently (gain, colour cast, gradient). Both photos are encoded as JPEG \
        (quality 95, 4:4:4) and decoded again, so the aligner sees what an exported pair holds. Time \
        is the median of --runs alignments on one core, excluding decode; error is the RMS distance \
        of the after photo's four corners mapped by the found and the true transform, in before-photo \
        pixels. --export writes the JPEGs and pairs.json for Scripts/bench-align-opencv.py.
        """
    )

    @Option(help: "Photo size, WxH.") var size = "4000x3000"
    @Option(help: "Rotations in degrees, comma-separated.") var rotations = "-45,-15,15,45"
    @Option(help: "Scales (before px per after px), comma-separated.") var scales = "0.6,1,1.6"
    @Option(help: "Shifts of the after centre as x:y fractions of the frame, comma-separated.") var shifts = "0:0,0.3:-0.3"
    @Option(help: "Timed alignments per pair (median reported).") var runs = 3
    @Option(help: "Write the pairs as JPEG and pairs.json here.") var export: String?
    @Option(help: "Transform model (default: automatic).") var model: MotionModel?
    @Flag(help: "Print JSON rows instead of a table.") var json = false

    struct Row: Codable {
        var name: String
        var rotationDegrees: Double
        var scale: Double
        var shiftX: Double
        var shiftY: Double
        var lighting: String
        var truth: [Double]
        var matrix: [Double]
        var verdict: String
        var reason: String?
        var model: String
        var cornerErrorPixels: Double
        var residualPixels: Double?
        var correlation: Double
        var overlap: Double
        var medianMilliseconds: Double
    }

    func run() throws {
        let parts = size.split(separator: "x").compactMap { Int($0) }
        guard parts.count == 2, parts[0] >= 64, parts[1] >= 64 else { throw ValidationError("size must be WxH, at least 64x64.") }
        let photoSize = Size(width: parts[0], height: parts[1])
        let rotationList = rotations.split(separator: ",").compactMap { Double($0) }
        let scaleList = scales.split(separator: ",").compactMap { Double($0) }
        let shiftList: [(Double, Double)] = shifts.split(separator: ",").compactMap {
            let xy = $0.split(separator: ":").compactMap { Double($0) }
            return xy.count == 2 ? (xy[0], xy[1]) : nil
        }
        let folder = export.map { URL(fileURLWithPath: $0) }
        if let folder { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) }
        let decoder = ImageDecoder()
        let encoder = JPEGEncoder(quality: 95, chromaSubsampling: .none)
        var rows: [Row] = []
        var cases: [(Double, Double, (Double, Double), SyntheticPair.Lighting)] = [(0, 1, (0, 0), .same)]
        for rotation in rotationList {
            for scale in scaleList {
                for shift in shiftList {
                    for lighting in [SyntheticPair.Lighting.same, .changed] { cases.append((rotation, scale, shift, lighting)) }
                }
            }
        }
        if !json {
            StandardOutput.write("rotation  scale  shift        light     verdict        model       error px  uncert px  corr   overlap  ms\n")
        }
        for (index, (rotation, scale, shift, lighting)) in cases.enumerated() {
            let truth = SyntheticPair.motion(degrees: rotation, scale: scale, shiftX: shift.0, shiftY: shift.1, size: photoSize)
            let pair = try SyntheticPair(seed: 20_261_121, size: photoSize, pixelsPerMillimetre: Double(photoSize.width) / 80,
                                         afterToBefore: truth, lighting: lighting, afterSession: 1)
            let name = String(format: "pair%02d", index)
            let beforeBytes = try encoder.encode(pair.before), afterBytes = try encoder.encode(pair.after)
            let before = try decoder.decode(beforeBytes).image.rgb8, after = try decoder.decode(afterBytes).image.rgb8
            if let folder {
                try Data(beforeBytes).write(to: folder.appendingPathComponent("\(name)_before.jpg"), options: .atomic)
                try Data(afterBytes).write(to: folder.appendingPathComponent("\(name)_after.jpg"), options: .atomic)
            }
            let options = AlignmentOptions(model: model, parallel: false)
            var times: [Double] = []
            var registration: Registration?
            for _ in 0..<max(1, runs) {
                let start = DispatchTime.now().uptimeNanoseconds
                registration = align(before: before, after: after, options: options)
                times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
            }
            let r = registration!
            let row = Row(name: name, rotationDegrees: rotation, scale: scale, shiftX: shift.0, shiftY: shift.1,
                          lighting: lighting == .same ? "same" : "changed", truth: truth.matrix, matrix: r.transform.matrix,
                          verdict: r.verdict.name, reason: r.verdict.reason, model: r.model.rawValue,
                          cornerErrorPixels: SyntheticPair.cornerError(r.transform, truth, afterSize: photoSize),
                          residualPixels: r.residualPixels, correlation: r.correlation, overlap: r.overlap,
                          medianMilliseconds: times.sorted()[times.count / 2])
            rows.append(row)
            if !json {
                StandardOutput.write(String(format: "%7.1f  %5.2f  %5.2f,%5.2f  %-8@  %-13@  %-10@  %8.4f  %9.4f  %5.3f  %6.3f  %6.1f\n",
                                            rotation, scale, shift.0, shift.1, row.lighting, row.verdict, row.model,
                                            row.cornerErrorPixels, row.residualPixels ?? .nan, row.correlation, row.overlap,
                                            row.medianMilliseconds)
                    + (row.reason.map { "        \($0)\n" } ?? ""))
            }
        }
        if let folder {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try encoder.encode(rows).write(to: folder.appendingPathComponent("pairs.json"), options: .atomic)
        }
        if json {
            try StandardOutput.writeJSON(rows)
        } else {
            let errors = rows.map(\.cornerErrorPixels).sorted(), times = rows.map(\.medianMilliseconds).sorted()
            func quantile(_ v: [Double], _ q: Double) -> Double { v[min(v.count - 1, Int(q * Double(v.count - 1) + 0.5))] }
            StandardOutput.write(String(format: "\n%d pairs: corner error median %.4f px, 90th percentile %.4f px, worst %.4f px; aligned %d; time median %.1f ms, worst %.1f ms\n",
                                        rows.count, quantile(errors, 0.5), quantile(errors, 0.9), errors.last ?? .nan,
                                        rows.filter { $0.verdict == "aligned" }.count, quantile(times, 0.5), times.last ?? .nan))
        }
    }
}
