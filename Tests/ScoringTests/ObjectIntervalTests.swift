import AnalysisKit
import Foundation
import ImageCore
import Scoring
import Testing

/// Metrics over a few objects (spots, scars): their intervals resample the objects, not the tiles.
@Suite("Change intervals over objects")
struct ObjectIntervalTests {
    /// `count` objects around `mean` with object-to-object spread `spread`, each changed by `change`
    /// (relative) plus measurement noise `noise`.
    static func objects(_ simulation: inout TileSimulation, count: Int, change: Double, mean: Double = 10, spread: Double = 3,
                        noise: Double = 0.4, statistic: ObjectValues.Statistic = .mean) -> ObjectValues {
        let before = (0..<count).map { _ in max(0.5, mean + spread * simulation.normal()) }
        let after = before.map { $0 * (1 + change) + noise * simulation.normal() }
        return ObjectValues(statistic: statistic, before: before, after: after)
    }

    @Test("95 % intervals over 4–8 objects cover the true change in at least 90 % of simulated pairs; a 30 % fade is found in most")
    func coverage() {
        var simulation = TileSimulation(generator: SeededGenerator(seed: 21))
        let estimator = ChangeEstimator(resamples: 1000)
        var covered = 0, detected = 0, nullHolds = 0
        let trials = 300
        for trial in 0..<trials {
            let count = 4 + trial % 5
            let fading = Self.objects(&simulation, count: count, change: -0.3)
            let delta = fading.aggregate(fading.after) - fading.aggregate(fading.before)
            let truth = -0.3 * fading.aggregate(fading.before)
            let (low, high) = estimator.interval(estimator.objectDraws(fading, delta: delta))
            if low <= truth && truth <= high { covered += 1 }
            if high < 0 { detected += 1 }
            let same = Self.objects(&simulation, count: count, change: 0, statistic: trial % 2 == 0 ? .mean : .sum)
            let nullDelta = same.aggregate(same.after) - same.aggregate(same.before)
            let (nullLow, nullHigh) = estimator.interval(estimator.objectDraws(same, delta: nullDelta))
            if nullLow <= 0 && 0 <= nullHigh { nullHolds += 1 }
        }
        #expect(Double(covered) / Double(trials) >= 0.9, "covered \(covered) of \(trials)")
        #expect(Double(nullHolds) / Double(trials) >= 0.92, "zero held \(nullHolds) of \(trials)")
        #expect(detected > trials * 3 / 4, "detected \(detected) of \(trials)")
    }

    static let descriptor = AnalyzerDescriptor(
        id: "org.example.spots", name: "Spots", summary: "Test.", version: "1.0.0",
        metrics: [MetricDescriptor(id: "contrast", name: "Contrast", unit: "ΔE*ab", direction: .lowerIsBetter, description: "Mean spot contrast.")])

    /// Six spots in two of the grid's tiles fading by a third: judged over the spots; with two spots,
    /// not judged; the tiles alone (no objects) would not be judged either.
    @Test("a metric over a few spots is judged over its spots, not the tiles that hold them; fewer than three spots get no verdict")
    func comparison() {
        let grid = PairComparisonTests.grid()
        let tiles = grid.tiles.count
        func measured(spots: [Double], objects: Bool) -> PairComparison.Measured {
            let faded = spots.enumerated().map { $1 * 0.66 + (Double($0 % 3) - 1) * 0.1 }
            var tileBefore = [Double](repeating: 0, count: tiles), tileAfter = tileBefore
            for (k, (b, a)) in zip(spots, faded).enumerated() {
                tileBefore[k % 2] += b / Double((spots.count + 1 - k % 2) / 2)
                tileAfter[k % 2] += a / Double((spots.count + 1 - k % 2) / 2)
            }
            var result = AnalysisResult()
            let before = spots.reduce(0, +) / Double(spots.count), after = faded.reduce(0, +) / Double(faded.count)
            result.record("contrast", [(before, tileBefore), (after, tileAfter)])
            if objects { result.attach(ObjectValues(statistic: .mean, before: spots, after: faded), to: "contrast") }
            return .init(descriptor: Self.descriptor, result: result)
        }
        let gate = QualityGate(alignment: .aligned, beforeQuality: nil, afterQuality: nil)
        let six = [9.0, 12, 10, 14, 8, 11]
        let judged = PairComparison(measured: [measured(spots: six, objects: true)], tiles: grid, gate: gate).metrics[0]
        #expect(judged.verdict == .improved && judged.ciHigh < 0, "\(judged)")
        let byTiles = PairComparison(measured: [measured(spots: six, objects: false)], tiles: grid, gate: gate).metrics[0]
        #expect(byTiles.verdict == .notScored && byTiles.reason?.contains("tiles") == true)
        let two = PairComparison(measured: [measured(spots: [9, 12], objects: true)], tiles: grid, gate: gate).metrics[0]
        #expect(two.verdict == .notScored && two.reason?.contains("2 objects") == true, "\(two.reason ?? "")")
    }

