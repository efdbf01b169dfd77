/// What needs several comparisons of one patient's view: the measurement noise from repeats
/// (MDC95, which then guards every verdict), and trends over the sessions.
public enum SeriesStatistics {
    /// One scored comparison of the series, as these statistics need it.
    public struct Comparison: Sendable {
        public var beforeDate: String
        public var afterDate: String
        public var metrics: [MetricComparison]

        public init(beforeDate: String, afterDate: String, metrics: [MetricComparison]) {
            self.beforeDate = beforeDate
            self.afterDate = afterDate
            self.metrics = metrics
        }
    }

    /// The key of a metric in an MDC table: "analyzer/metric".
    public static func key(_ metric: MetricComparison) -> String { "\(metric.analyzer)/\(metric.metric)" }

    /// A verdict that respects the measured noise: a change smaller than MDC95 is never called a change.
    public static func guarded(_ metric: MetricComparison, mdc: Double?) -> MetricComparison {
        guard let mdc, metric.verdict != .notScored else { return metric }
        var m = metric
        m.mdc = mdc
        m.verdict = MetricComparison.verdict(delta: m.delta, low: m.ciLow, high: m.ciHigh, mdc: mdc, direction: m.direction)
        if m.verdict != metric.verdict {
            m.reason = "the change is smaller than the noise measured on repeated captures (MDC95 \(mdc))"
        }
        return m
    }

    /// Within-session noise per metric from repeat comparisons (each a session's first capture
    /// against a further capture): per session, the first capture's value and every further one.
    public static func reliability(repeats: [Comparison]) -> [ReliabilityResults] {
        var bySession: [String: [Comparison]] = [:]
        for comparison in repeats { bySession[comparison.beforeDate, default: []].append(comparison) }
        guard let any = bySession.values.first?.first else { return [] }
        return any.metrics.compactMap { metric in
            let values: [[Double]] = bySession.keys.sorted().compactMap { date in
                let rows = bySession[date]!.compactMap { c in c.metrics.first { $0.analyzer == metric.analyzer && $0.metric == metric.metric } }
                guard let first = rows.first else { return nil }
                return [first.before] + rows.map(\.after)
            }
            return Reliability(repeats: values).map {
                ReliabilityResults(analyzer: metric.analyzer, metric: metric.metric, unit: metric.unit, reliability: $0)
            }
        }
    }

    /// MDC95 by ``key(_:)`` from reliability results.
    public static func mdcTable(_ reliability: [ReliabilityResults]) -> [String: Double] {
        Dictionary(reliability.map { ("\($0.analyzer)/\($0.metric)", $0.reliability.mdc95) }, uniquingKeysWith: { a, _ in a })
    }

    /// Theil–Sen trends of every directed metric from the baseline value and every later session's
    /// value against it (scored baseline comparisons, in session order); `day` gives each session
    /// date's day number from the baseline. Needs two or more comparisons (three sessions).
    public static func trends(baseline: [Comparison], day: [String: Double]) -> [TrendResults] {
        guard baseline.count >= 2, let first = baseline.first else { return [] }
        return first.metrics.compactMap { metric in
            guard metric.direction != .neutral else { return nil }
            var d = [day[first.beforeDate] ?? 0], v = [metric.before]
            for comparison in baseline {
                guard let m = comparison.metrics.first(where: { $0.analyzer == metric.analyzer && $0.metric == metric.metric }),
                      let when = day[comparison.afterDate] else { continue }
                d.append(when)
                v.append(m.after)
            }
            return Trend(days: d, values: v).map { TrendResults(analyzer: metric.analyzer, metric: metric.metric, unit: metric.unit, trend: $0) }
        }
    }
}
