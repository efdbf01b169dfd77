import AnalysisKit
import Foundation
@testable import PluginHost
import Testing

@Suite("Plugin manifests")
struct PluginManifestTests {
    @Test("The Python example's manifest loads, and the catalog finds it without starting it")
    func exampleManifest() throws {
        let folder = PluginFixtures.repository.appendingPathComponent("Plugins/Examples/PythonRoughness")
        let manifest = try PluginManifest.load(folder: folder)
        #expect(manifest.id == "org.example.python-roughness")
        #expect(manifest.inputs == [.l])
        #expect(manifest.settings.defaults.members["windowPixels"] == .number(9))
        #expect(manifest.descriptor.reportedClaims.map(\.headlineMetric) == ["roughness"])
        #expect(manifest.descriptor.reportedClaims.first?.name == "Smoothness (Python)")
        let catalog = PluginCatalog(paths: [folder.deletingLastPathComponent().path], environment: [:])
        #expect(catalog.plugins.map(\.manifest.id).contains("org.example.python-roughness"))
    }

    @Test("Manifest errors name the file and the reason")
    func manifestErrors() throws {
        let folder = try PluginFixtures.folder(manifest: #"{"protocolVersion": 1, "id": "org.example.x", "name": "X"}"#, script: nil)
        do {
            _ = try PluginManifest.load(folder: folder)
            Issue.record("a manifest without a summary was accepted")
        } catch {
            #expect("\(error)".contains(PluginManifest.fileName))
            #expect("\(error)".contains("“summary” is missing"))
        }
        let version = try PluginFixtures.folder(manifest: PluginFixtures.manifest(id: "org.example.future", protocolVersion: 99), script: nil)
        do {
            _ = try PluginManifest.load(folder: version)
            Issue.record("protocol version 99 was accepted")
        } catch {
            #expect("\(error)" == "plugin org.example.future is not used: it speaks plugin protocol version 99, newer than this skindelta speaks (1); update skindelta or use a plugin release for protocol 1")
        }
    }

    @Test("Claims name declared metrics with a direction; one that does not is refused with the reason")
    func claims() throws {
        func manifest(_ claims: String) -> Data {
            let head: String = #"{"protocolVersion": 1, "id": "org.example.c", "name": "C", "summary": "S.", "version": "1.0.0", "command": ["true"],"#
            let metrics: String = #" "metrics": [{"id": "m", "name": "M", "unit": "1", "direction": "lowerIsBetter", "description": "D."},"#
                + #" {"id": "n", "name": "N", "unit": "1", "direction": "neutral", "description": "D."}], "claims": "#
            return Data((head + metrics + claims + "}").utf8)
        }
        let good = try PluginManifest.decode(manifest(#"[{"id": "c", "name": "C", "description": "D.", "headlineMetric": "m", "metrics": ["m", "n"]}]"#),
                                             file: "good.json")
        #expect(good.descriptor.claims.map(\.metrics) == [["m", "n"]])
        let none = try PluginManifest.decode(manifest("[]"), file: "none.json")
        #expect(none.descriptor.reportedClaims.map(\.name) == ["C"], "no claims: the plugin is one claim named after it")
        for (claims, reason) in [
            (#"[{"id": "c", "name": "C", "description": "D.", "headlineMetric": "x", "metrics": []}]"#, "names “x” as its headline"),
            (#"[{"id": "c", "name": "C", "description": "D.", "headlineMetric": "n", "metrics": []}]"#, "names “n” as its headline"),
            (#"[{"id": "c", "name": "C", "description": "D.", "headlineMetric": "m", "metrics": ["y"]}]"#, "lists “y”"),
            (#"[{"id": "C-1", "name": "C", "description": "D.", "headlineMetric": "m", "metrics": []}]"#, "is not lower camel case"),
            (#"[{"id": "c", "name": "", "description": "D.", "headlineMetric": "m", "metrics": []}]"#, "needs a name and a description"),
        ] {
            #expect {
                _ = try PluginManifest.decode(manifest(claims), file: "bad.json")
            } throws: { error in
                "\(error)".contains("bad.json") && "\(error)".contains(reason)
            }
        }
    }

    @Test("Settings are checked against the manifest's schema")
    func settingsSchema() throws {
        let schema = PluginSettingsSchema(revision: 2, members: [
            "side": .init(type: .integer, default: .number(9), minimum: 3, maximum: 99),
            "mode": .init(type: .string, default: .string("fast"), enum: ["fast", "exact"]),
        ])
        #expect(try schema.resolve(nil) == SettingsDocument(revision: 2, members: ["side": .number(9), "mode": .string("fast")]))
        #expect(try schema.resolve(SettingsDocument(revision: 1, members: ["side": .number(11)])).members["side"] == .number(11))
        #expect(throws: AnalysisError.self) { try schema.resolve(SettingsDocument(revision: 3)) }
        #expect(throws: AnalysisError.self) { try schema.resolve(SettingsDocument(revision: 2, members: ["side": .number(2)])) }
        #expect(throws: AnalysisError.self) { try schema.resolve(SettingsDocument(revision: 2, members: ["side": .number(9.5)])) }
        #expect(throws: AnalysisError.self) { try schema.resolve(SettingsDocument(revision: 2, members: ["mode": .string("slow")])) }
        #expect(throws: AnalysisError.self) { try schema.resolve(SettingsDocument(revision: 2, members: ["other": .bool(true)])) }
    }
}

@Suite("Python helper")
struct PythonHelperTests {
    @Test("The helper ships once, as a resource beside the executable; the Python example links to it")
    func oneCopy() throws {
        let example = PluginFixtures.repository.appendingPathComponent("Plugins/Examples/PythonRoughness/\(PythonHelper.fileName)")
        let resource = PluginFixtures.repository.appendingPathComponent("Sources/PluginHost/Python/\(PythonHelper.fileName)")
        #expect(example.resolvingSymlinksInPath().path == resource.resolvingSymlinksInPath().path)
        let bundled = Bundle.main.bundleURL.appendingPathComponent(PythonHelper.bundleName).appendingPathComponent(PythonHelper.fileName)
        #expect(FileManager.default.fileExists(atPath: bundled.path), "\(bundled.path) was not built")
        #expect(try PythonHelper.source() == String(contentsOf: resource, encoding: .utf8))
    }
}
