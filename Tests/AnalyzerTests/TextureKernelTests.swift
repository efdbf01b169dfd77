import ImageCore
import ScarTextureAnalyzer
import Testing

@Suite("Texture kernels")
struct TextureKernelTests {
    static let sizes = [Size(width: 1, height: 1), Size(width: 2, height: 5), Size(width: 3, height: 3), Size(width: 17, height: 9),
                        Size(width: 64, height: 31), Size(width: 5, height: 40)]

    /// Values on a coarse grid of levels, so that neighbours tie with the centre often.
    static func plane(_ size: Size, seed: UInt64, levels: Float?) -> Image<Gray32> {
        var state = seed
        return Image(size: size, pixels: (0..<size.width * size.height).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let u = Float(state >> 40) / Float(1 << 24)
            return Gray32(value: levels.map { ($0 * u).rounded(.down) } ?? 100 * u)
        })
    }

    @Test("LBP(8, 1): the fast codes equal the reference's, with and without ties", arguments: sizes, [nil, 3 as Float?])
    func lbp(size: Size, levels: Float?) {
        let image = Self.plane(size, seed: 41, levels: levels)
        #expect(TextureFeatures.localBinaryPattern(image) == TextureFeatures.localBinaryPatternReference(image))
    }

    @Test("GLCM: one pass over disjoint regions gives each region's counts and the whole image's", arguments: [(1, 0), (1, -1), (0, -2), (-3, -3), (4, 0)])
    func cooccurrences(dx: Int, dy: Int) {
        let size = Size(width: 37, height: 23), levels = 5
        var state: UInt64 = 7
        func next() -> UInt64 { state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407; return state >> 33 }
        let plane = (0..<size.width * size.height).map { _ in UInt8(next() % UInt64(levels)) }
        let mask = (0..<size.width * size.height).map { _ in next() % 5 != 0 }
        // A grid of 8-px tiles from (3, 2), every other one left out, the last ones cut by the edge.
        var regions: [(x: Int, y: Int, width: Int, height: Int)] = []
        for row in 0..<3 {
            for column in 0..<5 where (row + column) % 2 == 0 {
                let x = 3 + 8 * column, y = 2 + 8 * row
                regions.append((x, y, min(8, size.width - x), min(8, size.height - y)))
            }
        }
        let merged = TextureFeatures.cooccurrences(plane, size: size, mask: mask, levels: levels, dx: dx, dy: dy, regions: regions)
        #expect(merged.whole == TextureFeatures.cooccurrence(plane, size: size, mask: mask, levels: levels, dx: dx, dy: dy))
        for (index, region) in regions.enumerated() {
            #expect(merged.regions[index] == TextureFeatures.cooccurrence(plane, size: size, mask: mask, levels: levels, dx: dx, dy: dy,
                                                                          region: region))
        }
    }
}
