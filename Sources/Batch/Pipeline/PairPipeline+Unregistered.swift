import AnalysisKit
import ImageCore
import Scoring

extension PairPipeline {
    /// What every output says of a pair compared without registration, after the reason.
    static let unregisteredNote = "each photo was measured on its own skin with its own detection thresholds, and each change's interval comes from each photo's own tiles; metrics that need the same skin at the same pixels in both photos are reported but not scored"

    /// Compares a pair that could not be registered on what needs no pixel correspondence: each
    /// photo measured on its own skin (the after photo in `request.afterRegion`, in its own pixels),
    /// both by one skin rule (the before photo's); values paired by metric, intervals from
    /// ``ChangeEstimator/unpairedDraws(_:beforeWeights:afterWeights:)``; every metric that declares
    /// ``MetricDescriptor/needsRegistrationBecause`` withheld with that reason.
    func scoreUnregistered(before: Image<RGB8>, after: Image<RGB8>, because reason: String, request: Request, outcome: Outcome,
                           times: StageTimes?) -> Outcome {
        var outcome = outcome
        let afterScale = request.afterPixelsPerMillimetre ?? request.pixelsPerMillimetre
        let beforePair: AlignedPair, afterPair: AlignedPair
        do {
            (beforePair, afterPair) = try times.measure("masks and planes") { () throws(AnalysisError) in
                let beforePhoto = AnalysisPhoto(rgb: before, parallel: parallel)
                let rule = request.skinRule ?? SkinRule.automatic(for: beforePhoto)
                let b = try AlignedPair.prepare(before: beforePhoto, after: nil, region: request.region,
                                                pixelsPerMillimetre: request.pixelsPerMillimetre, beforeCapture: request.beforeCapture,
                                                skinRule: rule, parallel: parallel)
                let a = try AlignedPair.prepare(before: AnalysisPhoto(rgb: after, parallel: parallel), after: nil, region: request.afterRegion,
                                                pixelsPerMillimetre: afterScale, beforeCapture: request.afterCapture ?? CaptureMetadata(),
                                                skinRule: rule, parallel: parallel)
                return (b, a)
            }
        } catch {
            outcome.failure = .unmeasurable(reason: "not registered (\(reason)), and a photo cannot be measured on its own: \(error)")
            return outcome
        }
        let runner = AnalyzerRun(analyzers: analyzers, parallel: parallel)
        let beforeRun = runner.run(on: beforePair, times: times)
        let afterRun = runner.run(on: afterPair, times: times)

        var measured: [PairComparison.Measured] = []
        for entry in beforeRun.measured {
            guard let other = afterRun.measured.first(where: { $0.descriptor.id == entry.descriptor.id }) else { continue }
            measured.append(.init(descriptor: entry.descriptor, result: Self.unpaired(entry.result, other.result, descriptor: entry.descriptor)))
            outcome.overlays[entry.descriptor.id.rawValue] = entry.result.overlays
                + other.result.overlays.map { OverlayLayer(id: $0.id, photo: .after, content: $0.content, unit: $0.unit) }
        }
        let failures = orderedUnique(beforeRun.failures.map { "\($0) (before photo)" } + afterRun.failures.map { "\($0) (after photo)" })
        var failedMetrics = beforeRun.failedMetrics
        for failed in afterRun.failedMetrics where !failedMetrics.contains(where: { $0.analyzer == failed.analyzer && $0.metric == failed.metric }) {
            failedMetrics.append(failed)
        }
        var notes = ["Not registered (\(reason)): \(Self.unregisteredNote)."]
        if request.afterPixelsPerMillimetre == nil, request.pixelsPerMillimetre != nil {
            notes.append("The after photo was measured at the before photo's scale (no scale of its own was given).")
        }
        if before.size != after.size {
            notes.append("The photos differ in size (\(before.width)×\(before.height) and \(after.width)×\(after.height) pixels); each was measured on its own frame.")
        }
        outcome.notes = orderedUnique(notes + beforePair.skinNotes + beforeRun.notes + afterRun.notes)
        outcome.flags = orderedUnique(beforeRun.flags + afterRun.flags)
        outcome.analyzerFailures = failures
        outcome.failedMetrics = failedMetrics
        outcome.unregisteredReason = reason
        outcome.comparison = times.measure("compare") {
            PairComparison(measured: measured, tiles: beforePair.tiles, afterTiles: afterPair.tiles, gate: QualityGate(
                alignment: .unregistered(reason: reason), beforeQuality: beforePair.beforeQuality, afterQuality: afterPair.beforeQuality),
                mdc: request.mdc, weights: request.weights)
        }
        outcome.quality["before"] = beforePair.beforeQuality
        outcome.quality["after"] = afterPair.beforeQuality
        outcome.maskPixels = PlaneMath.count(beforePair.mask)
        outcome.tiles = beforePair.tiles.tiles.count
        return outcome
    }

    /// One analyzer's single-photo results on the two photos as one result: before values and tiles
    /// from `before`, after values and tiles (the after photo's own tiles) from `after`; a metric
    /// that needs registration withheld with its reason.
    static func unpaired(_ before: AnalysisResult, _ after: AnalysisResult, descriptor: AnalyzerDescriptor) -> AnalysisResult {
        var result = AnalysisResult()
        for (value, tiles) in zip(before.values, before.tiles) {
            guard let other = after.value(value.metric), let otherTiles = after.tiles.first(where: { $0.metric == value.metric }) else { continue }
            var merged = value
            merged.after = other.before
            if merged.withheldReason == nil { merged.withheldReason = other.withheldReason }
            if let why = descriptor.metric(value.metric)?.needsRegistrationBecause {
                merged.withheldReason = "not judged without registration: \(why)"
            }
            result.values.append(merged)
            result.tiles.append(AnalysisResult.TileValues(metric: value.metric, before: tiles.before, after: otherTiles.before))
        }
        result.flags = orderedUnique(before.flags + after.flags)
        result.notes = orderedUnique(before.notes + after.notes)
        return result
    }
}

/// `values` in order with later repeats left out.
func orderedUnique(_ values: [String]) -> [String] {
    var seen = Set<String>()
    return values.filter { seen.insert($0).inserted }
}
