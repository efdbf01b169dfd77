import AnalysisKit
import AnalysisTesting
import Batch
import FineLinesAnalyzer
import Foundation
import ImageCodec
import ImageCore
import PigmentationAnalyzer
import PoreAnalyzer
import RednessAnalyzer
import ScarTextureAnalyzer
import Scoring
import Testing

/// Pairs that cannot be registered (the after photo turned 90°, beyond the ±45° the registration
/// searches) are compared on what needs no pixel correspondence: on real skin that did not change
/// nothing is called changed, and on rendered skin with a known treatment the position-free
/// metrics move the true way.
@Suite("Comparison without registration")
struct UnregisteredComparisonTests {
    static let realData = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/realdata")

    static func analyzers() throws -> [ConfiguredAnalyzer] {
        try AnalyzerRegistry([PigmentationAnalyzer.self, PoreAnalyzer.self, ScarTextureAnalyzer.self, RednessAnalyzer.self,
                              FineLinesAnalyzer.self]).configure()
    }

    /// `image` turned 90° clockwise.
    static func turned(_ image: Image<RGB8>) -> Image<RGB8> {
        let w = image.width, h = image.height
        return Image(size: Size(width: h, height: w), pixels: (0..<(w * h)).map { i in
            let x = i % h, y = i / h
            return image[x: y, y: h - 1 - x]
        })
    }

    /// `image` scaled by `gain` in 8-bit sRGB values and passed through JPEG at `quality`.
    static func recaptured(_ image: Image<RGB8>, gain: Double, quality: Int) throws -> Image<RGB8> {
        func scale(_ v: UInt8) -> UInt8 { UInt8(min(255, (Double(v) * gain).rounded())) }
        let lit = Image(size: image.size, pixels: image.pixels.map { RGB8(red: scale($0.red), green: scale($0.green), blue: scale($0.blue)) })
        return try ImageDecoder().decode(try JPEGEncoder(quality: quality).encode(lit)).image.rgb8
    }

    @Test("real skin turned 90° and recaptured (JPEG q90, exposure ×0.97): compared unregistered, nothing called changed, the correspondence metrics withheld")
    func realNull() throws {
        for name in ["ISIC_0000010.jpg", "ISIC_0000020.jpg"] {
            let before = try ImageDecoder(jpegScaleDenominator: 2).decode(contentsOf: Self.realData.appendingPathComponent(name).path).image.rgb8
            let after = Self.turned(try Self.recaptured(before, gain: 0.97, quality: 90))
            let analyzers = try Self.analyzers()
            let outcome = PairPipeline(analyzers: analyzers).score(
                before: PreparedPhoto(image: before, name: "before.png"), after: PreparedPhoto(image: after, name: "after.jpg"),
                request: .init(skinRule: .wholeFrame))
            #expect(outcome.alignment?.verdict == "failed", "\(name): the turn is beyond the registration's range")
            #expect(outcome.unregisteredReason == outcome.alignment?.reason && outcome.unregisteredReason != nil)
            let comparison = try #require(outcome.comparison, "\(name): \(outcome.failure.map { "\($0)" } ?? "")")
            #expect(outcome.analyzerFailures.isEmpty, "\(name): \(outcome.analyzerFailures)")
            #expect(comparison.warnings.contains { $0.hasPrefix("not registered") })
            let results = outcome.results(kind: .baseline, beforeDate: "2026-01-05", afterDate: "2026-02-02", beforePhoto: "b", afterPhoto: "a")
            #expect(results.registration == .unregistered)
            let needing = Set(analyzers.flatMap { a in
                a.descriptor.metrics.filter { $0.needsRegistrationBecause != nil }.map { "\(a.descriptor.id)/\($0.id)" }
            })
            #expect(needing.count == 7)
            for m in comparison.metrics {
                let key = "\(m.analyzer)/\(m.metric)"
                print("unregistered null, \(name): \(key) \(m.before) → \(m.after) [\(m.ciLow), \(m.ciHigh)] \(m.verdict)")
                if needing.contains(key) {
                    #expect(m.verdict == .notScored && m.reason?.hasPrefix("not judged without registration") == true, "\(name): \(key)")
                }
                #expect(m.verdict != .improved && m.verdict != .worsened, "\(name): \(key) \(m.before) → \(m.after) [\(m.ciLow), \(m.ciHigh)]")
            }
            #expect(comparison.score.verdict == .noDetectableChange, "\(name): composite \(comparison.score)")
            #expect(!(comparison.score.metrics.contains { needing.contains($0) }))
        }
    }

