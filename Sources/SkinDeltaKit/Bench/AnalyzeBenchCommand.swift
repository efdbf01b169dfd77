import AnalysisKit
import ArgumentParser
import Foundation
import ImageCore
import Synthesis

/// `skindelta bench analyze`: single-core time of pair preparation and of each analyzer.
struct AnalyzeBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Time pair preparation and every analyzer on one core on a synthetic pair.",
        discussion: """
        The pair is a synthetic baseline photo (20 px/mm) and the same skin four weeks into the \
        default course, aligned (identity camera), so every analyzer measures two photos. Times are \
        the median of --runs runs on one core; preparation is the conversion to linear RGB and \
        CIELAB of both photos, the skin masks and the capture-quality numbers.
        """
    )

    @Option(help: "Photo size, WxH.") var size = "4000x3000"
    @Option(help: "Timed runs (median reported).") var runs = 3
    @Flag(help: "Print JSON instead of a table.") var json = false

    struct Output: Encodable {
        var width: Int
        var height: Int
        var preparationMilliseconds: Double
        var analyzers: [Entry]
        var analyzersTotalMilliseconds: Double
        struct Entry: Encodable {
            var id: String
            var medianMilliseconds: Double
        }
    }

    func run() throws {
        let parts = size.split(separator: "x").compactMap { Int($0) }
        guard parts.count == 2, parts[0] >= 256, parts[1] >= 256 else { throw ValidationError("size must be WxH, at least 256x256.") }
        guard runs >= 1 else { throw ValidationError("--runs must be at least 1.") }
        let photoSize = Size(width: parts[0], height: parts[1])
        let synthetic = try SyntheticPair(size: photoSize, afterToBefore: .identity, afterSession: 1)
        func median(_ times: [Double]) -> Double { times.sorted()[times.count / 2] }
        func time(_ body: () throws -> Void) rethrows -> Double {
            let start = DispatchTime.now().uptimeNanoseconds
            try body()
            return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
        }
        var pair: AlignedPair?
        var preparation: [Double] = []
        for _ in 0..<runs {
            preparation.append(try time {
                pair = try AlignedPair.prepare(before: AnalysisPhoto(rgb: synthetic.before, parallel: false),
                                               after: AnalysisPhoto(rgb: synthetic.after, parallel: false),
                                               pixelsPerMillimetre: 20, parallel: false)
            })
        }
        var entries: [Output.Entry] = []
        for analyzer in try AnalyzerCatalog.swiftRegistry().configure() {
            var times: [Double] = []
            for _ in 0..<runs {
                times.append(try time { _ = try analyzer.run(pair!, in: AnalysisContext(parallel: false)) })
            }
            entries.append(.init(id: analyzer.descriptor.id.rawValue, medianMilliseconds: median(times)))
        }
        let output = Output(width: photoSize.width, height: photoSize.height, preparationMilliseconds: median(preparation),
                            analyzers: entries, analyzersTotalMilliseconds: entries.reduce(0) { $0 + $1.medianMilliseconds })
        if json {
            try StandardOutput.writeJSON(output)
            return
        }
        var lines = [String(format: "pair %d×%d, one core, median of %d", photoSize.width, photoSize.height, runs),
                     String(format: "  %-30@ %9.1f ms", "preparation (both photos)" as NSString, output.preparationMilliseconds)]
        for entry in entries { lines.append(String(format: "  %-30@ %9.1f ms", entry.id as NSString, entry.medianMilliseconds)) }
        lines.append(String(format: "  %-30@ %9.1f ms", "all analyzers" as NSString, output.analyzersTotalMilliseconds))
        StandardOutput.write(lines.joined(separator: "\n") + "\n")
    }
}
