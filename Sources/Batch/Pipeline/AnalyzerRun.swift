public import AnalysisKit
public import Scoring

/// Every configured analyzer run on one prepared pair (or single photo), in order; a failing
/// analyzer costs only its own metrics. The one analyzer loop of `analyze`, `score` and the batch.
public struct AnalyzerRun: Sendable {
    public var analyzers: [ConfiguredAnalyzer]
    public var parallel: Bool

    public init(analyzers: [ConfiguredAnalyzer], parallel: Bool = true) {
        self.analyzers = analyzers
        self.parallel = parallel
    }

    /// What the analyzers gave.
    public struct Result: Sendable {
        public var measured: [PairComparison.Measured] = []
        public var flags: [String] = []
        public var notes: [String] = []
        /// Overlays by analyzer id, in before-photo pixels.
        public var overlays: [String: [OverlayLayer]] = [:]
        /// "id: error" for each analyzer that failed.
        public var failures: [String] = []
        /// The error of each analyzer that failed, as the analyzer gave it.
        public var errors: [String] = []
        /// The declared metrics of the analyzers that failed, with the reason.
        public var failedMetrics: [FailedMetric] = []
    }

    /// Runs every analyzer on `pair`, each at the resolution it declares
    /// (``AnalyzerDescriptor/workingPixelsPerMillimetre``; a reduced pair is made once per level and
    /// shared by the analyzers that work at it); `times`, when given, receives each analyzer's
    /// duration under its id (with the reduction it needed, the first time a level is made).
    public func run(on pair: AlignedPair, times: StageTimes? = nil) -> Result {
        var result = Result()
        let context = AnalysisContext(parallel: parallel)
        var reduced: [Int: AlignedPair] = [0: pair]
        for analyzer in analyzers {
            do {
                let levels = AlignedPair.reductionLevels(pixelsPerMillimetre: pair.pixelsPerMillimetre,
                                                         working: analyzer.descriptor.workingPixelsPerMillimetre)
                var fallback: String?
                let output = try times.measure(analyzer.descriptor.id.rawValue) { () throws(AnalysisError) in
                    if reduced[levels] == nil {
                        do {
                            reduced[levels] = try pair.reduced(levels: levels, parallel: parallel)
                        } catch {
                            // Too little skin left at the coarser level: measured at full resolution instead, and said so.
                            reduced[levels] = pair
                            if case AnalysisError.unmeasurable(let reason) = error { fallback = reason } else { fallback = "\(error)" }
                        }
                    }
                    return try analyzer.run(reduced[levels] ?? pair, in: context)
                }
                if let fallback {
                    result.notes.append("\(analyzer.descriptor.name) was measured at full resolution rather than at its working resolution: \(fallback).")
                }
                let overlayLevels = reduced[levels].map { $0.before.size == pair.before.size ? 0 : levels } ?? 0
                result.measured.append(.init(descriptor: analyzer.descriptor, result: output))
                result.flags += output.flags
                result.notes += output.notes
                if !output.overlays.isEmpty {
                    result.overlays[analyzer.descriptor.id.rawValue] = output.overlays.map { $0.atFullResolution(fromLevels: overlayLevels) }
                }
            } catch {
                result.failures.append("\(analyzer.descriptor.id): \(error)")
                result.errors.append("\(error)")
                result.failedMetrics += FailedMetric.all(of: analyzer.descriptor, reason: Self.reason(error))
            }
        }
        return result
    }

    /// The failure's text without the "analyzer … failed:" prefix the metric rows already say.
    static func reason(_ error: any Error) -> String {
        if let error = error as? AnalysisError, case .failed(_, let reason) = error { return reason }
        return "\(error)"
    }
}
