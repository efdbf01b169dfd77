/// Finds the EXIF block of an encoded file without decoding it.
///
/// JPEG: the first APP1 segment that starts with `Exif\0\0`, before the first scan.
/// PNG: the `eXIf` chunk, before the first `IDAT`. Both walks are bounded by the data and by
/// a segment count, so they end on any input.
enum MetadataLocator {
    /// Most segments or chunks visited before giving up.
    static let maximumSegments = 4096

    /// The TIFF bytes of the EXIF block, as a range of `bytes`, or `nil`.
    static func exifRange(in bytes: UnsafeRawBufferPointer, format: ImageFormat) -> Range<Int>? {
        switch format {
        case .jpeg: jpegExif(bytes)
        case .png: pngExif(bytes)
        }
    }

    private static func jpegExif(_ bytes: UnsafeRawBufferPointer) -> Range<Int>? {
        var offset = 2  // after SOI
        var visited = 0
        while offset + 4 <= bytes.count, visited < maximumSegments {
            visited += 1
            guard bytes[offset] == 0xFF else { return nil }
            let marker = bytes[offset + 1]
            if marker == 0xFF { offset += 1; continue }  // fill byte
            if marker == 0xDA || marker == 0xD9 { return nil }  // start of scan, end of image
            if marker == 0x01 || (0xD0...0xD7).contains(marker) { offset += 2; continue }
            let length = Int(bytes[offset + 2]) << 8 | Int(bytes[offset + 3])
            guard length >= 2 else { return nil }
            let start = offset + 4, end = offset + 2 + length
            guard end <= bytes.count else { return nil }
            if marker == 0xE1, end - start >= 6,
               bytes[start] == 0x45, bytes[start + 1] == 0x78, bytes[start + 2] == 0x69,
               bytes[start + 3] == 0x66, bytes[start + 4] == 0, bytes[start + 5] == 0 {
                return (start + 6)..<end
            }
            offset = end
        }
        return nil
    }

    private static func pngExif(_ bytes: UnsafeRawBufferPointer) -> Range<Int>? {
        var offset = 8
        var visited = 0
        while offset + 12 <= bytes.count, visited < maximumSegments {
            visited += 1
            var length = 0
            for i in 0..<4 { length = length << 8 | Int(bytes[offset + i]) }
            let type = (bytes[offset + 4], bytes[offset + 5], bytes[offset + 6], bytes[offset + 7])
            let start = offset + 8
            guard length <= bytes.count - start - 4 else { return nil }
            let end = start + length
            if type == (0x49, 0x44, 0x41, 0x54) || type == (0x49, 0x45, 0x4E, 0x44) { return nil }  // IDAT, IEND
            if type == (0x65, 0x58, 0x49, 0x66) {  // eXIf
                // Some writers keep JPEG's "Exif\0\0" prefix inside the chunk.
                if length >= 6, bytes[start] == 0x45, bytes[start + 1] == 0x78, bytes[start + 4] == 0, bytes[start + 5] == 0 {
                    return (start + 6)..<end
                }
                return start..<end
            }
            offset = end + 4  // skip CRC
        }
        return nil
    }
}
