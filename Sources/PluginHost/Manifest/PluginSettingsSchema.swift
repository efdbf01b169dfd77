public import AnalysisKit

/// The settings a plugin accepts, declared in its manifest: a revision number and, per member, a
/// type, a default and optional bounds. SkinDelta checks a settings document against it and sends
/// the plugin complete settings (defaults filled in) with every request.
public struct PluginSettingsSchema: Hashable, Sendable, Codable {
    /// One setting.
    public struct Member: Hashable, Sendable, Codable {
        public enum Kind: String, Hashable, Sendable, Codable {
            case number, integer, boolean, string
        }

        public var type: Kind
        public var `default`: JSONValue
        public var minimum: Double?
        public var maximum: Double?
        /// Allowed values of a string setting.
        public var `enum`: [String]?
        public var description: String?

        public init(type: Kind, default value: JSONValue, minimum: Double? = nil, maximum: Double? = nil,
                    enum allowed: [String]? = nil, description: String? = nil) {
            self.type = type
            self.default = value
            self.minimum = minimum
            self.maximum = maximum
            self.enum = allowed
            self.description = description
        }

        /// Why `value` is not acceptable, or nil.
        func problem(with value: JSONValue) -> String? {
            switch (type, value) {
            case (.number, .number(let x)), (.integer, .number(let x)):
                if !x.isFinite { return "is not a finite number" }
                if type == .integer, x.rounded() != x { return "is not a whole number" }
                if let minimum, x < minimum { return "is below the minimum \(minimum)" }
                if let maximum, x > maximum { return "is above the maximum \(maximum)" }
                return nil
            case (.boolean, .bool):
                return nil
            case (.string, .string(let text)):
                if let allowed = self.enum, !allowed.contains(text) { return "is not one of \(allowed.joined(separator: ", "))" }
                return nil
            default:
                return "should be a \(type.rawValue)"
            }
        }
    }

    /// Bumped whenever the meaning of the stored settings changes.
    public var revision: Int
    public var members: [String: Member]

    public init(revision: Int = 1, members: [String: Member] = [:]) {
        self.revision = revision
        self.members = members
    }

    /// The defaults as a settings document.
    public var defaults: SettingsDocument {
        SettingsDocument(revision: revision, members: members.mapValues(\.default))
    }

    /// Checks that the revision is positive and every default satisfies its own member.
    func check() throws(AnalysisError) {
        guard revision >= 1 else { throw .invalidSettings(reason: "the settings revision must be 1 or more") }
        for name in members.keys.sorted() {
            if let problem = members[name]!.problem(with: members[name]!.default) {
                throw .invalidSettings(reason: "the default of “\(name)” \(problem)")
            }
        }
    }

    /// The complete current-revision settings for `document` (defaults when nil): members it does
    /// not set come from the defaults; unknown members, wrong types, values out of bounds and
    /// revisions newer than ``revision`` are refused. Older revisions are accepted when their
    /// members still exist unchanged.
    public func resolve(_ document: SettingsDocument?) throws(AnalysisError) -> SettingsDocument {
        guard let document else { return defaults }
        guard document.revision >= 1 else {
            throw .invalidSettings(reason: "settings revision \(document.revision) is not a positive number")
        }
        guard document.revision <= revision else {
            throw .invalidSettings(reason: "the settings are revision \(document.revision), newer than this plugin's revision \(revision)")
        }
        var merged = defaults.members
        for name in document.members.keys.sorted() {
            guard let member = members[name] else {
                throw .invalidSettings(reason: "unknown setting “\(name)” (known: \(members.keys.sorted().joined(separator: ", ")))")
            }
            let value = document.members[name]!
            if let problem = member.problem(with: value) { throw .invalidSettings(reason: "“\(name)” \(problem)") }
            merged[name] = value
        }
        return SettingsDocument(revision: revision, members: merged)
    }
}
