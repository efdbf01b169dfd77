public import ImageCore
import _CodecShims

/// Writes images as PNG, losslessly, for report images and overlays.
///
///     let bytes = try PNGEncoder().encode(overlay)   // Image<RGBA8> → PNG bytes
public struct PNGEncoder: Sendable {
    /// zlib level 0 (store) to 9 (smallest); 6 is libpng's default balance.
    public var compressionLevel: Int
    /// Adam7 interlacing (larger files; useful only for progressive display).
    public var isInterlaced: Bool

    public init(compressionLevel: Int = 6, isInterlaced: Bool = false) {
        self.compressionLevel = compressionLevel
        self.isInterlaced = isInterlaced
    }

    public func encode(_ image: Image<Gray8>) throws(EncodingError) -> [UInt8] { try encodePixels(image, model: .gray, bitDepth: 8) }
    public func encode(_ image: Image<GrayAlpha8>) throws(EncodingError) -> [UInt8] { try encodePixels(image, model: .grayAlpha, bitDepth: 8) }
    public func encode(_ image: Image<RGB8>) throws(EncodingError) -> [UInt8] { try encodePixels(image, model: .rgb, bitDepth: 8) }
    public func encode(_ image: Image<RGBA8>) throws(EncodingError) -> [UInt8] { try encodePixels(image, model: .rgba, bitDepth: 8) }
    public func encode(_ image: Image<Gray16>) throws(EncodingError) -> [UInt8] { try encodePixels(image, model: .gray, bitDepth: 16) }
    public func encode(_ image: Image<GrayAlpha16>) throws(EncodingError) -> [UInt8] { try encodePixels(image, model: .grayAlpha, bitDepth: 16) }
    public func encode(_ image: Image<RGB16>) throws(EncodingError) -> [UInt8] { try encodePixels(image, model: .rgb, bitDepth: 16) }
    public func encode(_ image: Image<RGBA16>) throws(EncodingError) -> [UInt8] { try encodePixels(image, model: .rgba, bitDepth: 16) }

    func encodePixels<P: PixelProtocol>(_ image: Image<P>, model: ColorModel, bitDepth: Int) throws(EncodingError) -> [UInt8] {
        let result: Result<[UInt8], EncodingError> = image.withUnsafeBufferPointer { pixels in
            let raw = UnsafeRawBufferPointer(pixels)
            return Result { () throws(EncodingError) in
                try encodeRows(raw.baseAddress!.assumingMemoryBound(to: UInt8.self), width: image.width, height: image.height,
                               rowBytes: image.width * MemoryLayout<P>.stride, model: model, bitDepth: bitDepth,
                               palette: [], transparency: [])
            }
        }
        return try result.get()
    }

    /// Writes any PNG colour type and bit depth from rows in PNG's own packing (depths below 8 packed
    /// big-end first; 16-bit samples in native byte order). `palette` holds RGB triples;
    /// `transparency` holds per-entry alpha (palette) or one value per channel (gray, RGB).
    @_spi(Testing)
    public func encodeRows(
        _ rows: UnsafePointer<UInt8>, width: Int, height: Int, rowBytes: Int,
        model: ColorModel, bitDepth: Int, palette: [UInt8], transparency: [UInt16]
    ) throws(EncodingError) -> [UInt8] {
        let codecModel: codec_color_model
        switch model {
        case .gray: codecModel = CODEC_COLOR_GRAY
        case .grayAlpha: codecModel = CODEC_COLOR_GRAY_ALPHA
        case .rgb: codecModel = CODEC_COLOR_RGB
        case .rgba: codecModel = CODEC_COLOR_RGBA
        case .palette: codecModel = CODEC_COLOR_PALETTE
        default: throw .invalidRequest(message: "PNG cannot store \(model)")
        }
        guard width >= 1, height >= 1, width <= Int(UInt32.max), height <= Int(UInt32.max) else {
            throw .invalidRequest(message: "size \(width)×\(height)")
        }
        var buffer = codec_buffer()
        var error = codec_error()
        let status = palette.withUnsafeBufferPointer { paletteBuffer in
            transparency.withUnsafeBufferPointer { transparencyBuffer in
                codec_png_encode(rows, UInt32(width), UInt32(height), rowBytes, Int32(codecModel.rawValue), Int32(bitDepth),
                                 isInterlaced ? 1 : 0, paletteBuffer.baseAddress, Int32(palette.count / 3),
                                 transparencyBuffer.baseAddress, Int32(transparency.count), Int32(compressionLevel),
                                 &buffer, &error)
            }
        }
        return try takeEncoded(status: status, buffer: &buffer, error: error)
    }
}

/// Moves a shim-allocated buffer into a Swift array and frees it, or maps the failure.
func takeEncoded(status: codec_status, buffer: inout codec_buffer, error: codec_error) throws(EncodingError) -> [UInt8] {
    defer { codec_buffer_free(&buffer) }
    switch status {
    case CODEC_OK:
        guard let data = buffer.data else { return [] }
        return Array(UnsafeBufferPointer(start: data, count: buffer.size))
    case CODEC_OUT_OF_MEMORY:
        throw .outOfMemory
    default:
        let message = withUnsafeBytes(of: error.message) { raw in
            String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
        }
        throw .invalidRequest(message: message)
    }
}
