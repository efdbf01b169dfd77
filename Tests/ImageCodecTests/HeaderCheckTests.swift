import Foundation
@_spi(Testing) import ImageCodec
import ImageCore
import Testing

@Suite("Header check from a prefix")
struct HeaderCheckTests {
    static func write(_ bytes: [UInt8], name: String, in folder: URL) throws -> String {
        let url = folder.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    @Test("a usable JPEG and PNG pass from their first bytes and from the whole file; a prefix too short falls back to the file")
    func usable() throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let picture = Image(size: Size(width: 300, height: 200), repeating: RGB8(red: 180, green: 120, blue: 100))
        let jpeg = try Self.write(JPEGEncoder().encode(picture), name: "a.jpg", in: folder)
        let png = try Self.write(PNGEncoder().encode(picture), name: "a.png", in: folder)
        let decoder = ImageDecoder()
        for path in [jpeg, png] {
            try decoder.checkHeader(contentsOf: path)
            try decoder.checkHeader(contentsOf: path, prefixBytes: 12)
        }
    }

    @Test("a file cut inside its header, garbage, or over a limit fails with the reason readInfo gives")
    func unusable() throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let picture = Image(size: Size(width: 300, height: 200), repeating: RGB8(red: 180, green: 120, blue: 100))
        let encoded = try JPEGEncoder().encode(picture)
        let cut = try Self.write(Array(encoded.prefix(40)), name: "cut.jpg", in: folder)
        let garbage = try Self.write([UInt8](repeating: 0x5A, count: 1000), name: "garbage.jpg", in: folder)
        let big = try Self.write(encoded, name: "big.jpg", in: folder)
        let small = ImageDecoder(limits: DecodingLimits(maxPixels: 100))
        for (decoder, path) in [(ImageDecoder(), cut), (ImageDecoder(), garbage), (small, big)] {
            var expected: ImageFileError?
            do { _ = try decoder.readInfo(contentsOf: path) } catch { expected = error }
            #expect(expected != nil)
            #expect(throws: expected!) { try decoder.checkHeader(contentsOf: path) }
            #expect(throws: expected!) { try decoder.checkHeader(contentsOf: path, prefixBytes: 16) }
        }
    }
}
