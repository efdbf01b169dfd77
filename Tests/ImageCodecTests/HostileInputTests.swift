import Foundation
@_spi(Testing) import ImageCodec
import ImageCore
import Testing

/// Broken and hostile inputs, all made by the tests: each must end in the expected typed
/// ``DecodingError`` (or, for random damage, in success or any typed error), never a crash or hang.
@Suite("Hostile input")
struct HostileInputTests {
    static let picture = Fixtures.smoothRGB(Size(width: 40, height: 24))
    static let png = try! PNGEncoder().encode(picture)
    static let jpeg = try! JPEGEncoder(quality: 90).encode(picture)
    static let progressiveJPEG = try! JPEGEncoder(quality: 90, isProgressive: true).encode(picture)

    /// The case name of an error, so tests can assert the kind without matching library text.
    static func kind(_ body: () throws -> Void) -> String {
        do {
            try body()
            return "success"
        } catch let error as DecodingError {
            switch error {
            case .truncated: return "truncated"
            case .corrupt: return "corrupt"
            case .unsupported: return "unsupported"
            case .exceedsLimit(let limit, _, _): return "exceedsLimit.\(limit.rawValue)"
            case .invalidDimensions: return "invalidDimensions"
            case .unrecognizedFormat: return "unrecognizedFormat"
            case .empty: return "empty"
            case .outOfMemory: return "outOfMemory"
            case .fileNotFound: return "fileNotFound"
            case .notARegularFile: return "notARegularFile"
            case .unreadable: return "unreadable"
            }
        } catch {
            return "untyped \(type(of: error))"
        }
    }

    @Test("every truncation of a PNG fails with a typed error", arguments: [false, true])
    func truncatedPNG(interlaced: Bool) throws {
        let bytes = try PNGEncoder(isInterlaced: interlaced).encode(Self.picture)
        for length in 0..<bytes.count {
            let kind = Self.kind { _ = try ImageDecoder().decode(Array(bytes.prefix(length))) }
            #expect(["truncated", "corrupt", "empty", "unrecognizedFormat"].contains(kind), "length \(length): \(kind)")
        }
    }

    @Test("every truncation of a JPEG fails with a typed error (never a half-grey picture)",
          arguments: [false, true])
    func truncatedJPEG(progressive: Bool) throws {
        let bytes = progressive ? Self.progressiveJPEG : Self.jpeg
        for length in 0..<bytes.count {
            let kind = Self.kind { _ = try ImageDecoder().decode(Array(bytes.prefix(length))) }
            #expect(["truncated", "corrupt", "empty", "unrecognizedFormat"].contains(kind), "length \(length): \(kind)")
        }
    }

