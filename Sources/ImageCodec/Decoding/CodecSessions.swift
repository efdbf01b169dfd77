import _CodecShims

/// An open libpng read (header parsed), owning the shim's handle until `close()`.
struct PNGSession {
    let handle: OpaquePointer
    let info: codec_info

    init(bytes: UnsafeRawBufferPointer, limits: DecodingLimits) throws(DecodingError) {
        var info = codec_info()
        var status = CODEC_OK
        var error = codec_error()
        let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self)
        let maxSide = UInt32(clamping: limits.maxSide)
        guard let handle = codec_png_open(base, bytes.count, maxSide, &info, &status, &error) else {
            throw DecodingError(status: status, format: .png, error: error, limits: limits)
        }
        self.handle = handle
        self.info = info
    }

    func close() { codec_png_close(handle) }
}

/// An open libjpeg read (header parsed), owning the shim's handle until `close()`.
struct JPEGSession {
    let handle: OpaquePointer
    let info: codec_info

    init(bytes: UnsafeRawBufferPointer, limits: DecodingLimits, scaleDenominator: Int) throws(DecodingError) {
        var info = codec_info()
        var status = CODEC_OK
        var error = codec_error()
        let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self)
        guard [1, 2, 4, 8].contains(scaleDenominator) else {
            throw .unsupported(.jpeg, message: "scale 1/\(scaleDenominator) (use 1, 2, 4 or 8)")
        }
        guard let handle = codec_jpeg_open(
            base, bytes.count, Int32(scaleDenominator), Int32(clamping: limits.maxProgressiveScans),
            limits.maxDecodedBytes, &info, &status, &error
        ) else {
            throw DecodingError(status: status, format: .jpeg, error: error, limits: limits)
        }
        self.handle = handle
        self.info = info
    }

    /// The warnings tolerated so far (distinct messages, first seen first).
    var warnings: [String] {
        var messages = [codec_error](repeating: codec_error(), count: 8)
        let count = Int(codec_jpeg_warnings(handle, &messages, Int32(messages.count)))
        return messages.prefix(min(count, messages.count)).map { error in
            withUnsafeBytes(of: error.message) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
        }
    }

    func close() { codec_jpeg_close(handle) }
}
