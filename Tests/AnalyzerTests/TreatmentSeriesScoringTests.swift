import AnalysisKit
import Foundation
import PoreAnalyzer
import RednessAnalyzer
import ScarTextureAnalyzer
import ImageCore
import Scoring
import Synthesis
import Testing

@Suite("Scoring on synthetic treatment series")
struct TreatmentSeriesScoringTests {
    /// Seeds of independent patients; each is a baseline and a session two treatment steps later.
    static let seeds: [UInt64] = Array(101...110)

    /// A metric whose true relative change the generator knows, read from its truth summary.
    struct Truth: Sendable {
        let key: String
        let value: @Sendable (TruthSummary) -> Double
    }

    static let truths: [Truth] = [
        Truth(key: "org.skindelta.pores/density") { $0.pores.densityPerSquareCentimetre },
        Truth(key: "org.skindelta.redness/meanAStar") { $0.redness.meanAStar },
    ]

    /// Roughness: the RMS texture of scars and the other skin, weighted by area. Its coverage is
    /// printed, not required: the analyzer pre-smooths against resampling, which shifts its change.
    static let roughness = Truth(key: "org.skindelta.scar-texture/roughness") { s in
        let p = s.scars.areaPercent / 100
        return (p * s.scars.textureLStar * s.scars.textureLStar
            + (1 - p) * s.scars.surroundingTextureLStar * s.scars.surroundingTextureLStar).squareRoot()
    }

    @Test("true improvements are called improved (or no meaningful change when below the smallest meaningful change; or, for redness with colour flagged as not comparable, covered by a widened interval and not judged), and the intervals cover the true relative change, in ≥ 90 % of seeds")
    func improvementsAcrossSeeds() throws {
        var improved: [String: Int] = [:], covered: [String: Int] = [:]
        var directionErrors: [String] = []
        var verdicts: [String: Int] = [:]
        for seed in Self.seeds {
            // One patient, baseline and session 2, without the post-procedure redness spike.
            let course = try SyntheticCourse(seed: seed, patients: 1, sessions: 3,
                                             course: TreatmentCourse(postProcedureSessions: []))
            let pair = try course.pair(patient: 0, session: 2)
            // The analyzers with a truth to compare (the others are slow in debug builds and their
            // verdicts are covered by the repeat-capture and analyzer tests).
            let analyzers: [any Analyzer.Type] = [PoreAnalyzer.self, RednessAnalyzer.self, ScarTextureAnalyzer.self]
            let measured = try AnalyzerRegistry(analyzers).configure().map {
                PairComparison.Measured(descriptor: $0.descriptor, result: try $0.run(pair))
            }
            let comparison = PairComparison(
                measured: measured, tiles: pair.tiles,
                gate: QualityGate(alignment: .notNeeded, beforeQuality: pair.beforeQuality, afterQuality: pair.afterQuality))
            let before = course.truths[0][0].summary, after = course.truths[0][2].summary
            for truth in Self.truths + [Self.roughness] {
                let metric = try #require(comparison.metrics.first { "\($0.analyzer)/\($0.metric)" == truth.key })
                let trueChange = 100 * (truth.value(after) - truth.value(before)) / truth.value(before)
                let low = 100 * metric.ciLow / metric.before, high = 100 * metric.ciHigh / metric.before
                let isCovered = (low...high).contains(trueChange)
                print("series seed \(seed) \(truth.key): \(metric.verdict.rawValue) Δ% \(100 * metric.delta / metric.before) [\(low), \(high)] truth \(trueChange)")
                // Without a colour reference, a diffuse change of redness cannot be told from a colour
                // cast: when the redness analyzer flags the colour as not comparable, an interval that
                // covers the truth (and no wrong verdict) is the right answer.
                let colourFlagged = measured.contains { $0.result.flags.contains("colourNotComparable") }
                    && truth.key.hasPrefix("org.skindelta.redness/")
                // A true change below the metric's smallest meaningful change is rightly "no meaningful change".
                let belowMeaningful = metric.verdict == .noMeaningfulChange
                    && abs(trueChange) < (measured.lazy.compactMap { $0.descriptor.metric(metric.metric) }.first?.meaningfulChangePercent ?? 0)
                if metric.verdict == .improved || belowMeaningful || colourFlagged && isCovered && (metric.verdict == .noDetectableChange || metric.verdict == .notScored) {
                    improved[truth.key, default: 0] += 1
                }
                if isCovered { covered[truth.key, default: 0] += 1 }
            }
            for metric in comparison.metrics {
                verdicts["\(metric.analyzer)/\(metric.metric) \(metric.verdict.rawValue)", default: 0] += 1
            }
            // Whatever the metric, a verdict must agree with the sign of Δ and the declared direction.
            for metric in comparison.metrics where metric.verdict == .improved || metric.verdict == .worsened {
                let better = metric.direction == .lowerIsBetter ? metric.delta < 0 : metric.delta > 0
                if better != (metric.verdict == .improved) { directionErrors.append("\(metric.analyzer)/\(metric.metric)") }
            }
            #expect(comparison.score.verdict == .improved, "seed \(seed): composite \(comparison.score.value) [\(comparison.score.ciLow), \(comparison.score.ciHigh)]")
        }
        for (key, count) in verdicts.sorted(by: { $0.key < $1.key }) { print("series verdicts \(key): \(count)") }
        let needed = Int((0.9 * Double(Self.seeds.count)).rounded(.up))
        print("series \(Self.roughness.key): improved \(improved[Self.roughness.key, default: 0])/\(Self.seeds.count), covered \(covered[Self.roughness.key, default: 0])/\(Self.seeds.count)")
        for truth in Self.truths {
            print("series \(truth.key): improved \(improved[truth.key, default: 0])/\(Self.seeds.count), covered \(covered[truth.key, default: 0])/\(Self.seeds.count)")
            #expect(improved[truth.key, default: 0] >= needed, "\(truth.key) called improved in too few seeds")
            #expect(covered[truth.key, default: 0] >= needed, "\(truth.key): the interval missed the truth in too many seeds")
        }
        #expect(directionErrors.isEmpty, "verdicts against the declared direction: \(directionErrors)")
    }
}