    @Test("rendered treatment course, the last session turned 90° with its own region: the position-free headline metrics fall as the truth does")
    func knownChange() throws {
        let course = try SyntheticPairs(sessions: 4, size: Size(width: 480, height: 360))
        let first = course.truths[0].summary, last = course.truths[3].summary
        let after = Self.turned(course.photos[3])
        let w = Double(after.width), h = Double(after.height)
        let outcome = PairPipeline(analyzers: try Self.analyzers()).score(
            before: PreparedPhoto(image: course.photos[0], name: "s0.png"), after: PreparedPhoto(image: after, name: "s3.png"),
            request: .init(region: course.region, pixelsPerMillimetre: course.pixelsPerMillimetre,
                           afterRegion: .rectangle(x: 0.15 * w, y: 0.15 * h, width: 0.7 * w, height: 0.7 * h)))
        let comparison = try #require(outcome.comparison, "\(outcome.failure.map { "\($0)" } ?? "")")
        #expect(outcome.unregisteredReason != nil)
        func metric(_ analyzer: String, _ id: String) throws -> MetricComparison {
            try #require(comparison.metrics.first { $0.analyzer == "org.skindelta.\(analyzer)" && $0.metric == id })
        }
        for m in comparison.metrics { print("unregistered course: \(m.analyzer)/\(m.metric) \(m.before) → \(m.after) \(m.verdict)") }
        print("truth: pores \(first.pores.densityPerSquareCentimetre) → \(last.pores.densityPerSquareCentimetre) /cm², spot area \(first.spots.areaPercent) → \(last.spots.areaPercent) %")
        #expect(last.pores.densityPerSquareCentimetre < first.pores.densityPerSquareCentimetre)
        let density = try metric("pores", "density"), spots = try metric("pigmentation", "spotAreaPercent")
        let roughness = try metric("scar-texture", "roughness"), lines = try metric("fine-lines", "lineDensity")
        #expect(density.after < density.before, "pore density \(density.before) → \(density.after)")
        #expect(abs(spots.after / spots.before - 1) < 0.1, "spot area \(spots.before) → \(spots.after) (the spots fade, their area stays)")
        #expect(roughness.after < roughness.before, "roughness \(roughness.before) → \(roughness.after)")
        #expect(lines.after < lines.before, "line density \(lines.before) → \(lines.after)")
        for m in [density, spots, roughness, lines] { #expect(m.verdict != .worsened, "\(m.metric): \(m.verdict)") }
        for (analyzer, id) in [("pigmentation", "lStarSD"), ("redness", "meanAStar"), ("fine-lines", "depthIndex")] {
            #expect(try metric(analyzer, id).verdict == .notScored, "\(id) needs registration")
        }
        #expect(comparison.score.value > 0, "composite \(comparison.score.value)")
    }

    @Test("--require-registration behaviour: the same pair is refused with the alignment's reason")
    func required() throws {
        let course = try SyntheticPairs(sessions: 2, size: Size(width: 320, height: 240))
        let outcome = PairPipeline(analyzers: try Self.analyzers()).score(
            before: PreparedPhoto(image: course.photos[0], name: "s0.png"), after: PreparedPhoto(image: Self.turned(course.photos[1]), name: "s1.png"),
            request: .init(pixelsPerMillimetre: course.pixelsPerMillimetre, requireRegistration: true))
        #expect(outcome.comparison == nil && outcome.unregisteredReason == nil)
        let failure = try #require(outcome.failure)
        #expect("\(failure)".hasPrefix("alignment failed"))
        #expect(outcome.results(kind: .baseline, beforeDate: "", afterDate: "", beforePhoto: "", afterPhoto: "").registration == nil)
    }
}
