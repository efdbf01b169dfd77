import AnalysisKit
import FineLinesAnalyzer
import Foundation
import ImageCore
import Testing

/// Hairs are left out of the skin mask, but their darkness reaches the ridge filter's neighbourhood:
/// on real skin (a CC-0 dermoscopy photo of the shared real-data folder, read in place) with hairs on
/// one photo only, the lines must not follow the hairs.
@Suite("Fine lines beside hairs")
struct LinesBesideHairsTests {
    /// Straight dark hairs 2 px wide (linear light ×0.2), every 60 px across the frame at 30°.
    static func hairs(width w: Int, height h: Int) -> [Bool] {
        let c = cos(Double.pi / 6), s = sin(Double.pi / 6)
        return (0..<(w * h)).map { i in
            let d = Double(i % w) * s - Double(i / w) * c
            let r = d.truncatingRemainder(dividingBy: 60)
            return abs(r < 0 ? r + 60 : r) < 1
        }
    }

    @Test("hairs on the before photo only, left out of the mask as the skin mask does (grown by a pixel), add no line")
    func hairsOnOnePhoto() throws {
        let (photo, mask) = try LightAndColourTests.skin("ISIC_0000010.jpg")
        let w = photo.size.width, h = photo.size.height
        let hair = Self.hairs(width: w, height: h)
        func darkened(_ p: Image<Gray32>) -> Image<Gray32> {
            Image(size: p.size, pixels: p.pixels.enumerated().map { Gray32(value: hair[$0] ? $1.value * 0.2 : $1.value) })
        }
        let hairy = AnalysisPhoto(linearRed: darkened(photo.red), green: darkened(photo.green), blue: darkened(photo.blue))
        let grown = Kernels.Morphology.fast(Image(size: photo.size, pixels: hair.map { Gray8(value: $0 ? 255 : 0) }), .dilate, radius: 1,
                                            parallel: false)
        let skin = Image(size: photo.size, pixels: zip(mask.pixels, grown.pixels).map { Gray8(value: $0.value != 0 && $1.value == 0 ? 255 : 0) })
        let pair = try AlignedPair(before: hairy, after: photo, mask: skin, pixelsPerMillimetre: nil)
        let result = try FineLinesAnalyzer(settings: .init()).analyze(pair, in: AnalysisContext())
        let density = try #require(result.value("lineDensity")), area = try #require(result.value("lineAreaPercent"))
        print("lines beside hairs: density \(density.before) → \(density.after!) px/MP, area \(area.before) → \(area.after!) %")
        #expect(abs(density.before - density.after!) <= max(0.1 * density.after!, 200), "hairs read as lines: \(density.before) vs \(density.after!)")
        #expect(abs(area.before - area.after!) <= max(0.1 * area.after!, 0.2))
    }
}
