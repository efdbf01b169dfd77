import Foundation

/// Plugin folders written for tests: a manifest and a worker script (Python standard library only).
enum PluginFixtures {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static let worker = repository.appendingPathComponent("Tests/PluginHostTests/Fixtures/test_worker.py").path

    /// A manifest for the test worker in `mode` (good, crash, hang, garbage, badhello, wrongid, error).
    static func manifest(id: String, protocolVersion: Int = 1, timeoutSeconds: Double = 20, mode: String = "good") -> String {
        """
        {"protocolVersion": \(protocolVersion), "id": "\(id)", "name": "Test plugin", "summary": "A plugin for tests.",
         "version": "1.0.0", "command": ["python3", "\(worker)", "\(mode)"], "inputs": ["L"], "timeoutSeconds": \(timeoutSeconds),
         "startupTimeoutSeconds": 20,
         "metrics": [{"id": "meanLightness", "name": "Mean L*", "unit": "L*", "direction": "higherIsBetter",
                      "description": "Mean L* over the mask."}],
         "settings": {"revision": 1, "members": {"offset": {"type": "number", "default": 0}}}}
        """
    }

    /// A new folder holding `manifest` and, when given, `worker.py` with `script`.
    static func folder(manifest: String, script: String?) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("skindelta-plugin-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data(manifest.utf8).write(to: folder.appendingPathComponent("skindelta-plugin.json"))
        if let script { try Data(script.utf8).write(to: folder.appendingPathComponent("worker.py")) }
        return folder
    }
}
