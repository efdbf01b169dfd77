import AnalysisKit
import Foundation
import ImageCodec
import ImageCore
import PigmentationAnalyzer
import RednessAnalyzer
import ScarTextureAnalyzer
import Testing

/// Real skin (the CC-0 dermoscopy photos in the shared real-data folder, read in place) seen twice:
/// the second time under different light only, or with a true dark patch added. Checks that light
/// is not read as skin and skin is not taken for light.
@Suite("Light, exposure and colour between sessions, on real skin")
struct LightAndColourTests {
    static let realData = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/realdata")

    /// A photo's linear planes at half size, and a mask of its central 70 %.
    static func skin(_ name: String) throws -> (photo: AnalysisPhoto, mask: Image<Gray8>) {
        let path = realData.appendingPathComponent(name).path
        let picture = try ImageDecoder(jpegScaleDenominator: 2).decode(contentsOf: path)
        let photo = AnalysisPhoto(rgb: picture.image.rgb8)
        let w = photo.size.width, h = photo.size.height
        let mask = Image<Gray8>(size: photo.size, pixels: (0..<(w * h)).map { i in
            let x = i % w, y = i / w
            return Gray8(value: x > w * 15 / 100 && x < w * 85 / 100 && y > h * 15 / 100 && y < h * 85 / 100 ? 255 : 0)
        })
        return (photo, mask)
    }

    /// `photo` under other light: a gain, a colour cast and a vertical gradient (linear light), and
    /// optionally a dark patch of melanin-like absorption (radius in pixels) at the centre.
    static func relit(_ photo: AnalysisPhoto, gain: Float, cast: (Float, Float), gradient: Float, patchRadius: Double = 0) -> AnalysisPhoto {
        let w = photo.size.width, h = photo.size.height
        func plane(_ p: Image<Gray32>, _ channelGain: Float, _ absorption: Float) -> Image<Gray32> {
            Image(size: p.size, pixels: p.pixels.enumerated().map { i, v in
                let x = Double(i % w), y = Double(i / w)
                let v2 = Float(2 * y / Double(h - 1) - 1)
                let inside = (x - Double(w) / 2) * (x - Double(w) / 2) + (y - Double(h) / 2) * (y - Double(h) / 2) < patchRadius * patchRadius
                return Gray32(value: v.value * gain * channelGain * (1 + gradient * v2) * (inside ? exp(-0.45 * absorption) : 1))
            })
        }
        return AnalysisPhoto(linearRed: plane(photo.red, cast.0, 0.55), green: plane(photo.green, 1, 0.85), blue: plane(photo.blue, cast.1, 1.15))
    }

