@_spi(Testing) import ImageCodec
import ImageCore
import Testing

/// One picture stored eight ways, each with the EXIF orientation that turns it back upright,
/// must decode to the identical upright pixels. The APP1 (JPEG) and eXIf (PNG) blocks are
/// written by the tests byte by byte.
@Suite("EXIF orientation and capture time")
struct ExifOrientationTests {
    /// 48×32 with an asymmetric mark, so every wrong turn or mirror shows.
    static let upright = Fixtures.noiseRGB(Size(width: 48, height: 32), seed: 99)

    @Test("PNG with eXIf: orientations 1–8 give identical upright pixels", arguments: Orientation.allCases)
    func pngOrientation(_ orientation: Orientation) throws {
        let stored = Self.upright.applying(orientation.inverse)
        let png = try PNGEncoder().encode(stored)
        let tagged = Fixtures.insertingAfterHeader(png, type: "eXIf", data: Fixtures.exifTIFF(orientation: orientation.rawValue))
        let decoded = try ImageDecoder().decode(tagged)
        #expect(decoded.info.orientation == orientation)
        #expect(decoded.info.storedSize == stored.size)
        #expect(decoded.info.size == Self.upright.size)
        #expect(decoded.image == .rgb8(Self.upright))
    }

    /// JPEG is lossy, so the scene is made of flat 8×8 blocks in 4:4:4: each block then decodes
    /// exactly, and turning the file's blocks is the same as turning the picture.
    static let blocks: Image<RGB8> = {
        var random = Fixtures.Random(seed: 5)
        let size = Size(width: 64, height: 40)
        let colours = (0..<(8 * 5)).map { _ in RGB8(red: random.byte(), green: random.byte(), blue: random.byte()) }
        var pixels: [RGB8] = []
        for y in 0..<size.height { for x in 0..<size.width { pixels.append(colours[(y / 8) * 8 + x / 8]) } }
        return Image(size: size, pixels: pixels)
    }()

    @Test("JPEG with APP1: orientations 1–8 give identical upright pixels", arguments: Orientation.allCases, [false, true])
    func jpegOrientation(_ orientation: Orientation, bigEndian: Bool) throws {
        let encoder = JPEGEncoder(quality: 100, chromaSubsampling: .none)
        let reference = try ImageDecoder().decode(encoder.encode(Self.blocks)).image
        let stored = Self.blocks.applying(orientation.inverse)
        let jpeg = Fixtures.insertingExif(
            intoJPEG: try encoder.encode(stored),
            tiff: Fixtures.exifTIFF(orientation: orientation.rawValue, dateTime: "2026:03:01 10:22:03", bigEndian: bigEndian))
        let decoded = try ImageDecoder().decode(jpeg)
        #expect(decoded.info.orientation == orientation)
        #expect(decoded.info.size == Self.blocks.size)
        #expect(decoded.image == reference)
        #expect(decoded.info.exif.captureTime?.description == "2026-03-01T10:22:03")
    }

    @Test("invalid orientation values are treated as upright and reported", arguments: [0, 9, 255])
    func invalidOrientation(value: Int) throws {
        let png = try PNGEncoder().encode(Self.upright)
        let tagged = Fixtures.insertingAfterHeader(png, type: "eXIf", data: Fixtures.exifTIFF(orientation: value))
        let decoded = try ImageDecoder().decode(tagged)
        #expect(decoded.info.orientation == .up)
        #expect(decoded.info.exif.invalidOrientationValue == value)
        #expect(decoded.image == .rgb8(Self.upright))
    }

    @Test("appliesOrientation = false keeps the stored raster")
    func storedRaster() throws {
        let stored = Self.upright.applying(Orientation.right.inverse)
        let png = Fixtures.insertingAfterHeader(try PNGEncoder().encode(stored), type: "eXIf", data: Fixtures.exifTIFF(orientation: 6))
        let decoded = try ImageDecoder(appliesOrientation: false).decode(png)
        #expect(decoded.image == .rgb8(stored))
        #expect(decoded.info.orientation == .right)
    }

    @Test("capture time with a UTC offset")
    func captureTimeWithOffset() throws {
        let tiff = Fixtures.exifTIFF(orientation: nil, dateTime: "2025:12:31 23:59:58", offset: "+01:00")
        let exif = tiff.withUnsafeBytes { ExifMetadata(tiff: $0) }
        #expect(exif.orientation == nil)
        #expect(exif.captureTime == CaptureTime(year: 2025, month: 12, day: 31, hour: 23, minute: 59, second: 58, utcOffset: "+01:00"))
        #expect(exif.captureTime?.description == "2025-12-31T23:59:58+01:00")
    }

    @Test("blank or impossible capture times are ignored",
          arguments: ["    :  :     :  :  ", "0000:00:00 00:00:00", "2026:13:01 10:00:00", "2026:03:01 25:00:00", "2026-03-01"])
    func badCaptureTimes(text: String) {
        #expect(CaptureTime(exifDateTime: text) == nil)
    }

    @Test("hostile EXIF blocks end quickly with nothing read")
    func hostileExif() {
        var cases: [[UInt8]] = []
        // IFD0 offset past the end.
        cases.append([0x49, 0x49, 42, 0, 0xFF, 0xFF, 0xFF, 0x7F])
        // 65,535 declared entries in a tiny block.
        cases.append([0x49, 0x49, 42, 0, 8, 0, 0, 0, 0xFF, 0xFF, 0x12, 0x01, 3, 0])
        // Wrong byte-order mark.
        cases.append([0x49, 0x4D, 42, 0, 8, 0, 0, 0])
        // Exif IFD pointer to itself, and a string offset past the end.
        var looping = Fixtures.exifTIFF(orientation: 3, dateTime: "2026:03:01 10:22:03")
        looping[looping.count - 20 - 4 - 1] = 0xFF
        cases.append(looping)
        // Truncated at every length.
        let good = Fixtures.exifTIFF(orientation: 6, dateTime: "2026:03:01 10:22:03")
        for length in 0..<good.count { cases.append(Array(good.prefix(length))) }
        for bytes in cases {
            let exif = bytes.withUnsafeBytes { ExifMetadata(tiff: $0) }
            if let orientation = exif.orientation { #expect([.down, .right].contains(orientation)) }
        }
        #expect(good.withUnsafeBytes { ExifMetadata(tiff: $0) }.orientation == .right)
    }
}
