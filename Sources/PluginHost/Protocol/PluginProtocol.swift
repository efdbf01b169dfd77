/// The versions of the worker protocol (specified in the PluginProtocol article) and how a
/// plugin's version is accepted or refused.
public enum PluginProtocol {
    /// The version this SkinDelta speaks best.
    public static let currentVersion = 1
    /// Every version this SkinDelta still speaks, newest first. A plugin written for any of them
    /// keeps working; older or newer ones are refused before they are started.
    public static let supportedVersions = [1]

    /// Why a manifest's `protocolVersion` cannot be used, or nil when it can.
    public static func refusal(manifestVersion version: Int) -> String? {
        if supportedVersions.contains(version) { return nil }
        let spoken = supportedVersions.sorted().map(String.init).joined(separator: ", ")
        if version > supportedVersions.max()! {
            return "it speaks plugin protocol version \(version), newer than this skindelta speaks (\(spoken)); update skindelta or use a plugin release for protocol \(supportedVersions.max()!)"
        }
        return "it speaks plugin protocol version \(version), which this skindelta no longer speaks (it speaks \(spoken)); update the plugin"
    }
}
