public import AnalysisKit
import Foundation

/// The 95 % interval of a change from per-tile values, by a percentile bootstrap over tiles.
///
/// A metric's change Δ = after − before is computed on the whole mask by its analyzer; the tiles say
/// how consistently the skin changed across the area. Each of ``resamples`` draws takes the tiles
/// with replacement (the same draw for every metric, so combined scores stay coherent) and
/// recomputes a tile-based change:
/// - when every tile value is ≥ 0 and the weighted before total is > 0 (counts, areas, SDs,
///   densities), the ratio R* = Σw·after*/Σw·before* (w: the tile's mask pixels), and
///   Δ* = Δ + before·(R* − R), R the ratio over all tiles;
/// - otherwise the weighted mean difference D* = Σw·(after − before)*/Σw, and Δ* = Δ + (D* − D).
/// The interval is the 2.5th and 97.5th percentiles of Δ*, expanded about Δ by
/// √(n/(n−1))·t₀.₉₇₅,ₙ₋₁/z₀.₉₇₅ for n tiles (the expanded percentile interval, which corrects the
/// plain bootstrap's under-coverage with few tiles; Hesterberg 2015, doi:10.1080/00031305.2015.1089789).
/// A metric that carries per-object values (`ObjectValues`: spots, scars) resamples
/// its objects instead: each draw takes the n objects' differences dᵢ = afterᵢ − beforeᵢ with
/// replacement, and Δ* = Δ + e·(S(d*) − S(d)), S the objects' statistic (mean or sum) and e the
/// same expansion for n objects. For a mean over six or more objects where a few changed far more
/// than the rest (the differences' SD at least twice 1.4826·MAD), the objects are all the spots in
/// the frame, not a sample of them, and the draws are Δ + e·z·1.4826·MAD/√n instead (z standard
/// normal): the measurement error of the mean, not the scatter of the objects' responses.
/// The generator is seeded from the inputs, so the same inputs give the same interval on any machine:
/// the tile draws from the tiles' mask pixels alone (the measured skin, set by the photos), so a
/// metric's interval does not depend on which other metrics or analyzers were scored with it
/// (`score --analyzers` on one analyzer gives the intervals of the full run); the object draws from
/// the metric's own objects.
public struct ChangeEstimator: Sendable {
    /// A metric's whole-mask values and its per-tile values.
    public struct TiledChange: Sendable {
        public var before: Double
        public var after: Double
        public var tileBefore: [Double]
        public var tileAfter: [Double]
        /// Per-object values; when given (two or more), the draws resample them instead of the tiles.
        public var objects: ObjectValues?

        public init(before: Double, after: Double, tileBefore: [Double], tileAfter: [Double], objects: ObjectValues? = nil) {
            self.before = before
            self.after = after
            self.tileBefore = tileBefore
            self.tileAfter = tileAfter
            self.objects = objects
        }
    }

    public var resamples: Int
    public var confidence: Double

    public init(resamples: Int = 2000, confidence: Double = 0.95) {
        self.resamples = resamples
        self.confidence = confidence
    }

    /// Bootstrap draws of Δ*: `[metric][draw]`. With fewer than 2 tiles (or objects) every draw is Δ.
    public func draws(_ changes: [TiledChange], tileWeights: [Double]) -> [[Double]] {
        var out = tileDraws(changes, tileWeights: tileWeights)
        for (m, change) in changes.enumerated() {
            if let objects = change.objects { out[m] = objectDraws(objects, delta: change.after - change.before) }
        }
        return out
    }

