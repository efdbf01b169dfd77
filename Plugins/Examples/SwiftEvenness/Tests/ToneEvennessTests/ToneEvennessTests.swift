import AnalysisKit
import AnalysisTesting
import Foundation
import ImageCore
import Testing
import ToneEvenness

@Suite("Tone evenness")
struct ToneEvennessTests {
    @Test("Passes every conformance check")
    func conformance() {
        let checks = ConformanceSuite(ToneEvenness.self).run()
        for check in checks where !check.passed { Issue.record("\(check.name): \(check.detail)") }
        #expect(checks.count >= 9)
    }

    /// CIELAB L* of a neutral grey of linear luminance `y` (D65), from the CIE formula.
    static func lightness(_ y: Double) -> Double {
        y > 216.0 / 24389 ? 116 * Foundation.cbrt(y) - 16 : y * 24389 / 27
    }

    @Test("Spread and median of a photo of two known greys")
    func twoGreys() throws {
        // Left 30 % of the frame at linear grey 0.2, the rest at 0.4: the 25th percentile is the
        // darker grey, the median and 75th percentile the lighter one.
        let size = Size(width: 100, height: 80)
        let grey = Image<Gray32>(size: size, pixels: (0..<(100 * 80)).map { Gray32(value: $0 % 100 < 30 ? 0.2 : 0.4) })
        let photo = AnalysisPhoto(linearRed: grey, green: grey, blue: grey)
        let flat = Image<Gray32>(size: size, repeating: Gray32(value: 0.4))
        let after = AnalysisPhoto(linearRed: flat, green: flat, blue: flat)
        let pair = try AlignedPair(before: photo, after: after, mask: Image(size: size, repeating: Gray8(value: 255)),
                                   pixelsPerMillimetre: nil)
        let result = try ToneEvenness(settings: .init()).analyze(pair, in: AnalysisContext())
        let spread = try #require(result.value("lightnessSpread"))
        let median = try #require(result.value("medianLightness"))
        #expect(abs(spread.before - (Self.lightness(0.4) - Self.lightness(0.2))) < 0.01)
        #expect(spread.after == 0)
        #expect(abs(median.before - Self.lightness(0.4)) < 0.01)
    }

    @Test("Revision 1 settings migrate to the two quantiles")
    func migration() throws {
        let settings = try SettingsChecks.migrate(["quantile": .number(0.1)], from: 1, to: ToneEvenness.Settings.self)
        #expect(settings.lowerQuantile == 0.1)
        #expect(abs(settings.upperQuantile - 0.9) < 1e-12)
        #expect(try SettingsChecks.roundTrips(settings))
    }
}
