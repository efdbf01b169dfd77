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
}
