import AnalysisKit
import Foundation
import Scoring
import Testing

/// Simulated per-tile measurements with a known true change.
struct TileSimulation {
    var generator: SeededGenerator

    mutating func normal() -> Double {
        let u1 = max(Double(generator.next() >> 11) / Double(1 << 53), 1e-300)
        let u2 = Double(generator.next() >> 11) / Double(1 << 53)
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    /// `tiles` tiles of a mean-type metric around 10 whose true relative change is `change`, with
    /// tile-to-tile spread and measurement noise; returns the change record and the true Δ.
    mutating func change(tiles: Int, change: Double, noise: Double = 0.3) -> (ChangeEstimator.TiledChange, Double) {
        var before: [Double] = [], after: [Double] = []
        for _ in 0..<tiles {
            let skin = 10 + normal()
            before.append(skin + noise * normal())
            after.append(skin * (1 + change) + noise * normal())
        }
        let b = before.reduce(0, +) / Double(tiles), a = after.reduce(0, +) / Double(tiles)
        // The true change of the expected value: 10 · change.
        return (.init(before: b, after: a, tileBefore: before, tileAfter: after), 10 * change)
    }
}

@Suite("Change intervals and verdicts")
struct ChangeEstimatorTests {
    @Test("95 % intervals cover the true change in at least 90 % of simulated pairs")
    func coverage() {
        var simulation = TileSimulation(generator: SeededGenerator(seed: 1))
        let estimator = ChangeEstimator()
        var covered = 0, improved = 0
        let trials = 400
        for _ in 0..<trials {
            let (change, truth) = simulation.change(tiles: 60, change: -0.03)
            let draws = estimator.draws([change], tileWeights: [Double](repeating: 100, count: 60))
            let interval = estimator.interval(draws[0])
            if interval.low <= truth && truth <= interval.high { covered += 1 }
            if MetricComparison.verdict(delta: change.after - change.before, low: interval.low, high: interval.high, mdc: nil,
                                        direction: .lowerIsBetter) == .improved { improved += 1 }
        }
        print("coverage \(covered)/\(trials), improved \(improved)/\(trials)")
        #expect(Double(covered) / Double(trials) >= 0.9)
        #expect(Double(improved) / Double(trials) >= 0.9)
    }

    @Test("no true change is called noDetectableChange in at least 95 % of simulated pairs")
    func noChange() {
        var simulation = TileSimulation(generator: SeededGenerator(seed: 2))
        let estimator = ChangeEstimator()
        var quiet = 0
        let trials = 400
        for _ in 0..<trials {
            let (change, _) = simulation.change(tiles: 60, change: 0)
            let interval = estimator.interval(estimator.draws([change], tileWeights: [Double](repeating: 100, count: 60))[0])
            if MetricComparison.verdict(delta: change.after - change.before, low: interval.low, high: interval.high, mdc: nil,
                                        direction: .higherIsBetter) == .noDetectableChange { quiet += 1 }
        }
        print("no change: \(quiet)/\(trials) quiet")
        #expect(Double(quiet) / Double(trials) >= 0.95)
    }

    @Test("verdicts follow the metric's direction, the MDC and neutrality")
    func verdicts() {
        #expect(MetricComparison.verdict(delta: -1, low: -1.5, high: -0.5, mdc: nil, direction: .lowerIsBetter) == .improved)
        #expect(MetricComparison.verdict(delta: -1, low: -1.5, high: -0.5, mdc: nil, direction: .higherIsBetter) == .worsened)
        #expect(MetricComparison.verdict(delta: 1, low: 0.5, high: 1.5, mdc: nil, direction: .lowerIsBetter) == .worsened)
        #expect(MetricComparison.verdict(delta: 1, low: 0.5, high: 1.5, mdc: nil, direction: .higherIsBetter) == .improved)
        #expect(MetricComparison.verdict(delta: 1, low: -0.1, high: 1.5, mdc: nil, direction: .higherIsBetter) == .noDetectableChange)
        #expect(MetricComparison.verdict(delta: 1, low: 0.5, high: 1.5, mdc: 1.2, direction: .higherIsBetter) == .noDetectableChange)
        #expect(MetricComparison.verdict(delta: 1, low: 0.5, high: 1.5, mdc: nil, direction: .higherIsBetter, meaningful: 1.1) == .noMeaningfulChange)
        #expect(MetricComparison.verdict(delta: 1, low: 0.5, high: 1.5, mdc: nil, direction: .higherIsBetter, meaningful: 0.9) == .improved)
        #expect(MetricComparison.verdict(delta: 1, low: -0.5, high: 1.5, mdc: nil, direction: .higherIsBetter, meaningful: 1.1) == .noDetectableChange)
        #expect(MetricComparison.verdict(delta: 1, low: 0.5, high: 1.5, mdc: nil, direction: .neutral) == .notScored)
    }

