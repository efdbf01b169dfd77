/// Why a stage of the pipeline could not give a result, with its evidence; ``description`` is one
/// sentence for a user, naming the file where there is one.
public enum PipelineError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The photo's bytes cannot be read (missing, not a file, unreadable, over the size limit).
    case unreadablePhoto(name: String, reason: String)
    /// The photo's bytes were read but cannot be decoded.
    case undecodablePhoto(name: String, reason: String)
    /// A region of interest that cannot be parsed or whose mask image cannot be read; `name` is the
    /// region's text, or the mask's file name.
    case unusableRegion(name: String, reason: String)
    /// The follow-up photo cannot be mapped onto the baseline.
    case alignmentRefused(reason: String)
    /// The pair (or photo) was read and aligned, but there is nothing to measure on it.
    case unmeasurable(reason: String)

    public var description: String {
        switch self {
        case .unreadablePhoto(let name, let reason): "\(name) cannot be read: \(reason)"
        case .undecodablePhoto(let name, let reason): "\(name) cannot be decoded: \(reason)"
        case .unusableRegion(let name, let reason): "the region of interest cannot be used: \(name): \(reason)"
        case .alignmentRefused(let reason): "alignment failed: \(reason)"
        case .unmeasurable(let reason): reason
        }
    }

    /// The reason alone, without the file's name.
    public var reason: String {
        switch self {
        case .unreadablePhoto(_, let reason), .undecodablePhoto(_, let reason), .unusableRegion(_, let reason),
             .alignmentRefused(let reason), .unmeasurable(let reason):
            reason
        }
    }
}