    @Test("random bit flips end in success or a typed error", arguments: ["png", "jpeg", "progressive"])
    func bitFlips(variant: String) {
        let original = variant == "png" ? Self.png : (variant == "jpeg" ? Self.jpeg : Self.progressiveJPEG)
        var random = Fixtures.Random(seed: 2_376_609_660)
        var kinds: [String: Int] = [:]
        for _ in 0..<400 {
            var bytes = original
            for _ in 0..<(1 + random.below(4)) {
                bytes[random.below(bytes.count)] ^= UInt8(1 << random.below(8))
            }
            let kind = Self.kind { _ = try ImageDecoder().decode(bytes) }
            kinds[kind, default: 0] += 1
        }
        #expect(!kinds.keys.contains { $0.hasPrefix("untyped") }, "\(kinds)")
        // PNG checksums every chunk, so (almost) no flip goes unnoticed.
        if variant == "png" { #expect(kinds["success", default: 0] <= 4, "\(kinds)") }
    }

    @Test("a wrong CRC fails the file, in critical and in ancillary chunks", arguments: ["IHDR", "IDAT", "tEXt"])
    func wrongCRC(chunk: String) throws {
        var bytes = Fixtures.insertingAfterHeader(Self.png, type: "tEXt", data: Array("Comment\u{0}synthetic".utf8))
        var offset = 8
        while offset < bytes.count {
            let length = Int(bytes[offset]) << 24 | Int(bytes[offset + 1]) << 16 | Int(bytes[offset + 2]) << 8 | Int(bytes[offset + 3])
            if String(decoding: bytes[(offset + 4)..<(offset + 8)], as: UTF8.self) == chunk {
                bytes[offset + 8 + length] ^= 0x55
                break
            }
            offset += 12 + length
        }
        #expect(Self.kind { _ = try ImageDecoder().decode(bytes) } == "corrupt")
    }

    static func pngDeclaring(width: UInt32, height: UInt32) -> [UInt8] {
        var chunks = Fixtures.pngChunks(Self.png)
        chunks[0].data.replaceSubrange(0..<8, with: Fixtures.bigEndian(width) + Fixtures.bigEndian(height))
        return Fixtures.assemblePNG(chunks)
    }

    static func jpegDeclaring(width: Int, height: Int) -> [UInt8] {
        var bytes = Self.jpeg
        let sof = (0..<(bytes.count - 1)).first { bytes[$0] == 0xFF && bytes[$0 + 1] == 0xC0 }!
        bytes[sof + 5] = UInt8(height >> 8)
        bytes[sof + 6] = UInt8(height & 0xFF)
        bytes[sof + 7] = UInt8(width >> 8)
        bytes[sof + 8] = UInt8(width & 0xFF)
        return bytes
    }

    @Test("declared sizes of 10⁵×10⁵ are refused from the header, before allocation")
    func hugeDeclaredSize() {
        let png = Self.pngDeclaring(width: 100_000, height: 100_000)
        #expect(throws: DecodingError.exceedsLimit(.width, declared: 100_000, maximum: 20_000)) {
            try ImageDecoder().decode(png)
        }
        let jpeg = Self.jpegDeclaring(width: 65_000, height: 65_000)
        #expect(throws: DecodingError.exceedsLimit(.width, declared: 65_000, maximum: 20_000)) {
            try ImageDecoder().decode(jpeg)
        }
    }

    @Test("a bomb (20,000² declared in under 200 bytes) is refused with the pixel limit")
    func bomb() throws {
        let png = Self.pngDeclaring(width: 20_000, height: 20_000)
        #expect(png.count < 2_000)
        #expect(throws: DecodingError.exceedsLimit(.pixels, declared: 400_000_000, maximum: 100_000_000)) {
            try ImageDecoder().decode(png)
        }
        #expect(throws: DecodingError.exceedsLimit(.pixels, declared: 400_000_000, maximum: 100_000_000)) {
            // readInfo, which a validator uses, refuses it too.
            try png.withUnsafeBytes { raw in try ImageDecoder().readInfo(raw) }
        }
    }

    @Test("zero width or height is refused", arguments: [(0, 24), (40, 0)])
    func zeroSize(width: Int, height: Int) {
        let png = Self.pngDeclaring(width: UInt32(width), height: UInt32(height))
        #expect(["corrupt", "invalidDimensions"].contains(Self.kind { _ = try ImageDecoder().decode(png) }))
        let jpeg = Self.jpegDeclaring(width: width, height: height)
        #expect(["corrupt", "invalidDimensions"].contains(Self.kind { _ = try ImageDecoder().decode(jpeg) }))
    }

    @Test("limits hold exactly at their boundary: max − 1 and max decode, max + 1 is refused")
    func limitBoundaries() throws {
        let area = 40 * 24
        for (maxPixels, expected) in [(area + 1, "success"), (area, "success"), (area - 1, "exceedsLimit.pixels")] {
            let decoder = ImageDecoder(limits: DecodingLimits(maxPixels: maxPixels))
            #expect(Self.kind { _ = try decoder.decode(Self.png) } == expected)
            #expect(Self.kind { _ = try decoder.decode(Self.jpeg) } == expected)
        }
        for (maxSide, expected) in [(41, "success"), (40, "success"), (39, "exceedsLimit.width")] {
            let decoder = ImageDecoder(limits: DecodingLimits(maxSide: maxSide))
            #expect(Self.kind { _ = try decoder.decode(Self.png) } == expected)
        }
        let small = ImageDecoder(limits: DecodingLimits(maxInputBytes: Self.png.count - 1))
        #expect(throws: DecodingError.exceedsLimit(.inputBytes, declared: Self.png.count, maximum: Self.png.count - 1)) {
            try small.decode(Self.png)
        }
        let narrow = ImageDecoder(limits: DecodingLimits(maxDecodedBytes: area * 3 - 1))
        #expect(Self.kind { _ = try narrow.decode(Self.png) } == "exceedsLimit.decodedBytes")
    }

    /// DC first, then every AC coefficient of every component in its own scan: 1 + 3 × 63 = 190 scans.
    static func scanScript(acBandsPerComponent bands: [Int]) -> [JPEGEncoder.Scan] {
        var scans = [JPEGEncoder.Scan(components: [0, 1, 2], spectralStart: 0, spectralEnd: 0)]
        for component in 0..<3 {
            let count = bands[component]
            var start = 1
            for band in 0..<count {
                let end = band == count - 1 ? 63 : start + 63 / count - 1
                scans.append(JPEGEncoder.Scan(components: [component], spectralStart: start, spectralEnd: end))
                start = end + 1
            }
        }
        return scans
    }

    @Test("a progressive JPEG with too many scans is refused; exactly the limit decodes")
    func progressiveScanLimit() throws {
        var encoder = JPEGEncoder(quality: 90, chromaSubsampling: .none)
        let baseline = try ImageDecoder().decode(encoder.encode(Self.picture)).image

        encoder.scanScript = Self.scanScript(acBandsPerComponent: [63, 63, 63])
        #expect(encoder.scanScript?.count == 190)
        let many = try encoder.encode(Self.picture)
        #expect(throws: DecodingError.exceedsLimit(.progressiveScans, declared: 101, maximum: 100)) {
            try ImageDecoder().decode(many)
        }
        let generous = ImageDecoder(limits: DecodingLimits(maxProgressiveScans: 190))
        #expect(try generous.decode(many).image == baseline)

        encoder.scanScript = Self.scanScript(acBandsPerComponent: [63, 18, 18])
        #expect(encoder.scanScript?.count == 100)
        let exactly = try encoder.encode(Self.picture)
        #expect(try ImageDecoder().decode(exactly).image == baseline)
    }

    @Test("wrong magic, empty data and other formats are refused by signature")
    func signatures() {
        #expect(throws: DecodingError.empty) { try ImageDecoder().decode([]) }
        var gif = Array("GIF89a".utf8) + [1, 0, 1, 0]
        #expect(throws: DecodingError.unrecognizedFormat(prefix: Array(gif.prefix(8)))) { try ImageDecoder().decode(gif) }
        gif = Self.png
        gif[1] = 0x51  // "Q" instead of "P"
        #expect(Self.kind { _ = try ImageDecoder().decode(gif) } == "unrecognizedFormat")
        #expect(Self.kind { _ = try ImageDecoder().decode([0xFF, 0xD8, 0x00, 0x10]) } == "unrecognizedFormat")
    }

    @Test("files: zero bytes, a directory, a missing path, and a named file decode by signature")
    func files() throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let empty = folder.appendingPathComponent("empty.jpg").path
        #expect(FileManager.default.createFile(atPath: empty, contents: Data()))
        let missing = folder.appendingPathComponent("missing.png").path
        let misnamed = folder.appendingPathComponent("photo.txt").path
        #expect(FileManager.default.createFile(atPath: misnamed, contents: Data(Self.jpeg)))

        #expect(throws: ImageFileError(path: empty, error: .empty)) { try ImageDecoder().decode(contentsOf: empty) }
        #expect(throws: ImageFileError(path: folder.path, error: .notARegularFile)) { try ImageDecoder().decode(contentsOf: folder.path) }
        #expect(throws: ImageFileError(path: missing, error: .fileNotFound)) { try ImageDecoder().decode(contentsOf: missing) }
        #expect(try ImageDecoder().decode(contentsOf: misnamed).info.format == .jpeg)
        #expect(throws: ImageFileError(path: misnamed, error: .exceedsLimit(.inputBytes, declared: Self.jpeg.count, maximum: 100))) {
            try ImageDecoder(limits: DecodingLimits(maxInputBytes: 100)).decode(contentsOf: misnamed)
        }
    }

    @Test("error sentences name the file and the reason")
    func sentences() {
        let error = ImageFileError(path: "visit2/cheek.jpg", error: .exceedsLimit(.pixels, declared: 400_000_000, maximum: 100_000_000))
        #expect(error.description == "Cannot read “visit2/cheek.jpg”: its pixel count (400000000) exceeds the limit of 100000000.")
        let truncated = ImageFileError(path: "a.png", error: .truncated(.png, message: "the file ends before the image data does"))
        #expect(truncated.description == "Cannot read “a.png”: the PNG data ends early (the file ends before the image data does).")
    }
}
