import Foundation
import ImageCodec
import ImageCore
import Synthesis
import Testing
@testable import Alignment

/// Burned-in digits and glare specks stay put in the frame or follow the light while the skin moves:
/// they are found and left out of matching, and large bright areas of the scene are kept.
@Suite("Burned-in overlays are left out of registration")
struct OverlayTests {
    @Test("A compact white mark is painted out and reported; a large white area stays")
    func compactNotLarge() throws {
        let w = 200, h = 150
        // Skin at 150 with a 6 × 10 white mark at (20, 20) and a white band over the right 60 columns.
        let image = Image(size: Size(width: w, height: h), pixels: (0..<(w * h)).map { i in
            let x = i % w, y = i / w
            let mark = x >= 20 && x < 26 && y >= 20 && y < 30, band = x >= 140
            return mark || band ? RGB8(red: 250, green: 250, blue: 250) : RGB8(red: 170, green: 130, blue: 115)
        })
        let candidates = try #require(OverlaySuppression.candidates(image, levels: 0, parallel: false))
        let level = Kernels.LogLuminance.fast(image, binning: 1, parallel: false)
        let found = try #require(OverlaySuppression.suppress(level, candidates: candidates, parallel: false))
        #expect(found.mask[x: 22, y: 25].value == 255 && found.mask[x: 18, y: 25].value == 255 && found.mask[x: 17, y: 25].value == 0, "the mark and its margin of 2 px")
        #expect(found.mask[x: 170, y: 75].value == 0, "the band is the scene's")
        // The mark is replaced by the skin around it.
        #expect(abs(found.image[x: 22, y: 25].value - level[x: 60, y: 60].value) < 0.02)
        #expect(found.image[x: 170, y: 75] == level[x: 170, y: 75])
        let plain = Image(size: Size(width: 40, height: 30), repeating: RGB8(red: 170, green: 130, blue: 115))
        #expect(OverlaySuppression.candidates(plain, levels: 0, parallel: false) == nil)
    }

    @Test("Close-ups made by the handheld analyser profile (digits burned in, hairs, soft focus): with the overlays left out they align to 0.5 px and correlate better; followed, they are low confidence")
    func analyserSessions() throws {
        // Sessions of the capture-profile benchmark (synthetic skin 0) where the digits mattered.
        let base = try SyntheticPair(seed: 20_261_207, size: Size(width: 1280, height: 960), afterToBefore: .identity, noise: false).before
        var profile = CaptureProfile.handheldCloseUp
        profile.maximumStretch = 0
        var misled = 0
        for (seed, session) in [(3000 as UInt64, 1), (2000, 4), (2000, 2)] {
            let pair = try ProfilePair(profile, base: base, seed: seed, session: session)
            let (b, a, truth) = (pair.before, pair.after, pair.truth)
            let r = align(before: b, after: a)
            let plain = align(before: b, after: a, options: AlignmentOptions(suppressesOverlays: false))
            let error = SyntheticPair.cornerError(r.transform, truth, afterSize: a.size)
            let plainError = SyntheticPair.cornerError(plain.transform, truth, afterSize: a.size)
            print("analyser seed \(seed) session \(session): \(r.verdict) \(error) px, correlation \(r.correlation); overlays followed: \(plain.verdict) \(plainError) px, correlation \(plain.correlation)")
            #expect(r.verdict == .aligned && error <= 0.5, "seed \(seed) session \(session): \(r.verdict) \(error) px")
            #expect(r.correlation > plain.correlation + 0.1)
            if plain.verdict != .aligned || plainError > 0.5 { misled += 1 }
        }
        #expect(misled >= 2, "the digits followed cost \(misled) of 3 pairs")
    }
}
