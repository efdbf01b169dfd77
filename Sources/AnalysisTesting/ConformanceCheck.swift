/// The outcome of one conformance check.
public struct ConformanceCheck: Hashable, Sendable, Codable {
    /// Short name ("deterministic").
    public var name: String
    public var passed: Bool
    /// What was checked, or why it failed, in one sentence.
    public var detail: String

    public init(name: String, passed: Bool, detail: String) {
        self.name = name
        self.passed = passed
        self.detail = detail
    }
}
