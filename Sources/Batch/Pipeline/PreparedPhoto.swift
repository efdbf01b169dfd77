public import Alignment
import Foundation
public import ImageCodec
public import ImageCore
import Reports

/// One photo as the pipeline uses it: its bytes read once, its SHA-256 taken from those bytes, its
/// pixels decoded once (upright, 8-bit sRGB) and its alignment pyramid built once, each when first
/// asked for, and kept until ``release()``.
///
/// A batch prepares each photo once however many comparisons it is in, and releases it after its
/// last one, so memory holds only the photos of the pairs in flight. Safe to share between threads:
/// the first caller does the work, the others wait for it and get the same value.
public final class PreparedPhoto: @unchecked Sendable {
    /// Where the photo was read from; never written to an output.
    public let path: String
    /// The name outputs and messages use (a file name or a pseudonym).
    public let name: String
    /// SHA-256 of the file's bytes (lowercase hex), or nil when they cannot be read.
    public let sha256: String?
    /// The file's size in bytes (0 when it cannot be read).
    public let byteCount: Int
    /// Why the bytes cannot be read, when they cannot.
    public let readFailure: PipelineError?

    private let decoder: ImageDecoder
    private let lock = NSLock()
    private let pyramidBuild = NSLock()
    private var bytes: [UInt8]?
    private var decoded: Result<Image<RGB8>, PipelineError>?
    private var pyramid: (key: [Int], value: AlignmentPyramid)?
    private var decodes = 0
    private var decodeWarnings: [String] = []

    /// Reads the file at `path` (once) and hashes its bytes; pixels are decoded on first use.
    public init(path: String, name: String, decoder: ImageDecoder) {
        self.path = path
        self.name = name
        self.decoder = decoder
        do {
            let read = try decoder.bytes(contentsOf: path)
            bytes = read
            sha256 = SHA256.hex(SHA256.hash(read))
            byteCount = read.count
            readFailure = nil
        } catch {
            bytes = nil
            sha256 = nil
            byteCount = 0
            switch error.error {
            case .fileNotFound, .notARegularFile, .unreadable:
                readFailure = .unreadablePhoto(name: name, reason: error.error.description)
            default:
                readFailure = .undecodablePhoto(name: name, reason: error.error.description)
            }
        }
    }

    /// A photo already in memory (a caller that decoded it itself, or a test).
    public init(image: Image<RGB8>, name: String) {
        path = name
        self.name = name
        decoder = ImageDecoder()
        sha256 = nil
        byteCount = 0
        readFailure = nil
        decoded = .success(image)
    }

    /// The upright pixels, decoded on the first call.
    public func image() throws(PipelineError) -> Image<RGB8> {
        let result = lock.withLock { () -> Result<Image<RGB8>, PipelineError> in
            if let decoded { return decoded }
            let result: Result<Image<RGB8>, PipelineError>
            if let readFailure {
                result = .failure(readFailure)
            } else if let bytes {
                do {
                    let picture = try decoder.decode(bytes)
                    decodeWarnings = picture.info.warnings
                    result = .success(picture.image.rgb8)
                } catch {
                    result = .failure(.undecodablePhoto(name: name, reason: "\(error)"))
                }
                decodes += 1
            } else {
                // Released earlier: read and decode again.
                do {
                    result = .success(try decoder.decode(contentsOf: path).image.rgb8)
                } catch {
                    result = .failure(.undecodablePhoto(name: name, reason: (error as? ImageFileError)?.error.description ?? "\(error)"))
                }
                decodes += 1
            }
            bytes = nil
            decoded = result
            return result
        }
        return try result.get()
    }

    /// The photo prepared for registration with `options`' levels, built on the first call.
    public func alignmentPyramid(options: Alignment.AlignmentOptions) throws(PipelineError) -> AlignmentPyramid {
        let key = [options.refinementLongSide, options.globalLongSide]
        // One build at a time, so two pairs asking at once build it once.
        pyramidBuild.lock()
        defer { pyramidBuild.unlock() }
        if let cached = lock.withLock({ pyramid }), cached.key == key { return cached.value }
        let built = AlignmentPyramid(try image(), options: options)
        lock.withLock { pyramid = (key, built) }
        return built
    }

    /// What the decoder warned of and tolerated (every pixel intact), once decoded; empty for a clean file.
    public var warnings: [String] { lock.withLock { decodeWarnings } }

    /// How many times the pixels were decoded (1 for a photo used and never released).
    public var decodeCount: Int { lock.withLock { decodes } }

    /// Drops the bytes, pixels and pyramid; the digest stays. A later use reads and decodes again.
    public func release() {
        lock.withLock {
            bytes = nil
            decoded = nil
            pyramid = nil
        }
    }
}
