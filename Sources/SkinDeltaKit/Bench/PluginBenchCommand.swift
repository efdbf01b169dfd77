import AnalysisKit
import ArgumentParser
import Foundation
import ImageCore
import PluginHost

/// `skindelta bench plugin DIR`: the cost of calling an out-of-process plugin.
struct PluginBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plugin",
        abstract: "Time the round trip of an out-of-process plugin on a large pair (transfer + call).",
        discussion: """
        Sends a before/after pair of --size (the planes the plugin's manifest asks for, and the mask) \
        --runs times to one worker and reports the first call (which starts the worker) and the median \
        of the others. With a plugin that computes nothing (Scripts/bench-plugin/noop) the median is \
        the protocol's own overhead; with a real plugin, subtract its own compute time.
        """
    )

    @Argument(help: "The plugin's folder.") var plugin: String
    @Option(help: "Photo size, WxH.") var size = "4000x3000"
    @Option(help: "Timed calls after the first (median reported).") var runs = 5
    @Flag(help: "Print JSON instead of text.") var json = false

    struct Output: Encodable {
        var plugin: String
        var width: Int
        var height: Int
        var planesPerPhoto: Int
        var megabytesPerCall: Double
        var firstCallMilliseconds: Double
        var medianCallMilliseconds: Double
        var gigabytesPerSecond: Double
    }

    func run() throws {
        let parts = size.split(separator: "x").compactMap { Int($0) }
        guard parts.count == 2, parts[0] >= 64, parts[1] >= 64 else { throw ValidationError("size must be WxH, at least 64x64.") }
        guard runs >= 1 else { throw ValidationError("--runs must be at least 1.") }
        let folder = URL(fileURLWithPath: plugin)
        let manifest = try PluginManifest.load(folder: folder)
        let analyzer = try ExternalAnalyzer(manifest: manifest, folder: folder).configure(nil)
        let photoSize = Size(width: parts[0], height: parts[1])
        func photo(_ level: Float) -> AnalysisPhoto {
            let plane = Image<Gray32>(size: photoSize, pixels: (0..<photoSize.width * photoSize.height).map {
                Gray32(value: level + 0.1 * Float(($0 &* 2_654_435_761) & 1_023) / 1_023)
            })
            return AnalysisPhoto(linearRed: plane, green: plane, blue: plane)
        }
        let pair = try AlignedPair(before: photo(0.2), after: photo(0.25), mask: Image(size: photoSize, repeating: Gray8(value: 255)),
                                   pixelsPerMillimetre: 20)
        func timed() throws -> Double {
            let start = DispatchTime.now().uptimeNanoseconds
            _ = try analyzer.run(pair)
            return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
        }
        let first = try timed()
        var times: [Double] = []
        for _ in 0..<runs { times.append(try timed()) }
        let median = times.sorted()[times.count / 2]
        let pixels = Double(photoSize.width * photoSize.height)
        let bytes = pixels * (2 * 4 * Double(manifest.inputs.count) + 1)
        let output = Output(plugin: manifest.id.rawValue, width: photoSize.width, height: photoSize.height,
                            planesPerPhoto: manifest.inputs.count, megabytesPerCall: bytes / 1e6, firstCallMilliseconds: first,
                            medianCallMilliseconds: median, gigabytesPerSecond: bytes / (median / 1e3) / 1e9)
        if json {
            try StandardOutput.writeJSON(output)
        } else {
            StandardOutput.write(String(format: "%@ on %dx%d: %d plane(s) per photo + mask = %.0f MB per call\nfirst call (starts the worker): %.0f ms\nmedian call of %d: %.1f ms (%.2f GB/s)\n",
                                        manifest.id.rawValue as NSString, photoSize.width, photoSize.height, manifest.inputs.count,
                                        bytes / 1e6, first, runs, median, bytes / (median / 1e3) / 1e9))
        }
    }
}
