public import ImageCore
import _CodecShims

/// Writes images as JPEG (lossy), for report images and previews.
///
///     let bytes = try JPEGEncoder(quality: 90).encode(photo)   // Image<RGB8> → JPEG bytes
public struct JPEGEncoder: Sendable {
    /// How much chroma resolution is kept.
    public enum ChromaSubsampling: Int, Sendable, CaseIterable {
        /// Full chroma resolution.
        case none = 444
        /// Half horizontal chroma resolution.
        case horizontal = 422
        /// Half horizontal and vertical chroma resolution (the usual camera setting).
        case both = 420
    }

    /// libjpeg quality 1–100 (standard IJG scaling of the quantisation tables).
    public var quality: Int
    /// Chroma subsampling for colour images.
    public var chromaSubsampling: ChromaSubsampling
    /// Progressive coding (libjpeg's standard scan script).
    public var isProgressive: Bool
    /// Arithmetic entropy coding instead of Huffman (smaller; not every reader supports it).
    public var usesArithmeticCoding: Bool
    /// A restart marker every this many MCU rows; 0 for none.
    public var restartIntervalRows: Int

    /// One scan of a custom progressive script: component indices, spectral band `Ss...Se`,
    /// successive-approximation bits `Ah`, `Al` (ITU T.81 §G.1).
    @_spi(Testing)
    public struct Scan: Sendable {
        public var components: [Int]
        public var spectralStart: Int
        public var spectralEnd: Int
        public var approximationHigh: Int
        public var approximationLow: Int

        public init(components: [Int], spectralStart: Int, spectralEnd: Int, approximationHigh: Int = 0, approximationLow: Int = 0) {
            self.components = components
            self.spectralStart = spectralStart
            self.spectralEnd = spectralEnd
            self.approximationHigh = approximationHigh
            self.approximationLow = approximationLow
        }
    }

    /// A custom scan script (implies progressive coding).
    @_spi(Testing)
    public var scanScript: [Scan]?

    public init(
        quality: Int = 90,
        chromaSubsampling: ChromaSubsampling = .both,
        isProgressive: Bool = false,
        usesArithmeticCoding: Bool = false,
        restartIntervalRows: Int = 0
    ) {
        self.quality = quality
        self.chromaSubsampling = chromaSubsampling
        self.isProgressive = isProgressive
        self.usesArithmeticCoding = usesArithmeticCoding
        self.restartIntervalRows = restartIntervalRows
    }

    /// Encodes an sRGB colour image.
    public func encode(_ image: Image<RGB8>) throws(EncodingError) -> [UInt8] { try encodePixels(image, channels: 3) }

    /// Encodes a gray image as a one-component JPEG.
    public func encode(_ image: Image<Gray8>) throws(EncodingError) -> [UInt8] { try encodePixels(image, channels: 1) }

    /// Encodes CMYK samples (4 bytes a pixel, stored as given, with an Adobe marker).
    @_spi(Testing)
    public func encodeCMYK(_ samples: [UInt8], size: Size) throws(EncodingError) -> [UInt8] {
        guard let count = size.pixelCount, samples.count == count * 4 else {
            throw .invalidRequest(message: "expected 4 samples per pixel")
        }
        let result: Result<[UInt8], EncodingError> = samples.withUnsafeBufferPointer { buffer in
            Result { () throws(EncodingError) in
                try encodeRows(buffer.baseAddress!, size: size, rowBytes: size.width * 4, channels: 4)
            }
        }
        return try result.get()
    }

    func encodePixels<P: PixelProtocol>(_ image: Image<P>, channels: Int) throws(EncodingError) -> [UInt8] {
        let result: Result<[UInt8], EncodingError> = image.withUnsafeBufferPointer { pixels in
            let raw = UnsafeRawBufferPointer(pixels)
            return Result { () throws(EncodingError) in
                try encodeRows(raw.baseAddress!.assumingMemoryBound(to: UInt8.self), size: image.size,
                               rowBytes: image.width * MemoryLayout<P>.stride, channels: channels)
            }
        }
        return try result.get()
    }

    func encodeRows(_ rows: UnsafePointer<UInt8>, size: Size, rowBytes: Int, channels: Int) throws(EncodingError) -> [UInt8] {
        guard size.width <= 65_500, size.height <= 65_500 else {
            throw .invalidRequest(message: "JPEG is limited to 65500 pixels a side, not \(size)")
        }
        var script: [Int32] = []
        for scan in scanScript ?? [] {
            guard (1...4).contains(scan.components.count) else { throw .invalidRequest(message: "a scan has 1 to 4 components") }
            script.append(Int32(scan.components.count))
            for slot in 0..<4 { script.append(Int32(slot < scan.components.count ? scan.components[slot] : 0)) }
            script += [scan.spectralStart, scan.spectralEnd, scan.approximationHigh, scan.approximationLow].map { Int32($0) }
        }
        var buffer = codec_buffer()
        var error = codec_error()
        let status = script.withUnsafeBufferPointer { scripts in
            codec_jpeg_encode(rows, UInt32(size.width), UInt32(size.height), rowBytes, Int32(channels),
                              Int32(quality), isProgressive ? 1 : 0, usesArithmeticCoding ? 1 : 0,
                              Int32(restartIntervalRows), Int32(chromaSubsampling.rawValue),
                              script.isEmpty ? nil : scripts.baseAddress, Int32(scanScript?.count ?? 0),
                              &buffer, &error)
        }
        return try takeEncoded(status: status, buffer: &buffer, error: error)
    }
}
