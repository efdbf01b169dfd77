/// Why a file could not be turned into pixels.
///
/// Every case carries its evidence. ``description`` is one sentence for a user; wrap the error in
/// ``ImageFileError`` to name the file as well.
public enum DecodingError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No file exists at the path.
    case fileNotFound
    /// The path names a directory or another non-regular file.
    case notARegularFile
    /// The file exists but could not be read; `reason` is the system's text.
    case unreadable(reason: String)
    /// The file has no bytes.
    case empty
    /// The first bytes match no supported format (up to 8 bytes are kept).
    case unrecognizedFormat(prefix: [UInt8])
    /// A declared size is over a configured bound; nothing was allocated for pixels.
    case exceedsLimit(DecodingLimits.Kind, declared: Int, maximum: Int)
    /// The header declares a width or height of zero (or less).
    case invalidDimensions(width: Int, height: Int)
    /// The data ends before the image does. `message` is the codec's own text.
    case truncated(ImageFormat, message: String)
    /// The data is damaged: bad checksum, invalid code, impossible header field.
    case corrupt(ImageFormat, message: String)
    /// A valid variant this build cannot decode (for example 12-bit or lossless JPEG).
    case unsupported(ImageFormat, message: String)
    /// The codec ran out of memory or over its memory allowance.
    case outOfMemory(ImageFormat, message: String)

    public var description: String {
        switch self {
        case .fileNotFound:
            return "the file does not exist"
        case .notARegularFile:
            return "it is a directory or special file, not an image file"
        case .unreadable(let reason):
            return "the file could not be read (\(reason))"
        case .empty:
            return "the file is empty (0 bytes)"
        case .unrecognizedFormat(let prefix):
            let hex = prefix.map { byte in
                let digits = String(byte, radix: 16, uppercase: true)
                return digits.count == 1 ? "0" + digits : digits
            }.joined(separator: " ")
            return "it is neither a PNG nor a JPEG file (it starts with \(hex.isEmpty ? "nothing" : hex))"
        case .exceedsLimit(let kind, let declared, let maximum):
            let shown = declared == Int.max ? "more than Int.max" : (kind == .progressiveScans ? "at least \(declared)" : "\(declared)")
            return "its \(kind) (\(shown)) exceeds the limit of \(maximum)"
        case .invalidDimensions(let width, let height):
            return "its header declares an empty image (\(width)×\(height) pixels)"
        case .truncated(let format, let message):
            return "the \(format.rawValue) data ends early (\(message))"
        case .corrupt(let format, let message):
            return "the \(format.rawValue) data is corrupt (\(message))"
        case .unsupported(let format, let message):
            return "this kind of \(format.rawValue) is not supported (\(message))"
        case .outOfMemory(let format, let message):
            return "decoding the \(format.rawValue) ran out of memory (\(message))"
        }
    }
}

/// A ``DecodingError`` together with the file it happened to.
public struct ImageFileError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The path as the user gave it.
    public var path: String
    /// The reason.
    public var error: DecodingError

    public init(path: String, error: DecodingError) {
        self.path = path
        self.error = error
    }

    /// One sentence naming the file and the reason, e.g.
    /// `Cannot read “a.jpg”: the JPEG data ends early (Premature end of JPEG file).`
    public var description: String { "Cannot read “\(path)”: \(error)." }
}
