import Foundation

/// An analyzer's settings: plain `Codable` values with defaults, a revision number and a migration
/// from older revisions (CellProfiler's `variable_revision_number`).
///
/// The stored form is a ``SettingsDocument``: the revision plus the encoded members. Every member
/// must have a default (``init()``), so a document may set only the members it changes; the
/// registry refuses members the settings do not have.
public protocol AnalyzerSettings: Codable, Sendable, Equatable {
    /// Bumped whenever the stored form changes.
    static var revision: Int { get }

    /// The defaults.
    init()

    /// Converts the members of a document saved at an older `revision` to the current form.
    /// The default implementation accepts documents whose members still exist unchanged.
    static func migrate(_ members: [String: JSONValue], from revision: Int) throws -> [String: JSONValue]
}

extension AnalyzerSettings {
    public static func migrate(_ members: [String: JSONValue], from revision: Int) throws -> [String: JSONValue] {
        members
    }

    /// The member names of the encoded defaults.
    static var memberNames: Set<String> {
        (try? SettingsDocument(encoding: Self()).members.keys).map(Set.init) ?? []
    }
}

/// The stored form of settings: `{"revision": 2, "members": {...}}`.
public struct SettingsDocument: Hashable, Sendable, Codable {
    public var revision: Int
    public var members: [String: JSONValue]

    public init(revision: Int, members: [String: JSONValue] = [:]) {
        self.revision = revision
        self.members = members
    }

    /// The document of `settings` at its current revision.
    public init<Settings: AnalyzerSettings>(encoding settings: Settings) throws {
        let data = try JSONEncoder().encode(settings)
        guard case .object(let members) = try JSONDecoder().decode(JSONValue.self, from: data) else {
            throw AnalysisError.invalidSettings(reason: "settings must encode as a JSON object")
        }
        self.init(revision: Settings.revision, members: members)
    }

    /// Decodes `Settings` from this document: migrates older revisions, refuses newer ones and
    /// unknown members, and fills members the document leaves out from the defaults.
    public func decode<Settings: AnalyzerSettings>(_ type: Settings.Type) throws -> Settings {
        guard revision <= Settings.revision else {
            throw AnalysisError.invalidSettings(
                reason: "the settings are revision \(revision), newer than this analyzer's revision \(Settings.revision)")
        }
        guard revision >= 1 else {
            throw AnalysisError.invalidSettings(reason: "settings revision \(revision) is not a positive number")
        }
        let migrated = revision < Settings.revision ? try Settings.migrate(members, from: revision) : members
        let known = Settings.memberNames
        if let unknown = migrated.keys.sorted().first(where: { !known.contains($0) }) {
            throw AnalysisError.invalidSettings(
                reason: "unknown setting “\(unknown)” (known: \(known.sorted().joined(separator: ", ")))")
        }
        var merged = try SettingsDocument(encoding: Settings()).members
        for (key, value) in migrated { merged[key] = value }
        do {
            let data = try JSONEncoder().encode(JSONValue.object(merged))
            return try JSONDecoder().decode(Settings.self, from: data)
        } catch {
            throw AnalysisError.invalidSettings(reason: "a setting has the wrong type (\(Self.describe(error)))")
        }
    }

    static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context),
             DecodingError.dataCorrupted(let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return path.isEmpty ? context.debugDescription : "\(path): \(context.debugDescription)"
        default:
            return String(describing: error)
        }
    }
}
