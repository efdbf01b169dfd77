import AnalysisKit
import Foundation
import ImageCore
import RednessAnalyzer
import Testing

/// A patch of haemoglobin-like absorption inserted into real skin (the CC-0 dermoscopy photos of the
/// shared real-data folder, read in place), seen a second time under other light (gain, colour cast,
/// gradient) with the patch unchanged or faded. The localised redness metrics must not move with the
/// light and must follow the patch.
@Suite("Redness inserted into real skin")
struct RednessOnRealSkinTests {
    /// `photo` with a Gaussian patch (σ `radius`/2 px, centred at (0.35, 0.4) of the frame) of
    /// haemoglobin-like optical density `density` at its centre, absorbing (R, G, B) ×(0.10, 1.00, 0.65).
    static func withPatch(_ photo: AnalysisPhoto, density: Double, radius: Double) -> AnalysisPhoto {
        let w = photo.size.width, h = photo.size.height
        let cx = 0.35 * Double(w), cy = 0.4 * Double(h), s2 = 2 * (radius / 2) * (radius / 2)
        func plane(_ p: Image<Gray32>, _ absorption: Double) -> Image<Gray32> {
            Image(size: p.size, pixels: p.pixels.enumerated().map { i, v in
                let dx = Double(i % w) - cx, dy = Double(i / w) - cy
                return Gray32(value: v.value * Float(exp(-absorption * density * exp(-(dx * dx + dy * dy) / s2))))
            })
        }
        return AnalysisPhoto(linearRed: plane(photo.red, 0.10), green: plane(photo.green, 1.0), blue: plane(photo.blue, 0.65))
    }

    @Test("focal redness and red area: other light moves neither; a patch fading to 55 % lowers both, under other light too",
          arguments: ["ISIC_0000010.jpg", "ISIC_0000020.jpg"])
    func insertedPatch(name: String) throws {
        let (photo, mask) = try LightAndColourTests.skin(name)
        let radius = 0.18 * Double(min(photo.size.width, photo.size.height))
        let analyzer = RednessAnalyzer(settings: .init())
        func values(_ before: AnalysisPhoto, _ after: AnalysisPhoto) throws -> (contrast: AnalysisResult.Value, area: AnalysisResult.Value) {
            let pair = try AlignedPair(before: before, after: after, mask: mask, pixelsPerMillimetre: nil)
            let result = try analyzer.analyze(pair, in: AnalysisContext())
            return (try #require(result.value("erythemaContrast")), try #require(result.value("redAreaPercent")))
        }
        let relight = { (p: AnalysisPhoto) in LightAndColourTests.relit(p, gain: 0.9, cast: (1.04, 0.97), gradient: 0.12) }
        let red = Self.withPatch(photo, density: 0.35, radius: radius)
        let same = try values(red, relight(red))
        print("redness on real skin, \(name): focal redness \(same.contrast.before) → \(same.contrast.after!) relit; red area \(same.area.before) → \(same.area.after!)")
        #expect(abs(same.contrast.after! - same.contrast.before) <= 0.03 * same.contrast.before, "\(name): light moved the focal redness")
        #expect(abs(same.area.after! - same.area.before) <= max(0.3, 0.05 * same.area.before), "\(name): light moved the red area")

        let plain = try values(photo, photo)
        #expect(same.contrast.before > plain.contrast.before, "\(name): the patch adds focal redness")
        let faded = try values(red, relight(Self.withPatch(photo, density: 0.35 * 0.55, radius: radius)))
        print("redness on real skin, \(name), faded ×0.55: focal redness \(faded.contrast.before) → \(faded.contrast.after!) (no patch: \(plain.contrast.before)); red area \(faded.area.before) → \(faded.area.after!)")
        // The patch's share of the focal redness falls with it.
        let patchShare = same.contrast.before - plain.contrast.before
        #expect(faded.contrast.before - faded.contrast.after! >= 0.25 * patchShare, "\(name): a fading patch lowers the focal redness")
        #expect(faded.area.after! < faded.area.before, "\(name): a fading patch lowers the red area")
    }

    @Test("a pigmented spot is left out of the localised redness: fading it moves neither metric")
    func pigmentLeftOut() throws {
        let (photo, mask) = try LightAndColourTests.skin("ISIC_0000010.jpg")
        let analyzer = RednessAnalyzer(settings: .init())
        let spotted = SpotsOnRealSkinTests.withSpots(photo, density: 0.45)
        let faded = SpotsOnRealSkinTests.withSpots(photo, density: 0.45 * 0.6)
        let result = try analyzer.analyze(try AlignedPair(before: spotted, after: faded, mask: mask, pixelsPerMillimetre: nil), in: AnalysisContext())
        let contrast = try #require(result.value("erythemaContrast"))
        print("redness on real skin: focal redness with spots fading \(contrast.before) → \(contrast.after!)")
        #expect(abs(contrast.after! - contrast.before) <= 0.03 * contrast.before)
    }
}
