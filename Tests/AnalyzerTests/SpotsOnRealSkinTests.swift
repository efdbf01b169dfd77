import AnalysisKit
import Foundation
import ImageCore
import PigmentationAnalyzer
import Testing

/// Dark spots of known size and contrast inserted into real skin (the CC-0 dermoscopy photos of the
/// shared real-data folder, read in place, around their lesions), seen a second time under other
/// light with the spots unchanged or faded. The spot metrics must count what was inserted, keep
/// their values when only the light changed, and follow a fading spot's contrast.
@Suite("Dark spots inserted into real skin")
struct SpotsOnRealSkinTests {
    /// Spot centres (fractions of the frame) away from the lesions at the frames' centres, and radii
    /// in pixels of the half-size photo (0.45–0.6 mm at the 20 px/mm assumed without a scale, all
    /// above the smallest spot area, 0.4 mm²).
    static let spots: [(x: Double, y: Double, radius: Double)] = [
        (0.68, 0.22, 10), (0.8, 0.5, 11), (0.68, 0.78, 12), (0.25, 0.8, 9),
    ]

    /// `photo` with melanin-like absorption (optical density `density` per channel ×(0.55, 0.85, 1.15),
    /// an edge of 1 px) added inside each spot.
    static func withSpots(_ photo: AnalysisPhoto, density: Double,
                          at spots: [(x: Double, y: Double, radius: Double)] = spots) -> AnalysisPhoto {
        let w = photo.size.width, h = photo.size.height
        var amount = [Double](repeating: 0, count: w * h)
        for spot in spots {
            let cx = spot.x * Double(w), cy = spot.y * Double(h)
            for y in max(0, Int(cy - 2 * spot.radius))..<min(h, Int(cy + 2 * spot.radius) + 1) {
                for x in max(0, Int(cx - 2 * spot.radius))..<min(w, Int(cx + 2 * spot.radius) + 1) {
                    let r = ((Double(x) - cx) * (Double(x) - cx) + (Double(y) - cy) * (Double(y) - cy)).squareRoot()
                    amount[y * w + x] += density / (1 + exp((r - spot.radius) / 1.0))
                }
            }
        }
        func plane(_ p: Image<Gray32>, _ absorption: Double) -> Image<Gray32> {
            Image(size: p.size, pixels: p.pixels.enumerated().map { i, v in Gray32(value: v.value * Float(exp(-absorption * amount[i]))) })
        }
        return AnalysisPhoto(linearRed: plane(photo.red, 0.55), green: plane(photo.green, 0.85), blue: plane(photo.blue, 1.15))
    }

    /// The inserted spots' area, percent of the mask.
    static func insertedAreaPercent(_ mask: Image<Gray8>) -> Double {
        let skin = Double(PlaneMath.count(mask))
        return 100 * spots.reduce(0) { $0 + Double.pi * $1.radius * $1.radius } / skin
    }

