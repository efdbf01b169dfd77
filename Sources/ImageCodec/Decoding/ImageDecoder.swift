public import ImageCore
import _CodecShims
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Decodes PNG and JPEG files into upright pixels, refusing hostile or broken input with a
/// ``DecodingError`` and never trapping on input.
///
/// Order of checks, so that nothing large is allocated for a bad file: the file size (from
/// `stat`, before reading), the signature, the header's dimensions against ``limits``, then the
/// pixel buffer is allocated in Swift and the codec decodes straight into it (no intermediate copy).
///
///     let decoder = ImageDecoder()
///     let picture = try decoder.decode(contentsOf: "session1/front.jpg")
///     print(picture.info.size, picture.info.orientation)
public struct ImageDecoder: Sendable {
    /// Bounds checked before allocation.
    public var limits: DecodingLimits
    /// Whether to turn pixels upright by the EXIF orientation (default `true`).
    public var appliesOrientation: Bool
    /// JPEG DCT-domain downscaling: 1 (full size), 2, 4 or 8. PNG ignores it.
    public var jpegScaleDenominator: Int

    public init(limits: DecodingLimits = .default, appliesOrientation: Bool = true, jpegScaleDenominator: Int = 1) {
        self.limits = limits
        self.appliesOrientation = appliesOrientation
        self.jpegScaleDenominator = jpegScaleDenominator
    }

    // MARK: - Files

    /// Reads and decodes the file at `path`.
    public func decode(contentsOf path: String) throws(ImageFileError) -> DecodedPicture {
        do throws(DecodingError) {
            let bytes = try readFile(path)
            return try withRawBytes(bytes) { raw throws(DecodingError) in try decode(raw) }
        } catch {
            throw ImageFileError(path: path, error: error)
        }
    }

    /// Reads the file at `path` and parses its header, without decoding pixels.
    public func readInfo(contentsOf path: String) throws(ImageFileError) -> ImageInfo {
        do throws(DecodingError) {
            let bytes = try readFile(path)
            return try withRawBytes(bytes) { raw throws(DecodingError) in try readInfo(raw) }
        } catch {
            throw ImageFileError(path: path, error: error)
        }
    }

    /// Checks that the file at `path` is an image this decoder can decode within its limits, from
    /// its first `prefixBytes` only when they hold the whole header (else from the whole file): a
    /// cheap test of usability for a batch's validation, which does not read every photo twice.
    /// The size checks are those of ``readInfo(contentsOf:)``; metadata is not returned.
    public func checkHeader(contentsOf path: String, prefixBytes: Int = 256 << 10) throws(ImageFileError) {
        do throws(DecodingError) {
            let prefix = try readFile(path, atMost: prefixBytes)
            if (try? withRawBytes(prefix) { raw throws(DecodingError) in try readInfo(raw) }) != nil { return }
            let bytes = try readFile(path)
            _ = try withRawBytes(bytes) { raw throws(DecodingError) in try readInfo(raw) }
        } catch {
            throw ImageFileError(path: path, error: error)
        }
    }

    /// The bytes of the file at `path`, read once, for a caller that hashes them and then decodes
    /// them from memory (the size is checked against
    /// `limits.maxInputBytes` with `stat` before anything is allocated).
    public func bytes(contentsOf path: String) throws(ImageFileError) -> [UInt8] {
        do throws(DecodingError) {
            return try readFile(path)
        } catch {
            throw ImageFileError(path: path, error: error)
        }
    }

    /// The bytes of a regular file no larger than `limits.maxInputBytes`, checked with `stat` first.
    func readFile(_ path: String, atMost maximum: Int = .max) throws(DecodingError) -> [UInt8] {
        var status = stat()
        guard stat(path, &status) == 0 else {
            let code = errno
            if code == ENOENT || code == ENOTDIR { throw .fileNotFound }
            throw .unreadable(reason: String(cString: strerror(code)))
        }
        guard (status.st_mode & S_IFMT) == S_IFREG else { throw .notARegularFile }
        let size = Int(status.st_size)
        if size == 0 { throw .empty }
        if size > limits.maxInputBytes { throw .exceedsLimit(.inputBytes, declared: size, maximum: limits.maxInputBytes) }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .unreadable(reason: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        var failure: Int32 = 0
        // Read at most one byte more than stat promised, to notice a file that grew meanwhile.
        let capacity = min(size + 1, maximum)
        let bytes = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, count in
            count = 0
            while count < capacity {
                let got = read(descriptor, buffer.baseAddress! + count, capacity - count)
                if got < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                if got == 0 { break }
                count += got
            }
        }
        if failure != 0 { throw .unreadable(reason: String(cString: strerror(failure))) }
        if maximum < size + 1 { return bytes }
        if bytes.count > limits.maxInputBytes {
            throw .exceedsLimit(.inputBytes, declared: bytes.count, maximum: limits.maxInputBytes)
        }
        if bytes.isEmpty { throw .empty }
        return bytes
    }

