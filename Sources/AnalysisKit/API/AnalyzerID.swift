/// The stable identity of an analyzer: a reverse-DNS name such as `org.skindelta.pores`.
///
/// Lower-case letters, digits and hyphens in at least two dot-separated parts, each starting with
/// a letter. The id names the analyzer in settings files, results and reports, so it never changes
/// once published; the algorithm's changes are tracked by ``AnalyzerDescriptor/version``.
public struct AnalyzerID: Hashable, Comparable, Sendable, Codable, CustomStringConvertible,
    ExpressibleByStringLiteral {
    public let rawValue: String

    /// Validates `rawValue`; returns nil when it is not a reverse-DNS id.
    public init?(validating rawValue: String) {
        guard Self.isValid(rawValue) else { return nil }
        self.rawValue = rawValue
    }

    /// An id written in source code. Invalid literals are caught by the registry, which refuses
    /// them with a reason before anything runs.
    public init(stringLiteral value: String) {
        rawValue = value
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard Self.isValid(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "“\(text)” is not a reverse-DNS analyzer id")
        }
        rawValue = text
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var description: String { rawValue }

    public static func < (lhs: AnalyzerID, rhs: AnalyzerID) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Whether `text` is a reverse-DNS id (see the type's description).
    public static func isValid(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count >= 2, text.utf8.count <= 128 else { return false }
        return parts.allSatisfy { part in
            guard let first = part.utf8.first, (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(first) else { return false }
            return part.utf8.allSatisfy { c in
                (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(c) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(c)
                    || c == UInt8(ascii: "-")
            }
        }
    }
}