    /// Spots inserted around the small lesion of ISIC_0000010 (its skin's ΔD spread is 0.05, a
    /// quarter of the inserted spots' darkening). Beside a large lesion (ISIC_0000020, spread 0.19)
    /// the seed threshold is above the inserted spots' darkening and they are not found. Here 3 of the
    /// 4 are found and the area they add is 69 % of the inserted discs': printed, not yet held to a
    /// bound.
    @Test("spots inserted into real skin: other light moves no spot metric; a uniform fade keeps count and outline and lowers the contrast")
    func insertedSpots() throws {
        let name = "ISIC_0000010.jpg"
        let (photo, mask) = try LightAndColourTests.skin(name)
        let analyzer = PigmentationAnalyzer(settings: .init())
        func spotValues(_ before: AnalysisPhoto, _ after: AnalysisPhoto) throws -> (area: AnalysisResult.Value, count: AnalysisResult.Value,
                                                                                      contrast: AnalysisResult.Value) {
            let pair = try AlignedPair(before: before, after: after, mask: mask, pixelsPerMillimetre: nil)
            let result = try analyzer.analyze(pair, in: AnalysisContext())
            return (try #require(result.value("spotAreaPercent")), try #require(result.value("spotCount")),
                    try #require(result.value("spotMeanDeltaE")))
        }
        let plain = try spotValues(photo, photo)
        let spotted = Self.withSpots(photo, density: 0.45)
        let relight = { (p: AnalysisPhoto) in LightAndColourTests.relit(p, gain: 0.92, cast: (1.03, 0.97), gradient: 0.08) }

        let same = try spotValues(spotted, relight(spotted))
        print("spots on real skin, \(name): area \(plain.area.before) % plain, \(same.area.before) % with spots (inserted "
              + "\(Self.insertedAreaPercent(mask)) %); count \(plain.count.before) → \(same.count.before) (\(Self.spots.count) inserted); "
              + "relit: area \(same.area.after!) %, count \(same.count.after!), ΔE \(same.contrast.before) → \(same.contrast.after!)")
        #expect(same.count.before > plain.count.before, "\(name): the inserted spots are found")
        #expect(same.count.after == same.count.before, "\(name): other light, same spots")
        #expect(abs(same.area.after! - same.area.before) <= 0.03 * same.area.before, "\(name): other light moved the spot area")
        #expect(abs(same.contrast.after! - same.contrast.before) <= 0.02 * same.contrast.before, "\(name): other light moved the contrast")

        let faded = try spotValues(spotted, relight(Self.withSpots(photo, density: 0.45 * 0.6)))
        print("spots on real skin, \(name), faded ×0.6: area \(faded.area.before) → \(faded.area.after!) %, count \(faded.count.before) → "
              + "\(faded.count.after!), ΔE \(faded.contrast.before) → \(faded.contrast.after!)")
        #expect(faded.count.after == faded.count.before, "\(name): a fading spot is still a spot")
        #expect(abs(faded.area.after! - faded.area.before) <= 0.05 * faded.area.before, "\(name): a uniform fade keeps the outline")
        #expect(faded.contrast.after! < 0.9 * faded.contrast.before, "\(name): the contrast follows the fade")
    }

    /// Spots on the skin beside the nevus of ISIC_0000020 (a third of the frame; 1.5–2 mm from its
    /// edge, and one on the light brown skin below it), of melanin-like density 0.6 (0.48 in
    /// luminance: this skin's fine texture sets the seed threshold at 0.37 at half size, above the
    /// 0.36 of the other tests' spots). The nevus neither raises the seed threshold nor swallows the
    /// spots, and their fade is a fall of the mean spot contrast on the same regions. (Spots that
    /// touch the nevus merge with it into one region far larger than a spot and are not found.)
    @Test("spots beside a large nevus are found and their fade lowers the contrast")
    func spotsBesideNevus() throws {
        let name = "ISIC_0000020.jpg"
        let (photo, mask) = try LightAndColourTests.skin(name)
        let beside: [(x: Double, y: Double, radius: Double)] = [(0.66, 0.3, 11), (0.18, 0.62, 10), (0.45, 0.72, 12), (0.64, 0.62, 10)]
        let analyzer = PigmentationAnalyzer(settings: .init())
        func measured(_ before: AnalysisPhoto, _ after: AnalysisPhoto) throws -> AnalysisResult {
            try analyzer.analyze(try AlignedPair(before: before, after: after, mask: mask, pixelsPerMillimetre: nil), in: AnalysisContext())
        }
        let plain = try #require(try measured(photo, photo).value("spotCount")).before
        let spotted = Self.withSpots(photo, density: 0.6, at: beside)
        let faded = LightAndColourTests.relit(Self.withSpots(photo, density: 0.6 * 0.6, at: beside), gain: 0.95, cast: (1.02, 0.98), gradient: 0.05)
        let result = try measured(spotted, faded)
        let count = try #require(result.value("spotCount")), contrast = try #require(result.value("spotMeanDeltaE"))
        print("spots beside a nevus, \(name): \(plain) spots plain, \(count.before) with \(beside.count) inserted, \(count.after!) faded; ΔE \(contrast.before) → \(contrast.after!)")
        #expect(count.before >= plain + 3, "\(name): at least 3 of the \(beside.count) spots beside the nevus are found")
        #expect(count.after == count.before, "\(name): a fading spot is still a spot")
        #expect(contrast.after! < 0.9 * contrast.before, "\(name): the mean contrast falls with the fade")
    }

    /// A real dermoscopy close-up whose lesion fills the frame (ISIC_0000000): the lesion's spread
    /// sets the spot threshold far above any ordinary spot's darkening, so "no change" in spots
    /// would be a confident wrong answer; the spot metrics get no verdict and say why. Around a
    /// small lesion (ISIC_0000010) they are judged.
    @Test("a lesion that fills the frame hides ordinary spots: the spot metrics get no verdict, with the reason")
    func lesionFillsFrame() throws {
        let analyzer = PigmentationAnalyzer(settings: .init())
        for (name, hidden) in [("ISIC_0000000.jpg", true), ("ISIC_0000010.jpg", false)] {
            let (photo, mask) = try LightAndColourTests.skin(name)
            let after = LightAndColourTests.relit(photo, gain: 0.95, cast: (1.02, 0.98), gradient: 0.05)
            let pair = try AlignedPair(before: photo, after: after, mask: mask, pixelsPerMillimetre: nil)
            let result = try analyzer.analyze(pair, in: AnalysisContext())
            for metric in ["spotCount", "spotAreaPercent", "spotMeanDeltaE"] {
                let reason = try #require(result.value(metric)).withheldReason
                #expect((reason != nil) == hidden, "\(name) \(metric): \(reason ?? "judged")")
                if let reason { #expect(reason.contains("less light than the surrounding skin")) }
            }
            #expect(result.notes.contains { $0.hasPrefix("Spots: no verdict") } == hidden, "\(name)")
            // The tone metrics are judged either way.
            #expect(try #require(result.value("lStarSD")).withheldReason == nil)
        }
    }
}