    @Test("light alone (gain 0.9, cast R ×1.04 B ×0.97, a ±12 % gradient) moves no tone spread, texture or red area; mean a* is widened by the cast and not judged")
    func lightAlone() throws {
        for name in ["ISIC_0000000.jpg", "ISIC_0000010.jpg", "ISIC_0000020.jpg"] {
            let (photo, mask) = try Self.skin(name)
            let pair = try AlignedPair(before: photo, after: Self.relit(photo, gain: 0.9, cast: (1.04, 0.97), gradient: 0.12), mask: mask,
                                       pixelsPerMillimetre: nil)
            let tone = try PigmentationAnalyzer(settings: .init()).analyze(pair, in: AnalysisContext())
            for metric in ["lStarSD", "bStarSD", "itaSD", "melaninIndexSD"] {
                let v = try #require(tone.value(metric))
                print("light alone, \(name): \(metric) \(v.before) → \(v.after!)")
                #expect(abs(v.after! / v.before - 1) < 0.02, "\(name): \(metric) \(v.before) → \(v.after!)")
            }
            #expect(tone.notes.contains { $0.hasPrefix("Tone: the light on the after photo differed") })
            let texture = try ScarTextureAnalyzer(settings: .init()).analyze(pair, in: AnalysisContext())
            let roughness = try #require(texture.value("roughness"))
            #expect(abs(roughness.after! / roughness.before - 1) < 0.03, "\(name): roughness \(roughness.before) → \(roughness.after!)")
            let redness = try RednessAnalyzer(settings: .init()).analyze(pair, in: AnalysisContext())
            let a = try #require(redness.value("meanAStar")), area = try #require(redness.value("redAreaPercent"))
            print("light alone, \(name): mean a* \(a.before) → \(a.after!) ± \(a.systematicUncertainty ?? 0); red area \(area.before) → \(area.after!)")
            #expect(redness.flags.contains("colourNotComparable"))
            #expect((a.systematicUncertainty ?? 0) >= 0.8 * abs(a.after! - a.before), "\(name): the cast's own effect covers the a* shift")
            #expect(a.withheldReason != nil && redness.value("erythemaIndex")?.withheldReason != nil,
                    "\(name): no verdict on the mean colour under a cast")
            #expect(area.withheldReason == nil, "\(name): the red area is still judged")
            #expect(abs(area.after! - area.before) <= max(0.5, 0.1 * area.before), "\(name): red area \(area.before) → \(area.after!)")
        }
    }

    /// A brighter exposure with a bluer white balance that clips the blue channel of the lightest
    /// skin on the after photo (ISIC_0000000 at gain 1.12 × cast B ×1.04: 6 % of the skin on the
    /// eval's pair, whose b* spread read 7.8 % lower with nothing changed). Where a channel is
    /// clipped the colour is not known, so the spreads leave those pixels out on both photos and
    /// say so.
    @Test("a blue channel clipped on the after photo moves no tone spread; the clipped skin is left out and named")
    func clippedChannel() throws {
        let (photo, mask) = try Self.skin("ISIC_0000000.jpg")
        let bright = Self.relit(photo, gain: 1.12, cast: (1.02, 1.04), gradient: 0)
        func clip(_ p: Image<Gray32>) -> Image<Gray32> { PlaneMath.map(p) { min($0, 1) } }
        let after = AnalysisPhoto(linearRed: clip(bright.red), green: clip(bright.green), blue: clip(bright.blue))
        let clippedShare = Double(zip(bright.blue.pixels, mask.pixels).filter { $0.value >= 1 && $1.value != 0 }.count) / Double(PlaneMath.count(mask))
        let pair = try AlignedPair(before: photo, after: after, mask: mask, pixelsPerMillimetre: nil)
        let tone = try PigmentationAnalyzer(settings: .init()).analyze(pair, in: AnalysisContext())
        for metric in ["lStarSD", "bStarSD", "itaSD", "melaninIndexSD"] {
            let v = try #require(tone.value(metric))
            print("clipped blue (\(100 * clippedShare) % of the skin): \(metric) \(v.before) → \(v.after!)")
            #expect(abs(v.after! / v.before - 1) < 0.02, "\(metric) \(v.before) → \(v.after!)")
        }
        #expect(clippedShare > 0.01, "the test clips some skin")
        #expect(tone.notes.contains { $0.contains("where a colour channel is clipped on either photo") }, "\(tone.notes)")
    }

    @Test("a true dark patch under changed light stays in the tone spread; unchanged colour is not flagged")
    func patchKept() throws {
        let (photo, mask) = try Self.skin("ISIC_0000010.jpg")
        func spread(_ after: AnalysisPhoto) throws -> (before: Double, after: Double) {
            let pair = try AlignedPair(before: photo, after: after, mask: mask, pixelsPerMillimetre: nil)
            let l = try #require(try PigmentationAnalyzer(settings: .init()).analyze(pair, in: AnalysisContext()).value("lStarSD"))
            return (l.before, l.after!)
        }
        // The same patch under the same light, and under other light: the patch must raise the
        // spread by the same amount, or the field took some of it for light.
        let sameLight = try spread(Self.relit(photo, gain: 1, cast: (1, 1), gradient: 0, patchRadius: 30))
        let otherLight = try spread(Self.relit(photo, gain: 1.05, cast: (1, 1), gradient: -0.1, patchRadius: 30))
        let rise = sameLight.after - sameLight.before, riseUnderOtherLight = otherLight.after - otherLight.before
        print("dark patch: lStarSD rises by \(rise) under the same light, by \(riseUnderOtherLight) under other light")
        #expect(rise > 0.02 * sameLight.before)
        #expect(abs(riseUnderOtherLight - rise) <= 0.15 * rise)
        let pair = try AlignedPair(before: photo, after: Self.relit(photo, gain: 1.05, cast: (1, 1), gradient: -0.1, patchRadius: 30),
                                   mask: mask, pixelsPerMillimetre: nil)
        let redness = try RednessAnalyzer(settings: .init()).analyze(pair, in: AnalysisContext())
        #expect(!redness.flags.contains("colourNotComparable") && redness.value("meanAStar")?.systematicUncertainty == nil
                && redness.value("meanAStar")?.withheldReason == nil)
    }

    @Test("the illumination field recovers a known quadratic and leaves a local spot out")
    func fieldFit() throws {
        let w = 300, h = 200
        let truth: (Double, Double) -> Double = { x, y in
            let u = (x - 149.5) / 150, v = (y - 99.5) / 150
            return 0.5 + 0.08 * u - 0.05 * v + 0.04 * u * u + 0.02 * u * v - 0.03 * v * v
        }
        var state: UInt64 = 7
        let density = Image<Gray32>(size: Size(width: w, height: h), pixels: (0..<(w * h)).map { i in
            let x = Double(i % w), y = Double(i / w)
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let noise = (Double(state >> 40) / Double(1 << 24) - 0.5) * 0.02
            let spot = (x - 200) * (x - 200) + (y - 80) * (y - 80) < 15 * 15 ? 0.3 : 0
            return Gray32(value: Float(truth(x, y) + noise + spot))
        })
        let mask = Image<Gray8>(size: density.size, repeating: Gray8(value: 255))
        let field = try #require(IlluminationField.fit(density, mask: mask, pixelsPerMillimetre: 4))
        for (x, y) in [(0.0, 0.0), (299.0, 199.0), (200.0, 80.0), (150.0, 100.0)] {
            #expect(abs(field.value(x: x, y: y) - truth(x, y)) < 0.006, "at (\(x), \(y)): \(field.value(x: x, y: y)) vs \(truth(x, y))")
        }
    }
}
