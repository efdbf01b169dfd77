/// What a change means for the patient, given the metric's direction.
public enum Verdict: String, Hashable, Sendable, Codable, CaseIterable {
    /// The 95 % interval of the change excludes zero (and the change exceeds the MDC, when known)
    /// in the better direction.
    case improved
    /// The same, in the worse direction.
    case worsened
    /// The interval contains zero, or the change is within the minimal detectable change.
    case noDetectableChange
    /// The interval excludes zero, but the change is smaller than the metric's smallest meaningful
    /// change (``MetricDescriptor/meaningfulChangePercent``): detectable, and too small to matter.
    case noMeaningfulChange
    /// Not judged: the alignment failed, the metric is descriptive, or a photo was unusable
    /// (the comparison's reason says which).
    case notScored
}

extension Verdict {
    /// The verdict in words, for people: "improved", "worsened", "no detectable change", "no
    /// meaningful change", "not scored".
    public var words: String {
        switch self {
        case .improved: "improved"
        case .worsened: "worsened"
        case .noDetectableChange: "no detectable change"
        case .noMeaningfulChange: "no meaningful change"
        case .notScored: "not scored"
        }
    }
}
