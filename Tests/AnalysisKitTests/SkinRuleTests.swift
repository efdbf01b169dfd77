import AnalysisKit
import ImageCore
import Testing

@Suite("Skin rules: the hue gate for faces, the whole frame for close-ups")
struct SkinRuleTests {
    /// A close-up under a cool white balance: bluish-grey skin with fine texture filling the frame,
    /// a brown spot in the middle.
    static func coolCloseUp() -> Image<RGB8> {
        let size = Size(width: 96, height: 72)
        return Image<RGB8>(size: size, pixels: (0..<size.width * size.height).map { i in
            let x = i % size.width, y = i / size.width
            let texture = UInt8((x * 7 + y * 13) % 9)
            let dx = x - 48, dy = y - 36
            if dx * dx + dy * dy < 64 { return RGB8(red: 120 + texture, green: 95 + texture, blue: 80 + texture) }
            return RGB8(red: 150 + texture, green: 160 + texture, blue: 178 + texture)
        })
    }

    @Test("a bluish close-up is masked by the whole frame; the hue gate would drop most of its skin")
    func closeUp() {
        let photo = AnalysisPhoto(rgb: Self.coolCloseUp())
        #expect(SkinRule.automatic(for: photo) == .wholeFrame)
        let gated = SkinMask(photo, pixelsPerMillimetre: 10, rule: .colourGate)
        let whole = SkinMask(photo, pixelsPerMillimetre: 10, rule: .wholeFrame)
        #expect(gated.quality.skinPercent < 30)
        #expect(whole.quality.skinPercent > 85)
        #expect(whole.rule == .wholeFrame)
        // The brown spot stays skin (it is what is measured), under both rules.
        #expect(whole.mask.pixels[36 * 96 + 48].value == 255)
    }

    /// Pink skin whose hue straddles the gate's 10° edge (a fine 2:1 mix of hue 14° and 7°, ΔE 3
    /// apart) around a brown lesion filling a quarter of the frame: the gate keeps three quarters of
    /// the frame, so only the split test tells it is a close-up.
    static func pinkCloseUp() -> Image<RGB8> {
        let size = Size(width: 96, height: 72)
        return Image<RGB8>(size: size, pixels: (0..<size.width * size.height).map { i in
            let x = i % size.width, y = i / size.width
            if x < 48 && y < 36 { return RGB8(red: 150, green: 95, blue: 70) }
            return (x / 3 + y / 3) % 3 != 0 ? RGB8(red: 215, green: 160, blue: 165) : RGB8(red: 215, green: 160, blue: 170)
        })
    }

    @Test("pink skin that the hue gate splits down the middle of its colour is a close-up")
    func splitCloseUp() {
        let photo = AnalysisPhoto(rgb: Self.pinkCloseUp())
        let gated = SkinMask(photo, pixelsPerMillimetre: 10, rule: .colourGate)
        print("pink close-up: the hue gate keeps \(gated.quality.skinPercent) %")
        #expect(gated.quality.skinPercent > 50 && gated.quality.skinPercent < 90, "\(gated.quality.skinPercent)")
        #expect(SkinRule.automatic(for: photo) == .wholeFrame)
    }

    @Test("a face against a backdrop keeps the hue gate; a pair is masked by the rule its baseline picks")
    func face() throws {
        let size = Size(width: 96, height: 72)
        let image = Image<RGB8>(size: size, pixels: (0..<size.width * size.height).map { i in
            let x = i % size.width, y = i / size.width
            let texture = UInt8((x * 7 + y * 13) % 9)
            return x < 40 ? RGB8(red: 205 + texture, green: 160 + texture, blue: 135 + texture) : RGB8(red: 128, green: 128, blue: 130)
        })
        let photo = AnalysisPhoto(rgb: image)
        #expect(SkinRule.automatic(for: photo) == .colourGate)
        let pair = try AlignedPair.prepare(before: photo, after: photo, pixelsPerMillimetre: 10, skinRule: nil)
        #expect(pair.skinRule == .colourGate)
        #expect(pair.mask.pixels[36 * 96 + 80].value == 0)
        let closeUp = AnalysisPhoto(rgb: Self.coolCloseUp())
        let both = try AlignedPair.prepare(before: closeUp, after: closeUp, pixelsPerMillimetre: 10, skinRule: nil)
        #expect(both.skinRule == .wholeFrame)
        #expect(PlaneMath.count(both.mask) > 96 * 72 * 85 / 100)
    }
}
