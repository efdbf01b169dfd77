import ArgumentParser
import Batch
import Foundation
import ImageCodec
import ImageCore
import Synthesis

/// `skindelta bench pipeline`: single-core time of every stage of one pair, decode to JSON.
struct PipelineBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pipeline",
        abstract: "Time every stage of scoring one pair on one core, from the JPEG files to the JSON, and the peak memory.",
        discussion: """
        The pair is synthetic (20 px/mm): a baseline and the same skin four weeks into the default \
        course, turned by 0.8° and shifted by 1 % of the frame, with a 6 % brighter, warmer light, both written as JPEG \
        (quality 92) to a temporary folder first. Each run reads, hashes and decodes both files, \
        aligns, resamples, masks, runs every built-in analyzer, compares, renders the report's \
        pictures and encodes the JSON, all on one thread. Times are medians over --runs runs. Per \
        stage, the peak image memory is the most bytes of image pixels held at once while it ran \
        (everything the stage inherits included); the peak resident memory is the process's, the \
        synthesis of the pair included.
        """
    )

    @Option(help: "Photo size, WxH.") var size = "4000x3000"
    @Option(help: "Timed runs (median reported).") var runs = 3
    @Flag(help: "Print JSON instead of a table.") var json = false

    struct Output: Encodable {
        struct Stage: Encodable {
            var stage: String
            var medianMilliseconds: Double
            /// The most image pixels held at once during the stage (all runs), MB (10⁶ bytes).
            var peakImageMegabytes: Double
        }
        var width: Int
        var height: Int
        var runs: Int
        var stages: [Stage]
        var totalMilliseconds: Double
        var peakResidentMegabytes: Double
    }

    func run() throws {
        let parts = size.lowercased().split(separator: "x").compactMap { Int($0) }
        guard parts.count == 2, parts[0] >= 256, parts[1] >= 256 else { throw ValidationError("--size must be WxH, at least 256x256.") }
        guard runs >= 1 else { throw ValidationError("--runs must be at least 1.") }
        let photoSize = Size(width: parts[0], height: parts[1])
        let turn = SyntheticPair.motion(degrees: 0.8, scale: 1, shiftX: 0.01, shiftY: -0.008, size: photoSize)
        let synthetic = try SyntheticPair(size: photoSize, afterToBefore: turn,
                                          lighting: .init(gain: 1.06, colourCast: [1.04, 1.0, 0.97]), afterSession: 1)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("skindelta-bench-pipeline-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let encoder = JPEGEncoder(quality: 92)
        let beforePath = folder.appendingPathComponent("before.jpg").path, afterPath = folder.appendingPathComponent("after.jpg").path
        try Data(try encoder.encode(synthetic.before)).write(to: URL(fileURLWithPath: beforePath))
        try Data(try encoder.encode(synthetic.after)).write(to: URL(fileURLWithPath: afterPath))

        let analyzers = try AnalyzerCatalog.swiftRegistry().configure()
        let pipeline = PairPipeline(analyzers: analyzers, parallel: false)
        var perStage: [String: [Double]] = [:], order: [String] = []
        var peakImage: [String: Int] = [:]
        var totals: [Double] = []
        for _ in 0..<runs {
            let times = StageTimes()
            let start = DispatchTime.now().uptimeNanoseconds
            let decoder = ImageDecoder()
            let before = times.measure("read and hash") { PreparedPhoto(path: beforePath, name: "before.jpg", decoder: decoder) }
            let after = times.measure("read and hash") { PreparedPhoto(path: afterPath, name: "after.jpg", decoder: decoder) }
            let outcome = pipeline.score(before: before, after: after, request: PairPipeline.Request(pixelsPerMillimetre: 20), times: times)
            if let failure = outcome.failure { throw ValidationError("the benchmark pair was not scored: \(failure)") }
            _ = times.measure("report images") { outcome.reportImages(before: before, after: after, longSide: 720, parallel: false) }
            try times.measure("JSON") {
                let results = outcome.results(kind: .baseline, beforeDate: "", afterDate: "", beforePhoto: before.name, afterPhoto: after.name)
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
                _ = try encoder.encode(results)
            }
            totals.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
            for (stage, seconds) in times.entries {
                if perStage[stage] == nil { order.append(stage) }
                perStage[stage, default: []].append(seconds * 1000)
                peakImage[stage] = max(peakImage[stage] ?? 0, times.peakImageBytes(stage))
            }
        }
        func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let output = Output(width: photoSize.width, height: photoSize.height, runs: runs,
                            stages: order.map { Output.Stage(stage: $0, medianMilliseconds: median(perStage[$0]!),
                                                             peakImageMegabytes: Double(peakImage[$0] ?? 0) / 1e6) },
                            totalMilliseconds: median(totals), peakResidentMegabytes: Double(usage.ru_maxrss) / 1024)
        if json {
            try StandardOutput.writeJSON(output)
            return
        }
        var lines = [String(format: "pair %d×%d (%.1f MP), one core, median of %d runs", photoSize.width, photoSize.height,
                            Double(photoSize.width * photoSize.height) / 1e6, runs)]
        func row(_ name: String, _ value: String) -> String { "  " + name.padding(toLength: 30, withPad: " ", startingAt: 0) + value }
        lines.append(row("stage", "     time   peak image memory"))
        for stage in output.stages {
            lines.append(row(stage.stage, String(format: "%9.1f ms %9.0f MB", stage.medianMilliseconds, stage.peakImageMegabytes)))
        }
        lines.append(row("total (files → JSON)", String(format: "%9.1f ms", output.totalMilliseconds)))
        lines.append(row("peak resident memory", String(format: "%9.0f MB", output.peakResidentMegabytes)))
        StandardOutput.write(lines.joined(separator: "\n") + "\n")
    }
}
