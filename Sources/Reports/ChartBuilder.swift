import Foundation

/// Geometry of the per-metric charts: each metric's value at the baseline and at every later
/// session (from the comparisons against the baseline), with the 95 % interval of the change
/// drawn as a bar around the later values. Plot area x 44…292, y 10…122 (SVG units).
enum ChartBuilder {
    static func charts(_ view: ViewResults) -> [[String: Any]] {
        let baseline = view.comparisons.filter { $0.kind == "baseline" && $0.failure == nil }
        guard let first = baseline.first else { return [] }
        let days = Dictionary(view.sessions.map { ($0.date, Double($0.day)) }, uniquingKeysWith: { a, _ in a })
        var charts: [[String: Any]] = []
        for metric in first.metrics where metric.direction != .neutral {
            var points: [(day: Double, value: Double, low: Double, high: Double)] = [(days[first.beforeDate] ?? 0, metric.before, metric.before, metric.before)]
            for comparison in baseline {
                guard let m = comparison.metrics.first(where: { $0.analyzer == metric.analyzer && $0.metric == metric.metric }),
                      let day = days[comparison.afterDate] else { continue }
                points.append((day, m.after, m.before + m.ciLow, m.before + m.ciHigh))
            }
            guard points.count >= 2 else { continue }
            let values = points.flatMap { [$0.value, $0.low, $0.high] }
            var lo = values.min()!, hi = values.max()!
            if hi - lo < 1e-12 { lo -= 1; hi += 1 }
            let pad = 0.08 * (hi - lo)
            lo -= pad; hi += pad
            let d0 = points.first!.day, d1 = max(points.last!.day, d0 + 1)
            func x(_ d: Double) -> String { String(format: "%.1f", 44 + 248 * (d - d0) / (d1 - d0)) }
            func y(_ v: Double) -> String { String(format: "%.1f", 122 - 112 * (v - lo) / (hi - lo)) }
            charts.append([
                "key": "\(metric.analyzer)/\(metric.metric)",
                "title": "\(HTMLReport.shortName(metric.analyzer)) / \(metric.metric)", "unit": metric.unit,
                "direction": metric.direction == .lowerIsBetter ? "lower is better" : "higher is better",
                "top": HTMLReport.number(hi), "bottom": HTMLReport.number(lo),
                "firstDay": Int(d0), "lastDay": Int(points.last!.day),
                "points": points.map { "\(x($0.day)),\(y($0.value))" }.joined(separator: " "),
                "dots": points.map { ["x": x($0.day), "y": y($0.value), "label": "day \(Int($0.day)): \(HTMLReport.number($0.value)) \(metric.unit)"] },
                "bars": points.dropFirst().map { ["x": x($0.day), "low": y($0.low), "high": y($0.high)] },
            ])
        }
        return charts
    }
}
