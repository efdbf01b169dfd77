/// The composite progress score of a comparison, in percent improvement (positive is better).
///
/// For each headline metric, the improvement is 100·Δ/|before| with the sign flipped for
/// lower-is-better metrics; a claim's improvement is the mean over its headline metrics present;
/// the score is the weighted mean over claims. A claim whose analyzer flags the after photo as
/// post-procedure (the redness analyzer, within its window after a procedure) is left out and named
/// in ``leftOut``. Its interval comes from the same bootstrap draws as
/// the metrics' (so correlated claims are not counted as independent evidence). The verdict follows
/// the interval: `improved` when it lies above 0, `worsened` below, `noDetectableChange` otherwise.
public struct CompositeScore: Hashable, Sendable, Codable {
    public var value: Double
    public var ciLow: Double
    public var ciHigh: Double
    public var verdict: Verdict
    /// Normalised weight of each claim used (analyzer id → weight).
    public var weights: [String: Double]
    /// "analyzer/metric" of every headline metric used.
    public var metrics: [String]
    public var reason: String?
    /// Claims left out of this score, each "analyzer: why" (a post-procedure photo leaves out redness,
    /// which the procedure itself raises for a few days); nil when none was.
    public var leftOut: [String]?

    public init(value: Double, ciLow: Double, ciHigh: Double, verdict: Verdict, weights: [String: Double],
                metrics: [String], reason: String? = nil, leftOut: [String]? = nil) {
        self.leftOut = leftOut
        self.value = value
        self.ciLow = ciLow
        self.ciHigh = ciHigh
        self.verdict = verdict
        self.weights = weights
        self.metrics = metrics
        self.reason = reason
    }
}
