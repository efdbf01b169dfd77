import AnalysisKit
import Foundation
import ImageCore
import ScarTextureAnalyzer
import Testing

/// Real skin (a CC-0 dermoscopy photo of the shared real-data folder, read in place) whose texture is
/// made fainter all over, as a course of treatment smooths it: the rough patches held to one bar
/// must shrink with it.
@Suite("Scar regions on real skin")
struct ScarsOnRealSkinTests {
    /// `photo` with its detail (linear light minus a Gaussian of σ 20 px) scaled by `factor`.
    static func smoothed(_ photo: AnalysisPhoto, factor: Float) -> AnalysisPhoto {
        func plane(_ p: Image<Gray32>) -> Image<Gray32> {
            let base = Kernels.RecursiveGaussian.fast(p, sigma: 20, parallel: false)
            return PlaneMath.combine(p, base) { max(0, $1 + factor * ($0 - $1)) }
        }
        return AnalysisPhoto(linearRed: plane(photo.red), green: plane(photo.green), blue: plane(photo.blue))
    }

    @Test("skin smoothed all over to 60 % of its texture: scar area falls (the before photo's threshold holds for both)")
    func smoothedAllOver() throws {
        let (photo, mask) = try LightAndColourTests.skin("ISIC_0000020.jpg")
        let pair = try AlignedPair(before: photo, after: Self.smoothed(photo, factor: 0.6), mask: mask, pixelsPerMillimetre: nil)
        let result = try ScarTextureAnalyzer(settings: .init()).analyze(pair, in: AnalysisContext())
        let area = try #require(result.value("scarAreaPercent")), roughness = try #require(result.value("roughness"))
        print("scars on real skin, smoothed ×0.6: scar area \(area.before) → \(area.after!) %, roughness \(roughness.before) → \(roughness.after!)")
        #expect(roughness.after! < 0.75 * roughness.before)
        #expect(area.before > 1 && area.after! < 0.5 * area.before, "scar area \(area.before) → \(area.after!)")
        let same = try ScarTextureAnalyzer(settings: .init()).analyze(try AlignedPair(before: photo, after: photo, mask: mask, pixelsPerMillimetre: nil),
                                                                       in: AnalysisContext())
        let unchanged = try #require(same.value("scarAreaPercent"))
        #expect(abs(unchanged.after! - unchanged.before) <= 0.001 * unchanged.before)
    }
}
