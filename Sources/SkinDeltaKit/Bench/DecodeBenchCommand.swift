import ArgumentParser
import Foundation
import ImageCodec
import ImageCore

/// `skindelta bench decode`: JPEG decode time next to libjpeg-turbo's own `tjbench` and `djpeg`.
struct DecodeBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode",
        abstract: "Time JPEG decoding of a synthetic 12 MP photo against libjpeg-turbo's tjbench and djpeg.",
        discussion: """
        Writes a skin-like test photo as baseline and progressive JPEG (quality 92, 4:2:0) to a \
        temporary folder, then alternates: our in-memory decode (median of --runs), tjbench's \
        in-process decompression loop on the same file, and djpeg as a whole process \
        (spawn, read, decode, write to /dev/null). ratio = ours / tjbench.
        """
    )

    @Option(help: "Photo width in pixels.") var width = 4000
    @Option(help: "Photo height in pixels.") var height = 3000
    @Option(help: "Timed decodes per variant (the median is reported).") var runs = 15
    @Option(help: "Seconds tjbench runs per variant.") var tjbenchSeconds = 2.0
    @Option(help: "Benchmark this JPEG file instead of the synthetic photo.") var input: String?
    @Flag(help: "Skip the djpeg process timing (it evicts caches between our runs).") var noDjpeg = false
    @Flag(help: "Print JSON.") var json = false

    struct Row: Encodable {
        var variant: String
        var megapixels: Double
        var medianMs: Double
        var tjbenchMs: Double?
        var djpegMs: Double?
        var ratio: Double?
    }

    func run() throws {
        guard width >= 16, height >= 16, runs >= 1 else { throw ValidationError("size must be at least 16×16 and runs at least 1.") }
        let size = Size(width: width, height: height)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("skindelta-bench-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }

        var rows: [Row] = []
        var variants: [(name: String, bytes: [UInt8])] = []
        if let input {
            variants.append(((input as NSString).lastPathComponent, [UInt8](try Data(contentsOf: URL(fileURLWithPath: input)))))
        } else {
            let picture = BenchTexture.skin(size: size, seed: 20_261_121)
            for (name, progressive) in [("baseline", false), ("progressive", true)] {
                let bytes = try JPEGEncoder(quality: 92, chromaSubsampling: .both, isProgressive: progressive).encode(picture)
                variants.append(("jpeg-\(name)-q92-420", bytes))
            }
        }
        for (name, bytes) in variants {
            let file = folder.appendingPathComponent("bench.jpg")
            try Data(bytes).write(to: file)
            let decoder = ImageDecoder()
            _ = try decoder.decode(bytes)  // warm-up
            var ours: [Double] = []
            var djpeg: [Double] = []
            var tjbench: [Double] = []
            var decodedSize = Size(width: 0, height: 0)
            for run in 0..<runs {
                let start = DispatchTime.now().uptimeNanoseconds
                let decoded = try decoder.decode(bytes)
                let end = DispatchTime.now().uptimeNanoseconds
                decodedSize = decoded.image.size
                ours.append(Double(end - start) / 1e6)
                if !noDjpeg, let ms = Self.djpegMilliseconds(file: file.path) { djpeg.append(ms) }
                if run == runs / 2, let ms = Self.tjbenchMilliseconds(file: file.path, seconds: tjbenchSeconds) { tjbench.append(ms) }
            }
            let median = Self.median(ours)
            let tj = tjbench.isEmpty ? nil : Self.median(tjbench)
            rows.append(Row(
                variant: name, megapixels: Double(decodedSize.width * decodedSize.height) / 1e6,
                medianMs: median, tjbenchMs: tj, djpegMs: djpeg.isEmpty ? nil : Self.median(djpeg),
                ratio: tj.map { median / $0 }
            ))
        }
        if json {
            try StandardOutput.writeJSON(rows)
        } else {
            StandardOutput.write("variant                        MP     ours ms  tjbench ms  djpeg ms  ours/tjbench\n")
            for row in rows {
                func cell(_ value: Double?, _ width: Int) -> String {
                    let text = value.map { String(format: "%.1f", $0) } ?? "n/a"
                    return String(repeating: " ", count: max(0, width - text.count)) + text
                }
                let ratio = row.ratio.map { String(format: "%.2f×", $0) } ?? "n/a"
                StandardOutput.write(
                    row.variant.padding(toLength: 28, withPad: " ", startingAt: 0)
                    + cell(row.megapixels, 6) + cell(row.medianMs, 10) + cell(row.tjbenchMs, 12)
                    + cell(row.djpegMs, 10) + "  " + ratio + "\n")
            }
            if rows.contains(where: { $0.tjbenchMs == nil }) {
                StandardOutput.write("tjbench/djpeg not found: run Scripts/bootstrap.sh (package libjpeg-turbo-progs).\n")
            }
        }
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        let mid = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
    }

    static func executable(_ name: String) -> String? {
        for directory in ["/usr/bin", "/usr/local/bin", "/opt/libjpeg-turbo/bin"] {
            let path = directory + "/" + name
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    /// Wall time of one `djpeg -outfile /dev/null FILE` process, in milliseconds.
    static func djpegMilliseconds(file: String) -> Double? {
        guard let djpeg = executable("djpeg") else { return nil }
        let start = DispatchTime.now().uptimeNanoseconds
        guard run(djpeg, ["-dct", "int", "-outfile", "/dev/null", file]) != nil else { return nil }
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
    }

    /// Milliseconds per frame from tjbench's decompression loop (RGB output, accurate integer IDCT).
    static func tjbenchMilliseconds(file: String, seconds: Double) -> Double? {
        guard let tjbench = executable("tjbench") else { return nil }
        guard let output = run(tjbench, [file, "-rgb", "-benchtime", String(seconds), "-warmup", "0.5"]) else { return nil }
        guard let range = output.range(of: #"Frame rate:\s+[0-9.]+"#, options: .regularExpression) else { return nil }
        let number = output[range].split(separator: " ").last.flatMap { Double($0) }
        return number.map { 1000 / $0 }
    }

    static func run(_ executable: String, _ arguments: [String]) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}