    /// Bootstrap draws of Δ* over objects (see the type's description), seeded from the objects.
    /// With fewer than 2 objects every draw is Δ.
    public func objectDraws(_ objects: ObjectValues, delta: Double) -> [Double] {
        let n = min(objects.before.count, objects.after.count)
        guard n >= 2 else { return [Double](repeating: delta, count: resamples) }
        let differences = (0..<n).map { objects.after[$0] - objects.before[$0] }
        var generator = SeededGenerator(seed: SeededGenerator.seed(from: [Double(n), delta] + objects.before + objects.after))
        let centre = objects.aggregate(differences)
        let expansion = Self.expansion(tiles: n)
        // Every object in the frame is measured (a census of the spots, not a sample of them). When a
        // few objects changed far more than the rest (the differences' SD at least twice their
        // robust spread, 1.4826·MAD about the median), resampling counts that change as scatter:
        // two spots of ten fading by 40 % read as no detectable change. The mean's uncertainty is
        // then each object's measurement error, the robust spread, over √n.
        if objects.statistic == .mean, n >= Self.fewestCensusObjects {
            let middle = Self.median(differences)
            let spread = 1.4826 * Self.median(differences.map { abs($0 - middle) })
            let sd = (differences.reduce(0) { $0 + ($1 - centre) * ($1 - centre) } / Double(n - 1)).squareRoot()
            if sd >= 2 * spread {
                return (0..<resamples).map { _ in delta + expansion * spread / Double(n).squareRoot() * generator.normal() }
            }
        }
        var sample = [Double](repeating: 0, count: n)
        return (0..<resamples).map { _ in
            for i in 0..<n { sample[i] = differences[generator.index(below: n)] }
            return delta + expansion * (objects.aggregate(sample) - centre)
        }
    }

    /// Fewest objects for the census interval of a mean (see ``objectDraws(_:delta:)``).
    static let fewestCensusObjects = 6

    private func tileDraws(_ changes: [TiledChange], tileWeights: [Double]) -> [[Double]] {
        let n = tileWeights.count
        var generator = SeededGenerator(seed: SeededGenerator.seed(from: tileWeights))
        var out = changes.map { [Double](repeating: $0.after - $0.before, count: resamples) }
        guard n >= 2 else { return out }
        struct Plan { var useRatio: Bool; var ratio: Double; var meanDifference: Double }
        let plans: [Plan] = changes.map { c in
            let ok = c.tileBefore.count == n && c.tileAfter.count == n
            let nonNegative = ok && c.tileBefore.allSatisfy { $0 >= 0 } && c.tileAfter.allSatisfy { $0 >= 0 }
            var sumB = 0.0, sumA = 0.0, sumW = 0.0
            if ok { for t in 0..<n { sumB += tileWeights[t] * c.tileBefore[t]; sumA += tileWeights[t] * c.tileAfter[t]; sumW += tileWeights[t] } }
            return Plan(useRatio: nonNegative && sumB > 0, ratio: sumB > 0 ? sumA / sumB : 1,
                        meanDifference: sumW > 0 ? (sumA - sumB) / sumW : 0)
        }
        let expansion = Self.expansion(tiles: n)
        var counts = [Int](repeating: 0, count: n)
        for draw in 0..<resamples {
            for t in 0..<n { counts[t] = 0 }
            for _ in 0..<n { counts[generator.index(below: n)] += 1 }
            for (m, change) in changes.enumerated() where change.tileBefore.count == n && change.tileAfter.count == n {
                var sumB = 0.0, sumA = 0.0, sumW = 0.0
                for t in 0..<n where counts[t] > 0 {
                    let w = tileWeights[t] * Double(counts[t])
                    sumB += w * change.tileBefore[t]; sumA += w * change.tileAfter[t]; sumW += w
                }
                let delta = change.after - change.before
                if plans[m].useRatio {
                    out[m][draw] = sumB > 0 ? delta + expansion * change.before * (sumA / sumB - plans[m].ratio) : delta
                } else {
                    out[m][draw] = sumW > 0 ? delta + expansion * ((sumA - sumB) / sumW - plans[m].meanDifference) : delta
                }
            }
        }
        return out
    }

