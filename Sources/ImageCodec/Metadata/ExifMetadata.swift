public import ImageCore

/// The few EXIF fields SkinDelta uses: orientation and capture time.
///
/// Nothing else is read, kept or copied anywhere: not GPS position, camera serial numbers, owner
/// names or maker notes. The parser is bounded: it visits IFD0 and the Exif sub-IFD once each
/// (no chains, so no loops), reads no entry outside the given bytes, and ignores what it cannot
/// parse rather than failing the picture.
public struct ExifMetadata: Sendable, Hashable {
    /// The `Orientation` tag (0x0112) when present and valid (1–8).
    public var orientation: Orientation?
    /// The raw `Orientation` value when present but invalid (0, 9, ...), for reporting.
    public var invalidOrientationValue: Int?
    /// `DateTimeOriginal` (0x9003) with `OffsetTimeOriginal` (0x9011) when present and valid.
    public var captureTime: CaptureTime?

    public init(orientation: Orientation? = nil, invalidOrientationValue: Int? = nil, captureTime: CaptureTime? = nil) {
        self.orientation = orientation
        self.invalidOrientationValue = invalidOrientationValue
        self.captureTime = captureTime
    }

    /// Most entries read from one IFD; real files have a few dozen.
    static let maximumEntriesPerDirectory = 1024

    /// Parses a TIFF structure (`II*\0` or `MM\0*` header). Returns empty metadata for anything malformed.
    public init(tiff bytes: UnsafeRawBufferPointer) {
        self.init()
        guard bytes.count >= 8 else { return }
        let littleEndian: Bool
        switch (bytes[0], bytes[1]) {
        case (0x49, 0x49): littleEndian = true
        case (0x4D, 0x4D): littleEndian = false
        default: return
        }
        let reader = TIFFReader(bytes: bytes, littleEndian: littleEndian)
        guard reader.uint16(at: 2) == 42, let ifd0 = reader.uint32(at: 4) else { return }

        var exifDirectory: Int?
        reader.forEachEntry(inDirectoryAt: ifd0) { tag, type, count, valueOffset in
            switch tag {
            case 0x0112 where type == 3 && count >= 1:
                if let value = reader.uint16(at: valueOffset) {
                    if let orientation = Orientation(rawValue: Int(value)) {
                        self.orientation = orientation
                    } else {
                        self.invalidOrientationValue = Int(value)
                    }
                }
            case 0x8769 where (type == 4 || type == 13) && count == 1:
                exifDirectory = reader.uint32(at: valueOffset)
            default:
                break
            }
        }
        guard let exifDirectory else { return }
        var dateTime: String?
        var offset: String?
        reader.forEachEntry(inDirectoryAt: exifDirectory) { tag, type, count, valueOffset in
            guard type == 2 else { return }
            switch tag {
            case 0x9003: dateTime = reader.ascii(count: count, valueField: valueOffset)
            case 0x9011: offset = reader.ascii(count: count, valueField: valueOffset)
            default: break
            }
        }
        if let dateTime {
            captureTime = CaptureTime(exifDateTime: dateTime, utcOffset: offset)
        }
    }
}

/// Bounds-checked reads from a TIFF byte block.
private struct TIFFReader {
    let bytes: UnsafeRawBufferPointer
    let littleEndian: Bool

    func uint16(at offset: Int) -> UInt16? {
        guard offset >= 0, offset <= bytes.count - 2 else { return nil }
        let a = UInt16(bytes[offset]), b = UInt16(bytes[offset + 1])
        return littleEndian ? a | b << 8 : a << 8 | b
    }

    func uint32(at offset: Int) -> Int? {
        guard offset >= 0, offset <= bytes.count - 4 else { return nil }
        var value: UInt32 = 0
        for i in 0..<4 {
            let byte = UInt32(bytes[offset + (littleEndian ? 3 - i : i)])
            value = value << 8 | byte
        }
        return Int(value)
    }

    /// Calls `body(tag, type, count, offsetOfValueField)` for each entry of the IFD at `offset`.
    func forEachEntry(inDirectoryAt offset: Int, _ body: (UInt16, UInt16, Int, Int) -> Void) {
        guard let declared = uint16(at: offset) else { return }
        let count = min(Int(declared), ExifMetadata.maximumEntriesPerDirectory)
        for index in 0..<count {
            let entry = offset + 2 + 12 * index
            guard let tag = uint16(at: entry), let type = uint16(at: entry + 2),
                  let valueCount = uint32(at: entry + 4), entry + 12 <= bytes.count else { return }
            body(tag, type, valueCount, entry + 8)
        }
    }

    /// An ASCII value: inline when it fits in 4 bytes, otherwise at the offset stored in the field.
    func ascii(count: Int, valueField: Int) -> String? {
        guard count >= 1, count <= 64 else { return nil }
        let start: Int
        if count <= 4 {
            start = valueField
        } else {
            guard let pointer = uint32(at: valueField) else { return nil }
            start = pointer
        }
        guard start >= 0, start <= bytes.count - count else { return nil }
        var characters: [UInt8] = []
        for i in start..<(start + count) {
            let c = bytes[i]
            if c == 0 { break }
            guard c >= 0x20, c < 0x7F else { return nil }
            characters.append(c)
        }
        return String(decoding: characters, as: UTF8.self)
    }
}
