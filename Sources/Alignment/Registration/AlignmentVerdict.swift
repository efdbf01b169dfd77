/// Whether an alignment can be trusted.
public enum AlignmentVerdict: Sendable, Equatable, Hashable {
    /// The transform was found and checked: compare the photos.
    case aligned
    /// A transform was found but something about it is unusual (an extreme transform, weak
    /// correlation, small overlap, slow convergence); compare with care. The reason says what.
    case lowConfidence(reason: String)
    /// No trustworthy transform: the photos show different scenes, do not overlap, or lack
    /// texture. The reason says which. Never compare such a pair.
    case failed(reason: String)

    /// `aligned`, `lowConfidence` or `failed`.
    public var name: String {
        switch self {
        case .aligned: "aligned"
        case .lowConfidence: "lowConfidence"
        case .failed: "failed"
        }
    }

    /// Why the verdict is not `aligned`; nil when it is.
    public var reason: String? {
        switch self {
        case .aligned: nil
        case .lowConfidence(let reason), .failed(let reason): reason
        }
    }

    /// True unless `failed`.
    public var isUsable: Bool {
        if case .failed = self { return false }
        return true
    }
}
