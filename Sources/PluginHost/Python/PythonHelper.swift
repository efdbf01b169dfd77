import Foundation

/// The Python helper, `skindelta_plugin.py`: the worker side of the protocol in one file that
/// needs only numpy. `skindelta plugins new --python` writes it into a new plugin's folder.
public enum PythonHelper {
    /// The file name researchers import (`import skindelta_plugin as sd`).
    public static let fileName = "skindelta_plugin.py"

    /// The resource bundle SwiftPM builds for this module, next to the executable.
    public static let bundleName = "SkinDelta_PluginHost.resources"

    /// The file's text, read from the module's resources (`Sources/PluginHost/Python/`, the one
    /// copy of it; the Python example links to it). A build installed without its resource
    /// bundle gets an error saying so, never a trap.
    public static func source() throws(PluginError) -> String {
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath().deletingLastPathComponent()
        var candidates = [Bundle.main.bundleURL.appendingPathComponent(bundleName), executable.appendingPathComponent(bundleName)]
            .map { $0.appendingPathComponent(fileName) }
        // A development checkout: the source file itself.
        candidates.append(URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(fileName))
        for url in candidates {
            if let data = FileManager.default.contents(atPath: url.path), let text = String(data: data, encoding: .utf8) { return text }
        }
        throw .helperMissing(reason: "\(fileName) is not in \(bundleName) beside the skindelta executable; install the executable with its resource folder")
    }
}
