import AnalysisKit
import Foundation
import ImageCore
import PoreAnalyzer
import Testing

/// Pore-like pits inserted into real skin (the CC-0 dermoscopy photos of the shared real-data folder,
/// read in place), seen a second time softer (a follow-up photo a little out of focus or smoothed
/// by JPEG) with the pits unchanged or with some of them gone.
@Suite("Pores inserted into real skin")
struct PoresOnRealSkinTests {
    /// Pit centres on a jittered grid over the central mask, radii 2.0–2.6 px.
    static func pits(width w: Int, height h: Int) -> [(x: Double, y: Double, radius: Double)] {
        var out: [(x: Double, y: Double, radius: Double)] = []
        var k = 0
        for y in stride(from: Double(h) * 0.2, to: Double(h) * 0.8, by: 24) {
            for x in stride(from: Double(w) * 0.2, to: Double(w) * 0.8, by: 24) {
                out.append((x + Double((k * 7) % 9) - 4, y + Double((k * 5) % 9) - 4, 2.0 + Double(k % 4) * 0.2))
                k += 1
            }
        }
        return out
    }

    /// `photo` with the pits whose index passes `keep` (optical density 0.35 at the centre, Gaussian
    /// of σ 0.7 r), then blurred by `blur` px (0: none).
    static func withPits(_ photo: AnalysisPhoto, keep: (Int) -> Bool, blur: Double) -> AnalysisPhoto {
        let w = photo.size.width, h = photo.size.height
        var density = [Float](repeating: 0, count: w * h)
        for (i, pit) in pits(width: w, height: h).enumerated() where keep(i) {
            let s2 = 2 * (0.7 * pit.radius) * (0.7 * pit.radius)
            for y in max(0, Int(pit.y) - 8)...min(h - 1, Int(pit.y) + 8) {
                for x in max(0, Int(pit.x) - 8)...min(w - 1, Int(pit.x) + 8) {
                    let d2 = (Double(x) - pit.x) * (Double(x) - pit.x) + (Double(y) - pit.y) * (Double(y) - pit.y)
                    density[y * w + x] += Float(0.35 * exp(-d2 / s2))
                }
            }
        }
        func plane(_ p: Image<Gray32>) -> Image<Gray32> {
            let dark = Image(size: p.size, pixels: p.pixels.enumerated().map { Gray32(value: $1.value * exp(-density[$0])) })
            return blur > 0 ? Kernels.GaussianBlur.fast(dark, sigma: blur, parallel: false) : dark
        }
        return AnalysisPhoto(linearRed: plane(photo.red), green: plane(photo.green), blue: plane(photo.blue))
    }

    @Test("a softer follow-up keeps its pores (the pair is measured on one list of pores); pits that are gone leave the count")
    func softerFollowUp() throws {
        let (photo, mask) = try LightAndColourTests.skin("ISIC_0000010.jpg")
        let analyzer = PoreAnalyzer(settings: .init())
        let inserted = Self.pits(width: photo.size.width, height: photo.size.height).count
        let before = Self.withPits(photo, keep: { _ in true }, blur: 0)
        func count(_ after: AnalysisPhoto) throws -> AnalysisResult.Value {
            let pair = try AlignedPair(before: before, after: after, mask: mask, pixelsPerMillimetre: nil)
            return try #require(try analyzer.analyze(pair, in: AnalysisContext()).value("count"))
        }
        let softer = try count(Self.withPits(photo, keep: { _ in true }, blur: 0.7))
        print("pores on real skin: \(inserted) pits inserted; \(softer.before) found, \(softer.after!) on a follow-up blurred by 0.7 px")
        // Some pits fall on the lesion, on rough skin or on a natural pore: about three quarters are found.
        #expect(softer.before >= 0.7 * Double(inserted), "the inserted pits are found")
        #expect(abs(softer.after! - softer.before) <= 0.05 * softer.before, "a softer photo of the same pores: \(softer.before) → \(softer.after!)")
        let fewer = try count(Self.withPits(photo, keep: { $0 % 10 >= 3 }, blur: 0.7))
        // Of the pits that go, as many leave the count as were found: the found share of them.
        let gone = Double(inserted - (0..<inserted).filter { $0 % 10 >= 3 }.count) * softer.before / Double(inserted)
        print("pores on real skin: \(gone) found pits gone: \(fewer.before) → \(fewer.after!)")
        #expect(fewer.before - fewer.after! >= 0.8 * gone && fewer.before - fewer.after! <= 1.2 * gone,
                "\(gone) found pits gone: \(fewer.before) → \(fewer.after!)")
    }

    @Test("no pore is looked for below 1.6 px of radius, whatever the scale")
    func smallestRadius() {
        let analyzer = PoreAnalyzer(settings: .init())
        #expect(analyzer.radii(pixelsPerMillimetre: 20).first == 1.6)
        #expect(abs((analyzer.radii(pixelsPerMillimetre: 100).first ?? 0) - 4) < 1e-9)
    }
}
