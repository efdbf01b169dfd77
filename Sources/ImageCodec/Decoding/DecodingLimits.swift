/// Upper bounds that every decode checks before it allocates pixel memory.
///
/// Hostile files declare enormous sizes in a few bytes ("decompression bombs"). Each bound below
/// is checked from the file's size or header, before any pixel buffer exists; a file over a bound
/// is refused with ``DecodingError/exceedsLimit(_:declared:maximum:)``. Raise a bound explicitly
/// when a larger photo is expected; there is no silent fallback.
public struct DecodingLimits: Sendable, Hashable, Codable {
    /// What a limit bounds.
    public enum Kind: String, Sendable, Codable, CaseIterable, CustomStringConvertible {
        /// Bytes in the encoded file.
        case inputBytes
        /// Declared width × height.
        case pixels
        /// Declared width, in pixels.
        case width
        /// Declared height, in pixels.
        case height
        /// Bytes of the decoded pixel buffer.
        case decodedBytes
        /// Scans in a progressive JPEG (the declared figure is a lower bound: decoding stops at the first excess scan).
        case progressiveScans

        public var description: String {
            switch self {
            case .inputBytes: "file size in bytes"
            case .pixels: "pixel count"
            case .width: "width in pixels"
            case .height: "height in pixels"
            case .decodedBytes: "decoded size in bytes"
            case .progressiveScans: "number of progressive JPEG scans"
            }
        }
    }

    /// Largest accepted width × height. Default 100,000,000 (100 MP covers 61 MP full-frame and 50 MP phone photos).
    public var maxPixels: Int
    /// Largest accepted width or height, in pixels. Default 20,000.
    public var maxSide: Int
    /// Largest accepted encoded file, in bytes. Default 256 MiB.
    public var maxInputBytes: Int
    /// Largest accepted decoded pixel buffer, in bytes. Default 1 GiB (100 MP RGB16 is 600 MB).
    public var maxDecodedBytes: Int
    /// Most scans accepted in a progressive JPEG. Default 100 (ordinary files have about 10).
    public var maxProgressiveScans: Int

    /// Creates limits; every argument defaults to the documented default.
    public init(
        maxPixels: Int = 100_000_000,
        maxSide: Int = 20_000,
        maxInputBytes: Int = 256 << 20,
        maxDecodedBytes: Int = 1 << 30,
        maxProgressiveScans: Int = 100
    ) {
        self.maxPixels = maxPixels
        self.maxSide = maxSide
        self.maxInputBytes = maxInputBytes
        self.maxDecodedBytes = maxDecodedBytes
        self.maxProgressiveScans = maxProgressiveScans
    }

    /// The defaults.
    public static let `default` = DecodingLimits()

    /// Checks a declared raster against the size bounds, including overflow of
    /// `width × height × channels × bytesPerSample`.
    func check(width: Int, height: Int, channels: Int, bytesPerSample: Int) throws(DecodingError) {
        guard width >= 1, height >= 1 else { throw .invalidDimensions(width: width, height: height) }
        if width > maxSide { throw .exceedsLimit(.width, declared: width, maximum: maxSide) }
        if height > maxSide { throw .exceedsLimit(.height, declared: height, maximum: maxSide) }
        let (pixels, pixelOverflow) = width.multipliedReportingOverflow(by: height)
        if pixelOverflow || pixels > maxPixels {
            throw .exceedsLimit(.pixels, declared: pixelOverflow ? Int.max : pixels, maximum: maxPixels)
        }
        let (bytes, byteOverflow) = pixels.multipliedReportingOverflow(by: channels * bytesPerSample)
        if byteOverflow || bytes > maxDecodedBytes {
            throw .exceedsLimit(.decodedBytes, declared: byteOverflow ? Int.max : bytes, maximum: maxDecodedBytes)
        }
    }
}