    @Test("the same inputs give the same interval; counts use the ratio and stay consistent")
    func reproducible() {
        var simulation = TileSimulation(generator: SeededGenerator(seed: 3))
        let (change, _) = simulation.change(tiles: 40, change: 0.05)
        let estimator = ChangeEstimator()
        let weights = [Double](repeating: 50, count: 40)
        #expect(estimator.draws([change], tileWeights: weights) == estimator.draws([change], tileWeights: weights))
        // A count metric: 4 objects per tile before, 3 after, totals 160 → 120.
        let counts = ChangeEstimator.TiledChange(before: 160, after: 120, tileBefore: [Double](repeating: 4, count: 40),
                                                 tileAfter: [Double](repeating: 3, count: 40))
        let interval = estimator.interval(estimator.draws([counts], tileWeights: weights)[0])
        #expect(abs(interval.low + 40) < 1e-9 && abs(interval.high + 40) < 1e-9)
    }

    @Test("a metric's interval does not depend on the other metrics scored with it")
    func independentOfOtherMetrics() {
        var simulation = TileSimulation(generator: SeededGenerator(seed: 4))
        let (pores, _) = simulation.change(tiles: 30, change: -0.04)
        let (redness, _) = simulation.change(tiles: 30, change: 0.02)
        let estimator = ChangeEstimator()
        let weights = (0..<30).map { 80 + Double($0 % 7) }
        let alone = estimator.draws([pores], tileWeights: weights)[0]
        let together = estimator.draws([redness, pores], tileWeights: weights)
        #expect(together[1] == alone)
        // Still one draw of tiles for every metric: a metric scored twice gets the same draws.
        #expect(estimator.draws([pores, pores], tileWeights: weights)[1] == alone)
        let unpairedAlone = estimator.unpairedDraws([pores], beforeWeights: weights, afterWeights: weights)[0]
        #expect(estimator.unpairedDraws([redness, pores], beforeWeights: weights, afterWeights: weights)[1] == unpairedAlone)
        // The draws change with the tiles (the measured skin), as they should.
        #expect(estimator.draws([pores], tileWeights: weights.map { $0 + 1 })[0] != alone)
    }
}

@Suite("Trends and reliability")
struct TrendTests {
    @Test("Theil–Sen ignores an outlier and reports change per week")
    func theilSen() throws {
        let days: [Double] = [0, 28, 56, 84, 112]
        var values = days.map { 10 - 0.25 * $0 / 7 }
        values[2] += 30 // one bad session
        let trend = try #require(Trend(days: days, values: values))
        #expect(abs(trend.slopePerWeek + 0.25) < 1e-9)
        #expect(trend.ciLow <= -0.25 && trend.ciHigh >= -0.25)
        #expect(Trend(days: [0, 28], values: [1, 2]) == nil)
        #expect(Trend.theilSen(days: [0, 0, 0], values: [1, 2, 3]) == nil)
    }

    @Test("reliability pools within-session variance into SEM and MDC95")
    func reliability() throws {
        let r = try #require(Reliability(repeats: [[10, 12], [20, 22, 24], [5]]))
        // Squares: 2 + 8 = 10 over 1 + 2 = 3 degrees of freedom.
        #expect(abs(r.withinSessionSD - (10.0 / 3).squareRoot()) < 1e-12)
        #expect(abs(r.mdc95 - 1.96 * 2.0.squareRoot() * r.sem) < 1e-12)
        #expect(r.degreesOfFreedom == 3)
        #expect(Reliability(repeats: [[1], [2]]) == nil)
    }
}
