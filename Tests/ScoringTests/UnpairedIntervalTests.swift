import AnalysisKit
import Foundation
import Scoring
import Testing

/// Intervals of photos that were not registered: each photo has its own tiles, drawn independently.
@Suite("Unpaired change intervals")
struct UnpairedIntervalTests {
    /// Two photos' tiles of a metric around `mean` with tile-to-tile spread `spread`; the after photo's
    /// tiles are scaled by 1 + `change` and number `afterTiles`.
    static func change(_ simulation: inout TileSimulation, beforeTiles: Int, afterTiles: Int, change: Double,
                       mean: Double = 10, spread: Double = 1) -> ChangeEstimator.TiledChange {
        let before = (0..<beforeTiles).map { _ in mean + spread * simulation.normal() }
        let after = (0..<afterTiles).map { _ in (mean + spread * simulation.normal()) * (1 + change) }
        return .init(before: before.reduce(0, +) / Double(beforeTiles), after: after.reduce(0, +) / Double(afterTiles),
                     tileBefore: before, tileAfter: after)
    }

    @Test("95 % intervals cover the true change in at least 92 % of simulated pairs, with different tile counts per photo")
    func coverage() {
        var simulation = TileSimulation(generator: SeededGenerator(seed: 5))
        let estimator = ChangeEstimator(resamples: 1000)
        var covered = 0, detected = 0
        let trials = 300
        for _ in 0..<trials {
            let c = Self.change(&simulation, beforeTiles: 40, afterTiles: 28, change: -0.05)
            let draws = estimator.unpairedDraws([c], beforeWeights: Array(repeating: 100, count: 40), afterWeights: Array(repeating: 100, count: 28))
            let (low, high) = estimator.interval(draws[0])
            if low <= -0.5 && -0.5 <= high { covered += 1 }
            if high < 0 { detected += 1 }
        }
        #expect(Double(covered) / Double(trials) >= 0.92, "covered \(covered) of \(trials)")
        // A 5 % change against a tile spread of 10 % with ~34 tiles per photo: an unpaired test sees it only sometimes.
        #expect(detected > trials / 10 && detected < trials, "detected \(detected) of \(trials)")
    }

    @Test("no change: the interval holds zero in at least 93 % of simulated pairs (ratio and difference metrics)")
    func null() {
        var simulation = TileSimulation(generator: SeededGenerator(seed: 9))
        let estimator = ChangeEstimator(resamples: 1000)
        var holdsZero = 0
        let trials = 300
        for trial in 0..<trials {
            // Odd trials: a metric with negative tile values (mean difference), even: a non-negative one (ratio).
            let c = Self.change(&simulation, beforeTiles: 25, afterTiles: 35, change: 0, mean: trial % 2 == 0 ? 10 : 0.5)
            let draws = estimator.unpairedDraws([c], beforeWeights: Array(repeating: 1, count: 25), afterWeights: Array(repeating: 1, count: 35))
            let (low, high) = estimator.interval(draws[0])
            if low <= 0 && 0 <= high { holdsZero += 1 }
        }
        #expect(Double(holdsZero) / Double(trials) >= 0.93, "\(holdsZero) of \(trials)")
    }

    @Test("the same inputs give the same draws; fewer than 2 tiles on a photo give Δ in every draw")
    func determinismAndDegenerate() {
        var simulation = TileSimulation(generator: SeededGenerator(seed: 3))
        let c = Self.change(&simulation, beforeTiles: 12, afterTiles: 9, change: 0.1)
        let estimator = ChangeEstimator(resamples: 200)
        let weights = (b: [Double](repeating: 50, count: 12), a: [Double](repeating: 50, count: 9))
        #expect(estimator.unpairedDraws([c], beforeWeights: weights.b, afterWeights: weights.a)
                == estimator.unpairedDraws([c], beforeWeights: weights.b, afterWeights: weights.a))
        let single = ChangeEstimator.TiledChange(before: 2, after: 3, tileBefore: [2], tileAfter: [3, 3])
        #expect(estimator.unpairedDraws([single], beforeWeights: [1], afterWeights: [1, 1])[0].allSatisfy { $0 == 1 })
    }

    @Test("a paired-looking estimate is not used: one photo's tiles shuffled leave the unpaired interval unchanged")
    func orderFree() {
        var simulation = TileSimulation(generator: SeededGenerator(seed: 4))
        let c = Self.change(&simulation, beforeTiles: 20, afterTiles: 20, change: 0.2)
        var shuffled = c
        shuffled.tileAfter.reverse()
        let estimator = ChangeEstimator(resamples: 2000)
        let w = [Double](repeating: 1, count: 20)
        let a = estimator.interval(estimator.unpairedDraws([c], beforeWeights: w, afterWeights: w)[0])
        let b = estimator.interval(estimator.unpairedDraws([shuffled], beforeWeights: w, afterWeights: w)[0])
        // The seed depends on the order, so the draws differ; the intervals agree to bootstrap noise.
        #expect(abs(a.low - b.low) < 0.25 && abs(a.high - b.high) < 0.25, "\(a) vs \(b)")
    }
}
