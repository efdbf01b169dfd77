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
