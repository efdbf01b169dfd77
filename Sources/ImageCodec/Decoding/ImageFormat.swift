/// An encoded image format SkinDelta reads, recognised by its signature (never by file name).
public enum ImageFormat: String, Sendable, Codable, CaseIterable {
    case png = "PNG"
    case jpeg = "JPEG"

    /// The format whose signature starts `bytes`, or `nil`.
    ///
    /// PNG: the eight bytes `89 50 4E 47 0D 0A 1A 0A`. JPEG: `FF D8 FF` (SOI followed by a marker).
    public static func detect(_ bytes: UnsafeRawBufferPointer) -> ImageFormat? {
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        if bytes.count >= 8, zip(bytes.prefix(8), png).allSatisfy({ $0 == $1 }) { return .png }
        if bytes.count >= 3, bytes[0] == 0xFF, bytes[1] == 0xD8, bytes[2] == 0xFF { return .jpeg }
        return nil
    }
}
