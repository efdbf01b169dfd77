import ImageCore
import Testing

@Suite("Orientation")
struct OrientationTests {
    /// The stored 3×2 raster
    ///
    ///     a b c
    ///     d e f
    ///
    /// and how TIFF 6.0 says each orientation displays it (worked out by hand from the spec's
    /// "0th row / 0th column" wording, not from the code).
    static let stored = Image(size: Size(width: 3, height: 2), pixels: Array("abcdef".utf8).map { Gray8(value: $0) })
    static let expected: [Orientation: [String]] = [
        .up: ["abc", "def"],
        .upMirrored: ["cba", "fed"],
        .down: ["fed", "cba"],
        .downMirrored: ["def", "abc"],
        .leftMirrored: ["ad", "be", "cf"],
        .right: ["da", "eb", "fc"],
        .rightMirrored: ["fc", "eb", "da"],
        .left: ["cf", "be", "ad"],
    ]

    static func rows(_ image: Image<Gray8>) -> [String] {
        (0..<image.height).map { y in
            String(decoding: (0..<image.width).map { image[x: $0, y: y].value }, as: UTF8.self)
        }
    }

    @Test("each orientation displays the raster as TIFF 6.0 defines", arguments: Orientation.allCases)
    func matchesSpecification(_ orientation: Orientation) {
        #expect(Self.rows(Self.stored.applying(orientation)) == Self.expected[orientation])
        #expect(orientation.uprightSize(forStored: Self.stored.size) == Self.stored.applying(orientation).size)
    }

    @Test("the tiled fast path equals the per-pixel definition", arguments: Orientation.allCases,
          [Size(width: 1, height: 1), Size(width: 1, height: 70), Size(width: 70, height: 1), Size(width: 131, height: 67)])
    func tiledMatchesDefinition(_ orientation: Orientation, size: Size) {
        var state: UInt32 = 12345
        let image = Image(size: size, pixels: (0..<(size.width * size.height)).map { _ in
            state = state &* 1_664_525 &+ 1_013_904_223
            return RGB16(red: UInt16(state >> 16), green: UInt16(state & 0xFFFF), blue: UInt16(state >> 8 & 0xFFFF))
        })
        let turned = image.applying(orientation)
        #expect(turned.size == orientation.uprightSize(forStored: size))
        var mismatches = 0
        for y in 0..<turned.height {
            for x in 0..<turned.width {
                let source = orientation.storedPosition(uprightX: x, uprightY: y, stored: size)
                if turned[x: x, y: y] != image[x: source.x, y: source.y] { mismatches += 1 }
            }
        }
        #expect(mismatches == 0)
        #expect(image.applying(orientation.inverse).applying(orientation) == image)
    }
}