    /// Ten spots measured twice with a measurement error of 0.15 ΔE*ab; two of them fade by 40 %.
    /// Resampling the spots counts the two as scatter; the spots are all there are, so the mean's
    /// interval is their measurement error, and it excludes zero. With no spot changed, the
    /// intervals still hold zero as often as the resampled ones.
    @Test("two of ten spots fading by 40 % are a detectable fall of the mean contrast; unchanged spots keep zero inside")
    func census() {
        var simulation = TileSimulation(generator: SeededGenerator(seed: 5))
        let estimator = ChangeEstimator(resamples: 2000)
        let before = (0..<10).map { _ in 8 + 2 * simulation.normal() }
        var after = before.map { $0 + 0.15 * simulation.normal() }
        after[3] = 0.6 * before[3]; after[7] = 0.6 * before[7]
        let fading = ObjectValues(statistic: .mean, before: before, after: after)
        let delta = fading.aggregate(after) - fading.aggregate(before)
        let (low, high) = estimator.interval(estimator.objectDraws(fading, delta: delta))
        #expect(high < 0 && low <= delta, "[\(low), \(high)] for Δ \(delta)")
        var holds = 0
        for _ in 0..<200 {
            let same = Self.objects(&simulation, count: 6 + simulation.generator.index(below: 6), change: 0, noise: 0.2)
            let nullDelta = same.aggregate(same.after) - same.aggregate(same.before)
            let (nullLow, nullHigh) = estimator.interval(estimator.objectDraws(same, delta: nullDelta))
            if nullLow <= 0 && 0 <= nullHigh { holds += 1 }
        }
        #expect(holds >= 184, "zero held in \(holds) of 200")
    }

    @Test("objects must be paired and finite; the same objects give the same draws")
    func validation() throws {
        var result = AnalysisResult()
        result.record("contrast", [(1, [1]), (1, [1])])
        result.attach(ObjectValues(statistic: .mean, before: [1, 2], after: [1]), to: "contrast")
        #expect(throws: AnalysisError.self) { try result.validate(against: Self.descriptor, tileCount: 1, hasAfter: true) }
        result.attach(ObjectValues(statistic: .sum, before: [1, 2], after: [1, .nan]), to: "contrast")
        #expect(throws: AnalysisError.self) { try result.validate(against: Self.descriptor, tileCount: 1, hasAfter: true) }
        let good = ObjectValues(statistic: .sum, before: [1, 2, 3], after: [1, 1, 2])
        result.attach(good, to: "contrast")
        try result.validate(against: Self.descriptor, tileCount: 1, hasAfter: true)
        let estimator = ChangeEstimator(resamples: 300)
        #expect(estimator.objectDraws(good, delta: -2) == estimator.objectDraws(good, delta: -2))
        #expect(good.aggregate(good.before) == 6 && ObjectValues(statistic: .mean, before: [1, 3], after: [1, 3]).aggregate([1, 3]) == 2)
        #expect(estimator.objectDraws(ObjectValues(statistic: .mean, before: [4], after: [2]), delta: -2).allSatisfy { $0 == -2 })
    }
}
