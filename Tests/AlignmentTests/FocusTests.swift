import Foundation
import ImageCodec
import ImageCore
import Synthesis
import Testing
@testable import Alignment

/// Photos whose focus differs: the sharper one is brought to the other's focus in linear light
/// before the finest refinement, so strong edges are not displaced in log-luminance.
@Suite("Photos of different focus")
struct FocusTests {
    static let realData = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/realdata")

    @Test("A real portrait photographed by the handheld profile at different focus (σ 0.8–2.2 px): errors well under a pixel with the focus matched, not without")
    func differentFocus() throws {
        let base = try ImageDecoder().decode(contentsOf: Self.realData.appendingPathComponent("astronaut.png").path).image.rgb8
        var profile = CaptureProfile.handheldCloseUp
        profile.maximumStretch = 0
        profile.hairCount = 0
        profile.burnedInDigits = false
        var matched: [Double] = [], plain: [Double] = []
        for (seed, session) in [(3000 as UInt64, 4), (3000, 3), (2000, 2)] {
            let pair = try ProfilePair(profile, base: base, seed: seed, session: session)
            let (b, a, truth) = (pair.before, pair.after, pair.truth)
            let r = align(before: b, after: a)
            let unmatched = align(before: b, after: a, options: AlignmentOptions(equalisesFocus: false))
            matched.append(SyntheticPair.cornerError(r.transform, truth, afterSize: a.size))
            plain.append(SyntheticPair.cornerError(unmatched.transform, truth, afterSize: a.size))
            print("focus σ \(pair.beforeCapture.defocusSigma) vs \(pair.afterCapture.defocusSigma): matched \(r.verdict) \(matched.last!) px; unmatched \(unmatched.verdict) \(plain.last!) px")
            #expect(matched.last! <= 0.6, "seed \(seed) session \(session): \(matched.last!) px")
        }
        #expect(matched.reduce(0, +) * 2 <= plain.reduce(0, +), "matched \(matched), unmatched \(plain)")
    }

    @Test("Equal focus is left as it is; a sharper level is blurred until the ratios agree")
    func equalisation() {
        // A textured linear plane (sum of sines) as log-luminance, and the same blurred by σ 1.5.
        let size = Size(width: 160, height: 120)
        let linear = Image(size: size, pixels: (0..<(size.width * size.height)).map { i in
            let x = Double(i % size.width), y = Double(i / size.width)
            return Gray32(value: Float(0.3 + 0.1 * sin(x * 0.9) * cos(y * 0.7) + 0.05 * sin(x * 0.31 + y * 0.53)))
        })
        let sharp = FocusEqualisation.logarithm(linear)
        let soft = FocusEqualisation.logarithm(Kernels.GaussianBlur.fast(linear, sigma: 1.5, parallel: false))
        #expect(FocusEqualisation.equalised(template: sharp, target: sharp, parallel: false) == nil)
        let result = FocusEqualisation.equalised(template: sharp, target: soft, parallel: false)
        #expect(result?.templateBlurred == true)
        #expect(abs((result?.sigma ?? 0) - 1.5) < 0.3, "blur \(result?.sigma ?? 0)")
    }
}
