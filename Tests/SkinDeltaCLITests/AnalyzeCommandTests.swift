import Foundation
import ImageCodec
import ImageCore
import Testing

@Suite("skindelta analyzers and analyze")
struct AnalyzeCommandTests {
    @Test("analyzers --json lists the five built-in analyzers with their claims, and names, units and directions")
    func listing() throws {
        let result = try CommandLineTests.run(["analyzers", "--json"])
        #expect(result.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        let analyzers = try #require(json["analyzers"] as? [[String: Any]])
        #expect(analyzers.compactMap { $0["id"] as? String } == [
            "org.skindelta.pigmentation", "org.skindelta.pores", "org.skindelta.scar-texture", "org.skindelta.redness",
            "org.skindelta.fine-lines",
        ])
        for analyzer in analyzers {
            let metrics = try #require(analyzer["metrics"] as? [[String: Any]])
            #expect(!metrics.isEmpty)
            let claims = try #require(analyzer["claims"] as? [[String: Any]])
            let ids = Set(metrics.compactMap { $0["id"] as? String })
            #expect(!claims.isEmpty && claims.allSatisfy { ids.contains($0["headlineMetric"] as? String ?? "") && $0["description"] is String })
            for metric in metrics {
                #expect((metric["name"] as? String)?.isEmpty == false)
                #expect((metric["unit"] as? String)?.isEmpty == false)
                #expect(["lowerIsBetter", "higherIsBetter", "neutral"].contains(metric["direction"] as? String ?? ""))
            }
        }
    }

    /// A small skin-coloured picture with a few dark dots and a backdrop strip.
    static func photo() -> Image<RGB8> {
        var state: UInt64 = 42
        func noise() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(state >> 60) - 8
        }
        return Image(size: Size(width: 200, height: 150), pixels: (0..<30_000).map { i in
            let x = i % 200, y = i / 200
            if x >= 180 { return RGB8(red: 30, green: 40, blue: 60) }
            let dot = (x % 25 - 12) * (x % 25 - 12) + (y % 25 - 12) * (y % 25 - 12) <= 4
            let n = noise()
            let base = dot ? -40 : 0
            return RGB8(red: UInt8(clamping: 205 + base + n), green: UInt8(clamping: 160 + base + n), blue: UInt8(clamping: 135 + base + n))
        })
    }

    /// ``photo()`` as PNG in a fresh temporary folder: the folder and the file's path.
    static func writePhoto() throws -> (folder: URL, path: String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("skindelta-analyze-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("photo.png").path
        try Data(try PNGEncoder().encode(Self.photo())).write(to: URL(fileURLWithPath: path))
        return (folder, path)
    }

    @Test("analyze --json reports quality and every metric; unknown files and bad regions fail with a reason")
    func analyze() throws {
        let (folder, path) = try Self.writePhoto()
        defer { try? FileManager.default.removeItem(at: folder) }

        let result = try CommandLineTests.run(["analyze", path, "--json", "--pixels-per-mm", "10"])
        #expect(result.status == 0, "\(result.standardError)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        let quality = try #require(json["quality"] as? [String: Any])
        #expect((quality["skinPercent"] as? Double).map { $0 > 80 && $0 < 95 } == true)
        let metrics = try #require(json["metrics"] as? [[String: Any]])
        #expect(metrics.count == 28)
        #expect(metrics.allSatisfy { $0["analyzer"] is String && $0["metric"] is String && $0["unit"] is String && $0["value"] is Double })

        let unscaled = try CommandLineTests.run(["analyze", path, "--json", "--analyzers", "org.skindelta.pores"])
        #expect(unscaled.status == 0)
        #expect(unscaled.standardOutput.contains("\"\\/MP\"") || unscaled.standardOutput.contains("\"/MP\""))

        let missing = try CommandLineTests.run(["analyze", folder.appendingPathComponent("nothing.jpg").path])
        #expect(missing.status == 2 && missing.standardError.contains("nothing.jpg"))
        let badRegion = try CommandLineTests.run(["analyze", path, "--roi", "rect:1,2"])
        #expect(badRegion.status == 2 && badRegion.standardError.contains("rect:"))
        let tooSmall = try CommandLineTests.run(["analyze", path, "--roi", "rect:0,0,10,10"])
        #expect(tooSmall.status == 1 && tooSmall.standardError.contains("pixels of skin"))
        #expect(json["skinRule"] as? String == "colourGate")
    }

    @Test("analyze --skin-rule whole-frame keeps at least the hue gate's skin and says so; an unknown rule exits 2 with one sentence")
    func skinRule() throws {
        let (folder, path) = try Self.writePhoto()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try CommandLineTests.run(["analyze", path, "--json", "--skin-rule", "whole-frame", "--analyzers", "org.skindelta.redness"])
        #expect(result.status == 0, "\(result.standardError)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        #expect(json["skinRule"] as? String == "wholeFrame")
        #expect((json["notes"] as? [String])?.contains { $0.contains("whole-frame rule") } == true)
        let quality = try #require(json["quality"] as? [String: Any])
        let gated = try #require(try JSONSerialization.jsonObject(with: Data(try CommandLineTests.run(["analyze", path, "--json", "--analyzers", "org.skindelta.redness"]).standardOutput.utf8)) as? [String: Any])
        let gatedSkin = try #require((gated["quality"] as? [String: Any])?["skinPercent"] as? Double)
        #expect((quality["skinPercent"] as? Double).map { $0 >= gatedSkin } == true)
        let unknown = try CommandLineTests.run(["analyze", path, "--skin-rule", "everything"])
        #expect(unknown.status == 2 && unknown.standardError.contains("--skin-rule must be colour-gate, whole-frame or auto"))
        let batch = try CommandLineTests.run(["batch", folder.path, "--out", folder.appendingPathComponent("out").path, "--skin-rule", "none"])
        #expect(batch.status == 2 && batch.standardError.contains("--skin-rule must be"))
    }
}
