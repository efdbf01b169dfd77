import Foundation
import Testing

@Suite("skindelta score")
struct ScoreCommandTests {
    /// Writes a small synthetic data set (2 patients × 2 sessions, 480×360 at 20 px/mm) and returns
    /// the photo paths by patient, sessions in order.
    static func sessions(in folder: URL) throws -> [[String]] {
        let made = try CommandLineTests.run(["synth", "--out", folder.path, "--patients", "2", "--sessions", "2",
                                             "--size", "480x360", "--field-width", "24"])
        #expect(made.status == 0, "\(made.standardError)")
        var out: [[String]] = []
        for patient in ["P001", "P002"] {
            let root = folder.appendingPathComponent(patient)
            let sessions = try FileManager.default.contentsOfDirectory(atPath: root.path).sorted()
            out.append(try sessions.map { session in
                let dir = root.appendingPathComponent(session)
                let file = try #require(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted().first { $0.hasSuffix(".jpg") })
                return dir.appendingPathComponent(file).path
            })
        }
        return out
    }

    @Test("a follow-up is scored with intervals and verdicts; the JSON is the same bytes on every run")
    func scored() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("skindelta-score-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let photos = try Self.sessions(in: folder)
        let arguments = ["score", photos[0][0], photos[0][1], "--json", "--pixels-per-mm", "20"]
        let first = try CommandLineTests.run(arguments)
        #expect(first.status == 0, "\(first.standardError)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(first.standardOutput.utf8)) as? [String: Any])
        let alignment = try #require(json["alignment"] as? [String: Any])
        #expect(["aligned", "lowConfidence"].contains(alignment["verdict"] as? String ?? ""))
        let metrics = try #require(json["metrics"] as? [[String: Any]])
        #expect(metrics.count == 28)
        for metric in metrics {
            let low = try #require(metric["ciLow"] as? Double), high = try #require(metric["ciHigh"] as? Double)
            let delta = try #require(metric["delta"] as? Double)
            #expect(low <= delta && delta <= high)
            #expect(["improved", "worsened", "noDetectableChange", "noMeaningfulChange", "notScored"].contains(metric["verdict"] as? String ?? ""))
            #expect(metric["analyzer"] is String && metric["unit"] is String && metric["direction"] is String)
        }
        let score = try #require(json["score"] as? [String: Any])
        #expect(score["value"] is Double && score["verdict"] is String)
        let second = try CommandLineTests.run(arguments)
        #expect(second.standardOutput == first.standardOutput)
        // The table: display names, fixed-point numbers rounded to their intervals, verdicts in words.
        let table = try CommandLineTests.run(["score", photos[0][0], photos[0][1], "--pixels-per-mm", "20"])
        #expect(table.status == 0)
        #expect(table.standardOutput.contains("\nPore density ") && table.standardOutput.contains("\nMean a* "), "\(table.standardOutput)")
        #expect(!table.standardOutput.contains("e-0") && !table.standardOutput.contains("noDetectableChange"), "\(table.standardOutput)")
    }

    @Test("photos that cannot be registered: compared unregistered and labelled, or refused with --require-registration")
    func differentSkin() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("skindelta-score-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let photos = try Self.sessions(in: folder)
        let compared = try CommandLineTests.run(["score", photos[0][0], photos[1][1], "--json"])
        #expect(compared.status == 0, "\(compared.standardError)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(compared.standardOutput.utf8)) as? [String: Any])
        #expect(object["registration"] as? String == "unregistered")
        let alignment = try #require(object["alignment"] as? [String: Any])
        #expect(alignment["verdict"] as? String == "failed")
        #expect((object["warnings"] as? [String])?.contains { $0.hasPrefix("not registered (") } == true)
        let metrics = try #require(object["metrics"] as? [[String: Any]])
        let lStar = try #require(metrics.first { $0["metric"] as? String == "lStarSD" })
        #expect(lStar["verdict"] as? String == "notScored" && (lStar["reason"] as? String)?.hasPrefix("not judged without registration") == true)
        let text = try CommandLineTests.run(["score", photos[0][0], photos[1][1]])
        #expect(text.standardOutput.contains("comparison: unregistered"))

        let result = try CommandLineTests.run(["score", photos[0][0], photos[1][1], "--json", "--require-registration"])
        #expect(result.status == 1)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        #expect(json["registration"] == nil)
        let score = try #require(json["score"] as? [String: Any])
        #expect(score["verdict"] as? String == "notScored")
        #expect((score["reason"] as? String)?.contains("alignment failed") == true)
    }
}