    // MARK: - Memory

    /// Decodes an encoded image held in memory.
    public func decode(_ bytes: [UInt8]) throws(DecodingError) -> DecodedPicture {
        try withRawBytes(bytes) { raw throws(DecodingError) in try decode(raw) }
    }

    /// Parses the header of an encoded image held in memory, without decoding pixels.
    public func readInfo(_ bytes: UnsafeRawBufferPointer) throws(DecodingError) -> ImageInfo {
        let format = try detectFormat(bytes)
        switch format {
        case .png:
            let session = try PNGSession(bytes: bytes, limits: limits)
            defer { session.close() }
            return try describe(bytes, format: format, codec: session.info)
        case .jpeg:
            let session = try JPEGSession(bytes: bytes, limits: limits, scaleDenominator: jpegScaleDenominator)
            defer { session.close() }
            var info = try describe(bytes, format: format, codec: session.info)
            info.warnings = session.warnings
            return info
        }
    }

    /// Decodes an encoded image held in memory.
    public func decode(_ bytes: UnsafeRawBufferPointer) throws(DecodingError) -> DecodedPicture {
        let format = try detectFormat(bytes)
        var info: ImageInfo
        let stored: DecodedImage
        switch format {
        case .png:
            let session = try PNGSession(bytes: bytes, limits: limits)
            defer { session.close() }
            info = try describe(bytes, format: format, codec: session.info)
            stored = try decodePixels(codec: session.info, format: format) { buffer, rowBytes, byteCount, error in
                codec_png_read(session.handle, buffer, rowBytes, byteCount, &error)
            }
        case .jpeg:
            let session = try JPEGSession(bytes: bytes, limits: limits, scaleDenominator: jpegScaleDenominator)
            defer { session.close() }
            info = try describe(bytes, format: format, codec: session.info)
            stored = try decodePixels(codec: session.info, format: format) { buffer, rowBytes, byteCount, error in
                codec_jpeg_read(session.handle, buffer, rowBytes, byteCount, &error)
            }
            info.warnings = session.warnings
        }
        let upright = appliesOrientation ? stored.applying(info.orientation) : stored
        return DecodedPicture(image: upright, info: info)
    }

    // MARK: - Steps

    func detectFormat(_ bytes: UnsafeRawBufferPointer) throws(DecodingError) -> ImageFormat {
        if bytes.isEmpty { throw .empty }
        if bytes.count > limits.maxInputBytes {
            throw .exceedsLimit(.inputBytes, declared: bytes.count, maximum: limits.maxInputBytes)
        }
        guard let format = ImageFormat.detect(bytes) else {
            throw .unrecognizedFormat(prefix: Array(bytes.prefix(8)))
        }
        return format
    }

    func describe(_ bytes: UnsafeRawBufferPointer, format: ImageFormat, codec: codec_info) throws(DecodingError) -> ImageInfo {
        // The stored raster bounds the decoded one (DCT scaling only shrinks), so one check covers both.
        try limits.check(width: Int(codec.width), height: Int(codec.height),
                         channels: Int(codec.output_channels), bytesPerSample: Int(codec.output_bytes_per_sample))
        let width = Int(codec.output_width), height = Int(codec.output_height)
        let exif: ExifMetadata
        if let range = MetadataLocator.exifRange(in: bytes, format: format) {
            exif = ExifMetadata(tiff: UnsafeRawBufferPointer(rebasing: bytes[range]))
        } else {
            exif = ExifMetadata()
        }
        let orientation = exif.orientation ?? .up
        let stored = Size(width: width, height: height)
        return ImageInfo(
            format: format,
            size: appliesOrientation ? orientation.uprightSize(forStored: stored) : stored,
            storedSize: stored,
            bitDepth: Int(codec.bit_depth),
            channels: Int(codec.channels),
            colorModel: ColorModel(codec: codec.color_model),
            hasTransparency: codec.has_transparency != 0,
            isInterlaced: codec.is_interlaced != 0,
            isArithmeticCoded: codec.is_arithmetic != 0,
            orientation: orientation,
            exif: exif
        )
    }

