public import AnalysisKit

/// One metric of one analyzer, before against after, with the uncertainty of the change.
///
/// - `delta` = after − before, in the metric's unit; `percentChange` = 100·delta/|before| (nil
///   when before is 0).
/// - `ciLow`…`ciHigh`: the 95 % percentile-bootstrap interval of delta (see ``ChangeEstimator``),
///   widened by ``QualityGate`` when alignment or capture quality is doubtful.
/// - `mdc`: the minimal detectable change (95 %) from repeated captures, when known.
public struct MetricComparison: Hashable, Sendable, Codable {
    public var analyzer: String
    public var metric: String
    public var unit: String
    public var direction: MetricDescriptor.Direction
    public var before: Double
    public var after: Double
    public var delta: Double
    public var percentChange: Double?
    public var ciLow: Double
    public var ciHigh: Double
    public var mdc: Double?
    public var verdict: Verdict
    /// Why the verdict is `notScored` or the interval was widened.
    public var reason: String?

    public init(analyzer: String, metric: String, unit: String, direction: MetricDescriptor.Direction, before: Double,
                after: Double, ciLow: Double, ciHigh: Double, mdc: Double? = nil, verdict: Verdict, reason: String? = nil) {
        self.analyzer = analyzer
        self.metric = metric
        self.unit = unit
        self.direction = direction
        self.before = before
        self.after = after
        delta = after - before
        percentChange = before != 0 ? 100 * (after - before) / abs(before) : nil
        self.ciLow = ciLow
        self.ciHigh = ciHigh
        self.mdc = mdc
        self.verdict = verdict
        self.reason = reason
    }

    /// The verdict for a change with interval `low…high`: no detectable change when the interval
    /// contains zero or |delta| is below `mdc`; no meaningful change when |delta| is below
    /// `meaningful` (the smallest change that matters, in the metric's unit); otherwise improved or
    /// worsened by `direction`.
    public static func verdict(delta: Double, low: Double, high: Double, mdc: Double?,
                               direction: MetricDescriptor.Direction, meaningful: Double? = nil) -> Verdict {
        if direction == .neutral { return .notScored }
        if low <= 0 && high >= 0 { return .noDetectableChange }
        if let mdc, abs(delta) < mdc { return .noDetectableChange }
        if let meaningful, abs(delta) < meaningful { return .noMeaningfulChange }
        let better = direction == .lowerIsBetter ? delta < 0 : delta > 0
        return better ? .improved : .worsened
    }
}
