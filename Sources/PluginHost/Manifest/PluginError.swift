public import AnalysisKit

/// Why a plugin cannot be used. Each case reads as one sentence naming the plugin or its manifest.
public enum PluginError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The manifest is missing, unreadable or declares something invalid.
    case invalidManifest(file: String, reason: String)
    /// The plugin speaks a protocol version this SkinDelta does not.
    case unsupportedProtocol(id: AnalyzerID, reason: String)
    /// Another analyzer already has the plugin's id.
    case duplicateID(id: AnalyzerID, folder: String)
    /// The Python helper that `plugins new --python` copies is not installed with this executable.
    case helperMissing(reason: String)

    public var description: String {
        switch self {
        case .invalidManifest(let file, let reason): "\(file): the plugin manifest cannot be used: \(reason)"
        case .unsupportedProtocol(let id, let reason): "plugin \(id) is not used: \(reason)"
        case .duplicateID(let id, let folder): "plugin \(id) in \(folder) is not used: another analyzer already has that id"
        case .helperMissing(let reason): "the Python plugin helper cannot be found: \(reason)"
        }
    }
}
