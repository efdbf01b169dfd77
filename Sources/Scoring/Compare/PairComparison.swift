public import AnalysisKit

/// Every metric of a before/after pair compared, with intervals and verdicts, and the composite score.
public struct PairComparison: Hashable, Sendable, Codable {
    public var metrics: [MetricComparison]
    public var score: CompositeScore
    /// Reasons the intervals were widened or the verdicts withheld.
    public var warnings: [String]

    /// Fewest tiles with a non-zero value (before or after) for a verdict.
    public static let minimumInformativeTiles = 5

    static func informativeTiles(_ tiles: AnalysisResult.TileValues, unpaired: Bool) -> Int {
        let after = tiles.after ?? []
        if unpaired { return max(tiles.before.filter { $0 != 0 }.count, after.filter { $0 != 0 }.count) }
        return tiles.before.indices.filter { tiles.before[$0] != 0 || ($0 < after.count && after[$0] != 0) }.count
    }

    /// One analyzer's declaration and result on the pair.
    public struct Measured: Sendable {
        public var descriptor: AnalyzerDescriptor
        public var result: AnalysisResult

        public init(descriptor: AnalyzerDescriptor, result: AnalysisResult) {
            self.descriptor = descriptor
            self.result = result
        }
    }

    /// Compares the analyzers' results on one pair.
    ///
    /// - Parameters:
    ///   - measured: each analyzer's descriptor and result (with after values).
    ///   - tiles: the pair's tile grid (tile weights are their mask pixels); the before photo's own
    ///     grid when `afterTiles` is given.
    ///   - afterTiles: for a pair compared without registration, the after photo's own grid: the
    ///     after tile values refer to it, and intervals come from
    ///     ``ChangeEstimator/unpairedDraws(_:beforeWeights:afterWeights:)``. Nil for a registered pair.
    ///   - gate: alignment and capture quality.
    ///   - mdc: minimal detectable change by "analyzer/metric", when repeated captures gave one.
    ///   - weights: the composite score's claims.
    public init(measured: [Measured], tiles: TileGrid, afterTiles: TileGrid? = nil, gate: QualityGate, mdc: [String: Double] = [:],
                weights: ScoreWeights = .standard, estimator: ChangeEstimator = ChangeEstimator()) {
        var rows: [(analyzer: String, descriptor: MetricDescriptor, value: AnalysisResult.Value, tiles: AnalysisResult.TileValues)] = []
        for entry in measured {
            for (value, tileValues) in zip(entry.result.values, entry.result.tiles) {
                guard value.after != nil, let descriptor = entry.descriptor.metric(value.metric) else { continue }
                rows.append((entry.descriptor.id.rawValue, descriptor, value, tileValues))
            }
        }
        // Per-object values describe the same objects on both photos, so only a registered pair
        // resamples them; an unregistered one has each photo's own tiles.
        let unpaired = afterTiles != nil
        let changes = rows.map {
            ChangeEstimator.TiledChange(before: $0.value.before, after: $0.value.after!, tileBefore: $0.tiles.before,
                                        tileAfter: $0.tiles.after ?? [], objects: unpaired ? nil : $0.value.objects)
        }
        let tileWeights = tiles.tiles.map { Double($0.maskPixels) }
        let draws = afterTiles.map { estimator.unpairedDraws(changes, beforeWeights: tileWeights, afterWeights: $0.tiles.map { Double($0.maskPixels) }) }
            ?? estimator.draws(changes, tileWeights: tileWeights)
        let withheld = gate.withheldReason
        let widening = gate.wideningReasons
        let factor = widening.isEmpty ? 1 : QualityGate.wideningFactor
        warnings = (withheld.map { [$0] } ?? []) + (gate.unregisteredWarning.map { [$0] } ?? []) + widening

        metrics = rows.enumerated().map { index, row in
            let before = row.value.before, after = row.value.after!
            let delta = after - before
            var (low, high) = estimator.interval(draws[index])
            low = delta - factor * (delta - low)
            high = delta + factor * (high - delta)
            var rowWidening = widening
            if let systematic = row.value.systematicUncertainty, systematic > 0 {
                low -= systematic
                high += systematic
                rowWidening.append(row.value.systematicReason ?? "by ±\(systematic) for an error the tiles cannot show")
            }
            let key = "\(row.analyzer)/\(row.descriptor.id)"
            let verdict: Verdict
            var reason: String?
            if let withheld {
                verdict = .notScored
                reason = withheld
            } else if let why = row.value.withheldReason {
                verdict = .notScored
                reason = why
            } else if row.descriptor.direction == .neutral {
                verdict = .notScored
                reason = "a descriptive metric"
            } else if let objects = changes[index].objects, objects.count < ObjectValues.minimumObjects, delta != 0 {
                verdict = .notScored
                reason = "only \(objects.count) object\(objects.count == 1 ? "" : "s") (spots, scars) hold this metric; at least \(ObjectValues.minimumObjects) are needed to judge its change"
            } else if changes[index].objects == nil, tiles.tiles.count >= 2,
                      Self.informativeTiles(row.tiles, unpaired: unpaired) < Self.minimumInformativeTiles, delta != 0 {
                // Few objects (a spot or two): the tiles cannot show how much the value moves
                // between photos, so no verdict rather than a confident one.
                verdict = .notScored
                reason = "only \(Self.informativeTiles(row.tiles, unpaired: unpaired)) tiles hold this metric; at least \(Self.minimumInformativeTiles) are needed to judge its change"
            } else {
                let meaningful = row.descriptor.smallestMeaningfulChange(from: before)
                verdict = MetricComparison.verdict(delta: delta, low: low, high: high, mdc: mdc[key], direction: row.descriptor.direction,
                                                   meaningful: meaningful)
                var reasons = rowWidening.isEmpty ? [] : ["interval widened: " + rowWidening.joined(separator: "; ")]
                if verdict == .noMeaningfulChange, let percent = row.descriptor.meaningfulChangePercent {
                    let floor = row.descriptor.meaningfulChange.map { String(format: ", at least %g %@", $0, row.value.unit ?? row.descriptor.unit) } ?? ""
                    reasons.insert(String(format: "detectable, but the change (%.2g %%) is smaller than the smallest meaningful change (%g %%%@)",
                                          before != 0 ? 100 * abs(delta) / abs(before) : 0, percent, floor), at: 0)
                } else if verdict == .noMeaningfulChange, let absolute = row.descriptor.meaningfulChange {
                    reasons.insert(String(format: "detectable, but the change (%.3g) is smaller than the smallest meaningful change (%g %@)",
                                          abs(delta), absolute, row.value.unit ?? row.descriptor.unit), at: 0)
                }
                if !reasons.isEmpty { reason = reasons.joined(separator: "; ") }
            }
            return MetricComparison(analyzer: row.analyzer, metric: row.descriptor.id, unit: row.value.unit ?? row.descriptor.unit,
                                    direction: row.descriptor.direction, before: before, after: after, ciLow: low, ciHigh: high,
                                    mdc: mdc[key], verdict: verdict, reason: reason)
        }

        // Composite score over the same draws. A claim whose analyzer flags the after photo as taken
        // within days of a procedure is left out: the procedure itself changes it for a while.
        let transient = Set(measured.filter { $0.result.flags.contains("postProcedure") }.map(\.descriptor.id.rawValue))
        var leftOut: [String] = []
        var claimMetrics: [(weight: Double, analyzer: String, indices: [Int])] = []
        for claim in weights.claims where claim.weight > 0 {
            if transient.contains(claim.analyzer) {
                leftOut.append("\(claim.analyzer): the after photo was taken within days of a procedure, which changes it for a while")
                continue
            }
            let inClaim = rows.indices.filter { rows[$0].analyzer == claim.analyzer && claim.metrics.contains(rows[$0].descriptor.id) }
            for i in inClaim {
                if let why = rows[i].value.withheldReason { leftOut.append("\(claim.analyzer)/\(rows[i].descriptor.id): \(why)") }
            }
            let indices = inClaim.filter { i in
                rows[i].value.before != 0 && rows[i].descriptor.direction != .neutral && rows[i].value.withheldReason == nil
            }
            if !indices.isEmpty { claimMetrics.append((claim.weight, claim.analyzer, indices)) }
        }
        let totalWeight = claimMetrics.reduce(0) { $0 + $1.weight }
        func improvement(_ i: Int, _ delta: Double) -> Double {
            let sign: Double = rows[i].descriptor.direction == .lowerIsBetter ? -1 : 1
            return sign * 100 * delta / abs(rows[i].value.before)
        }
        func composite(_ delta: (Int) -> Double) -> Double {
            guard totalWeight > 0 else { return 0 }
            return claimMetrics.reduce(0) { sum, claim in
                sum + claim.weight * claim.indices.reduce(0) { $0 + improvement($1, delta($1)) } / Double(claim.indices.count)
            } / totalWeight
        }
        let value = composite { rows[$0].value.after! - rows[$0].value.before }
        let resampleCount = draws.first?.count ?? 0
        let scoreDraws = (0..<resampleCount).map { b in composite { draws[$0][b] } }
        var (low, high) = estimator.interval(scoreDraws.isEmpty ? [value] : scoreDraws)
        low = value - factor * (value - low)
        high = value + factor * (high - value)
        let scoreVerdict: Verdict = withheld != nil || totalWeight == 0 ? .notScored
            : low > 0 ? .improved : high < 0 ? .worsened : .noDetectableChange
        score = CompositeScore(
            value: value, ciLow: low, ciHigh: high, verdict: scoreVerdict,
            weights: Dictionary(uniqueKeysWithValues: claimMetrics.map { ($0.analyzer, $0.weight / totalWeight) }),
            metrics: claimMetrics.flatMap { claim in claim.indices.map { "\(rows[$0].analyzer)/\(rows[$0].descriptor.id)" } },
            reason: withheld ?? (totalWeight == 0 ? "no headline metric was measured" : nil),
            leftOut: leftOut.isEmpty ? nil : leftOut)
    }
}