    /// Allocates the Swift-owned pixel buffer for the codec's output layout and lets `read` fill it.
    func decodePixels(
        codec: codec_info,
        format: ImageFormat,
        read: (UnsafeMutablePointer<UInt8>, Int, Int, inout codec_error) -> codec_status
    ) throws(DecodingError) -> DecodedImage {
        let size = Size(width: Int(codec.output_width), height: Int(codec.output_height))
        func fill<P: PixelProtocol>(_: P.Type) throws(DecodingError) -> Image<P> {
            try Image<P>(size: size) { (buffer: UnsafeMutableBufferPointer<P>) throws(DecodingError) in
                let rowBytes = size.width * MemoryLayout<P>.stride
                let raw = UnsafeMutableRawBufferPointer(buffer)
                // The codec writes bytes; zero-fill is skipped, and a failed decode discards the buffer.
                let bytes = raw.baseAddress!.assumingMemoryBound(to: UInt8.self)
                var error = codec_error()
                let status = read(bytes, rowBytes, raw.count, &error)
                if status != CODEC_OK { throw DecodingError(status: status, format: format, error: error, limits: limits) }
            }
        }
        switch (codec.output_channels, codec.output_bytes_per_sample) {
        case (1, 1): return .gray8(try fill(Gray8.self))
        case (2, 1): return .grayAlpha8(try fill(GrayAlpha8.self))
        case (3, 1): return .rgb8(try fill(RGB8.self))
        case (4, 1): return .rgba8(try fill(RGBA8.self))
        case (1, 2): return .gray16(try fill(Gray16.self))
        case (2, 2): return .grayAlpha16(try fill(GrayAlpha16.self))
        case (3, 2): return .rgb16(try fill(RGB16.self))
        case (4, 2): return .rgba16(try fill(RGBA16.self))
        default:
            throw .unsupported(format, message: "\(codec.output_channels) channels of \(codec.output_bytes_per_sample * 8) bits")
        }
    }
}

extension DecodingError {
    /// Maps a shim status to the typed error; the limits give the evidence for a scan-limit stop.
    init(status: codec_status, format: ImageFormat, error: codec_error, limits: DecodingLimits) {
        let message = withUnsafeBytes(of: error.message) { raw in
            String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
        }
        switch status {
        case CODEC_TOO_MANY_SCANS:
            self = .exceedsLimit(.progressiveScans, declared: limits.maxProgressiveScans + 1, maximum: limits.maxProgressiveScans)
        case CODEC_TRUNCATED: self = .truncated(format, message: message)
        case CODEC_UNSUPPORTED: self = .unsupported(format, message: message)
        case CODEC_OUT_OF_MEMORY: self = .outOfMemory(format, message: message)
        default: self = .corrupt(format, message: message)
        }
    }
}

extension ColorModel {
    init(codec: Int32) {
        switch codec {
        case Int32(CODEC_COLOR_GRAY.rawValue): self = .gray
        case Int32(CODEC_COLOR_GRAY_ALPHA.rawValue): self = .grayAlpha
        case Int32(CODEC_COLOR_RGBA.rawValue): self = .rgba
        case Int32(CODEC_COLOR_PALETTE.rawValue): self = .palette
        case Int32(CODEC_COLOR_YCBCR.rawValue): self = .yCbCr
        case Int32(CODEC_COLOR_CMYK.rawValue): self = .cmyk
        case Int32(CODEC_COLOR_YCCK.rawValue): self = .yCCK
        default: self = .rgb
        }
    }
}

extension DecodedImage {
    /// The upright picture for pixels stored with `orientation`.
    public func applying(_ orientation: Orientation) -> DecodedImage {
        if orientation == .up { return self }
        switch self {
        case .gray8(let image): return .gray8(image.applying(orientation))
        case .grayAlpha8(let image): return .grayAlpha8(image.applying(orientation))
        case .rgb8(let image): return .rgb8(image.applying(orientation))
        case .rgba8(let image): return .rgba8(image.applying(orientation))
        case .gray16(let image): return .gray16(image.applying(orientation))
        case .grayAlpha16(let image): return .grayAlpha16(image.applying(orientation))
        case .rgb16(let image): return .rgb16(image.applying(orientation))
        case .rgba16(let image): return .rgba16(image.applying(orientation))
        }
    }
}

/// `Array.withUnsafeBytes` with a typed error (the standard library's version rethrows `any Error`).
func withRawBytes<R>(
    _ bytes: [UInt8], _ body: (UnsafeRawBufferPointer) throws(DecodingError) -> R
) throws(DecodingError) -> R {
    let result: Result<R, DecodingError> = bytes.withUnsafeBytes { raw in
        Result { () throws(DecodingError) -> R in try body(raw) }
    }
    return try result.get()
}
