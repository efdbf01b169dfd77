import Foundation
@_spi(Testing) import ImageCodec
import ImageCore
import Testing

/// Runs the built `skindelta` executable as a user would.
@Suite("skindelta command line")
struct CommandLineTests {
    struct Result {
        var status: Int32
        var standardOutput: String
        var standardError: String
    }

    static var executable: URL {
        let here = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [here, here.deletingLastPathComponent()] {
            let url = candidate.appendingPathComponent("skindelta")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return here.appendingPathComponent("skindelta")
    }

    /// The environment every child gets: the test process's own, without any `SKINDELTA_` variable, so
    /// that neither a developer's shell nor another test can change what a command sees.
    static func childEnvironment(adding extra: [String: String] = [:]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("SKINDELTA_") }
        environment.merge(extra) { _, new in new }
        return environment
    }

    /// Runs `skindelta` with the given arguments, an explicit environment (``childEnvironment(adding:)``
    /// plus `environment`) and, when given, its own working directory; the test process's own
    /// environment and working directory are never changed.
    static func run(_ arguments: [String], environment: [String: String] = [:], in directory: URL? = nil) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = childEnvironment(adding: environment)
        if let directory { process.currentDirectoryURL = directory }
        let output = Pipe(), error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        let outData = output.fileHandleForReading.readDataToEndOfFile()
        let errData = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus,
                      standardOutput: String(decoding: outData, as: UTF8.self),
                      standardError: String(decoding: errData, as: UTF8.self))
    }

    /// A folder with a good PNG, a good rotated JPEG with a capture time, a truncated JPEG and a note.
    static func makeFolder() throws -> (URL, good: [String], bad: String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("skindelta-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("visit1"), withIntermediateDirectories: true)
        let picture = Image(size: Size(width: 30, height: 20), repeating: RGB8(red: 200, green: 150, blue: 130))
        let png = folder.appendingPathComponent("visit1/a.png")
        try Data(PNGEncoder().encode(picture)).write(to: png)
        var jpeg = try JPEGEncoder().encode(picture)
        // APP1 with Orientation 6 and DateTimeOriginal, little-endian TIFF.
        let tiff: [UInt8] = [0x49, 0x49, 42, 0, 8, 0, 0, 0, 2, 0,
                             0x12, 0x01, 3, 0, 1, 0, 0, 0, 6, 0, 0, 0,
                             0x69, 0x87, 4, 0, 1, 0, 0, 0, 38, 0, 0, 0,
                             0, 0, 0, 0,
                             1, 0, 0x03, 0x90, 2, 0, 20, 0, 0, 0, 56, 0, 0, 0, 0, 0, 0, 0]
            + Array("2026:03:15 09:30:00".utf8) + [0]
        let payload = Array("Exif".utf8) + [0, 0] + tiff
        jpeg = [0xFF, 0xD8, 0xFF, 0xE1, UInt8((payload.count + 2) >> 8), UInt8((payload.count + 2) & 0xFF)] + payload + jpeg.dropFirst(2)
        let rotated = folder.appendingPathComponent("visit1/b.jpg")
        try Data(jpeg).write(to: rotated)
        let bad = folder.appendingPathComponent("visit1/c.jpg")
        try Data(jpeg.prefix(jpeg.count / 2)).write(to: bad)
        try Data("not a photo".utf8).write(to: folder.appendingPathComponent("visit1/notes.txt"))
        return (folder, [png.path, rotated.path], bad.path)
    }

    @Test("--version prints the version")
    func version() throws {
        let result = try Self.run(["--version"])
        #expect(result.status == 0)
        #expect(result.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ".").count == 3)
    }

    @Test("inspect --json reports each file or its error, and exits 1 when any failed")
    func inspectJSON() throws {
        let (folder, good, bad) = try Self.makeFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try Self.run(["inspect", "--json"] + good + [bad])
        #expect(result.status == 1)
        let array = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [[String: Any]])
        #expect(array.count == 3)
        for key in ["file", "format", "width", "height", "bitDepth", "channels", "orientation", "error"] {
            #expect(array.allSatisfy { $0.keys.contains(key) }, "key \(key)")
        }
        #expect(array[0]["format"] as? String == "PNG")
        #expect(array[0]["error"] is NSNull)
        #expect(array[1]["format"] as? String == "JPEG")
        #expect(array[1]["orientation"] as? Int == 6)
        #expect(array[1]["width"] as? Int == 20)   // upright: 30×20 stored, turned a quarter
        #expect(array[1]["height"] as? Int == 30)
        #expect(array[1]["captureTime"] as? String == "2026-03-15T09:30:00")
        let error = try #require(array[2]["error"] as? String)
        #expect(error.hasPrefix("Cannot read “\(bad)”: "))
        #expect(error.hasSuffix("."))
        #expect(array[2]["width"] is NSNull)
    }

    @Test("inspect on a folder finds the photos, skips other files, and reports each on one line")
    func inspectFolder() throws {
        let (folder, _, _) = try Self.makeFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try Self.run(["inspect", folder.path])
        #expect(result.status == 1)
        let lines = result.standardOutput.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines[0].contains("a.png: PNG 30×20, 8-bit, 3 channels (rgb)"))
        #expect(lines[1].contains("b.jpg: JPEG 20×30") && lines[1].contains("orientation 6"))
        // The failure is on standard error, one sentence naming the file once.
        let errors = result.standardError.split(separator: "\n")
        #expect(errors.count == 1 && errors[0].hasPrefix("Cannot read"), "\(result.standardError)")
        #expect(errors[0].components(separatedBy: folder.lastPathComponent).count == 2, "\(errors[0])")
        #expect(!result.standardOutput.contains("notes.txt"))
    }

    @Test("inspect succeeds with exit 0 when every file decodes")
    func inspectSuccess() throws {
        let (folder, good, _) = try Self.makeFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try Self.run(["inspect"] + good).status == 0)
    }

    @Test("limits can be lowered from the command line")
    func limitOptions() throws {
        let (folder, good, _) = try Self.makeFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try Self.run(["inspect", "--max-pixels", "100", good[0]])
        #expect(result.status == 1)
        #expect(result.standardError.contains("its pixel count (600) exceeds the limit of 100."))
    }

    @Test("a usage error exits 2 and names the problem on standard error")
    func usageError() throws {
        let result = try Self.run(["inspect"])
        #expect(result.status == 2)
        #expect(result.standardError.contains("Missing expected argument"))
    }

    @Test("a missing input exits 2 with one line on standard error that names its path once")
    func missingInput() throws {
        let missing = FileManager.default.temporaryDirectory.appendingPathComponent("skindelta-missing-\(UUID().uuidString)").path
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("skindelta-out-\(UUID().uuidString)").path
        for arguments in [["score", missing + ".jpg", missing + ".jpg"], ["analyze", missing + ".jpg"], ["batch", missing, "--out", out]] {
            let result = try Self.run(arguments)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.standardOutput.isEmpty, "\(arguments)")
            let lines = result.standardError.split(separator: "\n")
            #expect(lines.count == 1 && lines[0].components(separatedBy: missing).count == 2, "\(arguments): \(result.standardError)")
        }
    }

    @Test("synth writes the session tree, PNGs on request, the manifest and the ground truth")
    func synthWritesTree() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("synth-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try Self.run(["synth", "--out", folder.path, "--patients", "1", "--sessions", "2", "--repeats", "2",
                                   "--size", "160x120", "--field-width", "8", "--png", "--quiet"])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.isEmpty)
        let manifest = try String(contentsOf: folder.appendingPathComponent("manifest.csv"), encoding: .utf8)
        let rows = manifest.split(separator: "\n")
        #expect(rows.count == 5)
        #expect(rows[1] == "P001,2026-01-05,P001/s01_2026-01-05/P001_s01_r1.jpg,cheek,,20.0,,1")
        for name in ["P001/s01_2026-01-05/P001_s01_r2.jpg", "P001/s02_2026-02-02/P001_s02_r1.png", "ground_truth.json"] {
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent(name).path), "\(name)")
        }
        let picture = try ImageDecoder().decode(contentsOf: folder.appendingPathComponent("P001/s02_2026-02-02/P001_s02_r2.jpg").path)
        #expect(picture.image.size == Size(width: 160, height: 120))

        // A second run into the same folder is refused unless asked to overwrite.
        let again = try Self.run(["synth", "--out", folder.path, "--patients", "1", "--sessions", "1", "--size", "160x120", "--field-width", "8"])
        #expect(again.status == 2)
        #expect(again.standardError.contains("already holds files"))
    }

    @Test("bench pipeline times every stage of one pair, from the files to the JSON, and reports the peak memory")
    func benchPipeline() throws {
        let result = try Self.run(["bench", "pipeline", "--size", "384x288", "--runs", "1", "--json"])
        #expect(result.status == 0, "\(result.standardError)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        let rows = try #require(json["stages"] as? [[String: Any]])
        let stages = rows.compactMap { $0["stage"] as? String }
        // Two 384×288 photos as five float planes each after resampling: at least 4 MB of pixels.
        let masks = try #require(rows.first { $0["stage"] as? String == "masks and planes" })
        #expect((masks["peakImageMegabytes"] as? Double ?? 0) > 4, "\(masks)")
        for stage in ["read and hash", "decode", "align", "resample", "masks and planes", "org.skindelta.pores", "compare",
                      "report images", "JSON"] {
            #expect(stages.contains(stage), "\(stages)")
        }
        let total = try #require(json["totalMilliseconds"] as? Double)
        #expect(total > 0 && (json["peakResidentMegabytes"] as? Double ?? 0) > 0)
    }

    @Test("synth refuses bad options with one sentence and exit 2")
    func synthRefusesBadOptions() throws {
        let target = FileManager.default.temporaryDirectory.appendingPathComponent("skindelta-never-written-\(UUID().uuidString)")
        let result = try Self.run(["synth", "--out", target.path, "--size", "10x10"])
        #expect(result.status == 2)
        #expect(result.standardError.contains("photos must be at least 64×64 pixels"))
        #expect(!FileManager.default.fileExists(atPath: target.path))
    }
}
