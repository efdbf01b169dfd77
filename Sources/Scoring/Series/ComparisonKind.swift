/// What a photo is compared against.
public enum ComparisonKind: String, Hashable, Sendable, Codable, CaseIterable {
    /// A later session against the patient's first session (of the same view).
    case baseline
    /// A session against the one before it (from the third session on).
    case previous
    /// A further capture of a session against its first capture: the measurement noise.
    case `repeat`
}
