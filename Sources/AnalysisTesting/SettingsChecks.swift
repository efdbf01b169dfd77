public import AnalysisKit

/// Checks of an analyzer's settings for its own tests: that the stored form round-trips and that
/// documents saved by older revisions still load.
public enum SettingsChecks {
    /// Whether `settings` survive being stored and read back unchanged.
    public static func roundTrips<Settings: AnalyzerSettings>(_ settings: Settings) throws -> Bool {
        try SettingsDocument(encoding: settings).decode(Settings.self) == settings
    }

    /// Reads a document saved at an older `revision` with `members`, through the analyzer's
    /// migration, as the registry would.
    public static func migrate<Settings: AnalyzerSettings>(_ members: [String: JSONValue], from revision: Int,
                                                           to type: Settings.Type) throws -> Settings {
        try SettingsDocument(revision: revision, members: members).decode(type)
    }
}
