/// Why pixels could not be encoded.
public enum EncodingError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The request cannot be written in that format; `message` says why.
    case invalidRequest(message: String)
    /// The encoder ran out of memory.
    case outOfMemory

    public var description: String {
        switch self {
        case .invalidRequest(let message): "the image cannot be encoded (\(message))"
        case .outOfMemory: "encoding ran out of memory"
        }
    }
}
