import Foundation
import Testing

@Suite("skindelta batch with plugins")
struct PluginBatchTests {
    static let worker = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("PluginHostTests/Fixtures/test_worker.py").path

    /// A folder of plugins running the test worker in each `mode` (id org.example.<mode>), plus one
    /// declaring protocol version 99.
    static func plugins(_ modes: [String]) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("skindelta-plugins-\(UUID().uuidString)")
        for (mode, version) in modes.map({ ($0, 1) }) + [("future", 99)] {
            let folder = root.appendingPathComponent(mode)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let manifest = """
            {"protocolVersion": \(version), "id": "org.example.\(mode)", "name": "Test \(mode)", "summary": "Test worker (\(mode)).",
             "version": "1.0.0", "command": ["python3", "\(worker)", "\(mode == "future" ? "good" : mode)"], "inputs": ["L"],
             "timeoutSeconds": 2, "metrics": [{"id": "meanLightness", "name": "Mean L*", "unit": "L*",
             "direction": "higherIsBetter", "description": "Mean L* over the mask."}],
             "settings": {"revision": 1, "members": {"offset": {"type": "number", "default": 0}}}}
            """
            try Data(manifest.utf8).write(to: folder.appendingPathComponent("skindelta-plugin.json"))
        }
        return root
    }

    @Test("crashing, hanging and garbage-writing plugins fail with their reasons, a protocol-99 plugin is refused, the rest is scored")
    func isolation() throws {
        let folder = try BatchCommandTests.dataSet()
        let plugins = try Self.plugins(["good", "crash", "hang", "garbage"])
        defer {
            try? FileManager.default.removeItem(at: folder)
            try? FileManager.default.removeItem(at: plugins)
        }
        let out = folder.appendingPathComponent("out")
        let listed = try CommandLineTests.run(["analyzers", "--plugins", plugins.path])
        #expect(listed.standardOutput.contains("org.example.good 1.0.0"))
        #expect(listed.standardOutput.contains("refused: plugin org.example.future is not used: it speaks plugin protocol version 99"))

        let start = Date()
        let result = try CommandLineTests.run([
            "batch", folder.appendingPathComponent("data").path, "--out", out.path, "--plugins", plugins.path, "--quiet",
            "--analyzers", "org.skindelta.redness,org.example.good,org.example.crash,org.example.hang,org.example.garbage",
        ])
        #expect(result.status == 1, "\(result.standardError)")
        #expect(Date().timeIntervalSince(start) < 120)

        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("results.json"))) as! [String: Any]
        let failures = (json["failures"] as! [[String: Any]]).map { $0["reason"] as! String }
        #expect(failures.contains { $0.hasPrefix("plugin org.example.future is not used: it speaks plugin protocol version 99") })
        #expect(failures.contains { $0.hasPrefix("analyzer org.example.crash failed: the plugin closed its output (exit status 3)") })
        #expect(failures.contains { $0.hasPrefix("analyzer org.example.hang failed: the plugin did not answer within 2 s") })
        #expect(failures.contains { $0.contains("analyzer org.example.garbage failed: the plugin wrote bytes that are not a protocol frame") })

        var comparisons = 0
        for patient in json["patients"] as! [[String: Any]] {
            for view in patient["views"] as! [[String: Any]] {
                for comparison in view["comparisons"] as! [[String: Any]] {
                    comparisons += 1
                    let metrics = comparison["metrics"] as! [[String: Any]]
                    let analyzers = Set(metrics.map { $0["analyzer"] as! String })
                    #expect(analyzers == ["org.skindelta.redness", "org.example.good"])
                    let failed = (comparison["failedMetrics"] as? [[String: Any]] ?? []).map { $0["analyzer"] as! String }
                    #expect(failed == ["org.example.crash", "org.example.garbage", "org.example.hang"])  // plugin folders in name order
                }
            }
        }
        #expect(comparisons == 9)

        let csv = try String(contentsOf: out.appendingPathComponent("results.csv"), encoding: .utf8)
        #expect(csv.split(separator: "\n").filter { $0.contains(",org.example.good,meanLightness,Mean L*,L*,higherIsBetter,") }.count == 9)
        #expect(csv.split(separator: "\n").filter { $0.contains(",org.example.hang,meanLightness,") && $0.contains(",failed,") }.count == 9)
        let report = try String(contentsOf: out.appendingPathComponent("patients/P001/report.html"), encoding: .utf8)
        #expect(report.contains("<td title=\"Mean L* over the mask.\">Mean L*</td>"), "the plugin's display name and description")
        #expect(report.contains("data-claim=\"org.example.good/good\""), "a plugin without claims gets a summary card of its own")
        #expect(report.contains("<td class=\"failed\">failed</td><td class=\"hide-narrow\">the plugin did not answer within 2 s"))
    }
}