    /// Bootstrap draws of Δ* for two photos that were not registered: `[metric][draw]`.
    ///
    /// Each photo has its own tiles (`beforeWeights`, `afterWeights`: their mask pixels), so the
    /// tiles of the before photo and those of the after photo are drawn with replacement
    /// independently (the two-sample bootstrap). With the tile-weighted means B* and A* of a draw:
    /// Δ* = Δ + e·before·(A*/B* − A/B) for non-negative metrics with B > 0, otherwise
    /// Δ* = Δ + e·((A* − B*) − (A − B)); e is ``expansion(tiles:)`` of the smaller tile count.
    /// With fewer than 2 tiles on either photo every draw is Δ.
    public func unpairedDraws(_ changes: [TiledChange], beforeWeights: [Double], afterWeights: [Double]) -> [[Double]] {
        let nB = beforeWeights.count, nA = afterWeights.count
        var generator = SeededGenerator(seed: SeededGenerator.seed(from: beforeWeights + [-1] + afterWeights))
        var out = changes.map { [Double](repeating: $0.after - $0.before, count: resamples) }
        guard nB >= 2, nA >= 2 else { return out }
        func weightedMean(_ values: [Double], _ weights: [Double], _ counts: [Int]) -> Double {
            var sum = 0.0, total = 0.0
            for t in values.indices where counts[t] > 0 {
                let w = weights[t] * Double(counts[t])
                sum += w * values[t]
                total += w
            }
            return total > 0 ? sum / total : 0
        }
        let usable = changes.map { $0.tileBefore.count == nB && $0.tileAfter.count == nA }
        let ones = (b: [Int](repeating: 1, count: nB), a: [Int](repeating: 1, count: nA))
        let plans: [(useRatio: Bool, ratio: Double, difference: Double)] = changes.indices.map { m in
            guard usable[m] else { return (false, 1, 0) }
            let c = changes[m]
            let meanB = weightedMean(c.tileBefore, beforeWeights, ones.b), meanA = weightedMean(c.tileAfter, afterWeights, ones.a)
            let nonNegative = c.tileBefore.allSatisfy { $0 >= 0 } && c.tileAfter.allSatisfy { $0 >= 0 }
            return (nonNegative && meanB > 0, meanB > 0 ? meanA / meanB : 1, meanA - meanB)
        }
        let expansion = Self.expansion(tiles: min(nB, nA))
        var countsB = [Int](repeating: 0, count: nB), countsA = [Int](repeating: 0, count: nA)
        for draw in 0..<resamples {
            for t in 0..<nB { countsB[t] = 0 }
            for t in 0..<nA { countsA[t] = 0 }
            for _ in 0..<nB { countsB[generator.index(below: nB)] += 1 }
            for _ in 0..<nA { countsA[generator.index(below: nA)] += 1 }
            for (m, change) in changes.enumerated() where usable[m] {
                let meanB = weightedMean(change.tileBefore, beforeWeights, countsB)
                let meanA = weightedMean(change.tileAfter, afterWeights, countsA)
                let delta = change.after - change.before
                if plans[m].useRatio {
                    out[m][draw] = meanB > 0 ? delta + expansion * change.before * (meanA / meanB - plans[m].ratio) : delta
                } else {
                    out[m][draw] = delta + expansion * ((meanA - meanB) - plans[m].difference)
                }
            }
        }
        return out
    }

    /// The median of `values` (0 for none).
    static func median(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted(), m = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2
    }

    /// √(n/(n−1)) · t₀.₉₇₅,ₙ₋₁ / z₀.₉₇₅, the t quantile by its Cornish–Fisher expansion.
    static func expansion(tiles n: Int) -> Double {
        guard n >= 2 else { return 1 }
        let z = 1.959_964, nu = Double(n - 1)
        let t = z + (z * z * z + z) / (4 * nu) + (5 * pow(z, 5) + 16 * z * z * z + 3 * z) / (96 * nu * nu)
        return (Double(n) / nu).squareRoot() * t / z
    }

    /// The percentile interval of `draws`.
    public func interval(_ draws: [Double]) -> (low: Double, high: Double) {
        guard !draws.isEmpty else { return (0, 0) }
        let sorted = draws.sorted()
        let tail = (1 - confidence) / 2
        func quantile(_ p: Double) -> Double {
            let rank = p * Double(sorted.count - 1)
            let low = Int(rank.rounded(.down)), high = min(low + 1, sorted.count - 1)
            return sorted[low] + (rank - Double(low)) * (sorted[high] - sorted[low])
        }
        return (quantile(tail), quantile(1 - tail))
    }
}
