import Foundation

/// Geometry of the trend chart of each claim: the headline metric at the baseline and at every
/// later session (from the comparisons against the baseline), the 95 % interval of each change as a
/// bar, a band of baseline ± MDC95 when repeats measured the noise (else ± the metric's smallest
/// meaningful change, when it declares one), session dates on the
/// x axis. SVG units: view box 320 × 170, plot area x 52…296, y 12…128.
///
/// The y axis is honest: it starts at zero when no value is negative (a count, an area, a spread
/// never starts below zero), and its ticks are round numbers; intervals that reach past the axis are
/// cut at it.
enum ChartBuilder {
    static let left = 52.0, right = 296.0, top = 12.0, bottom = 128.0

    static func chart(_ summary: ClaimSummary, view: ViewResults) -> [String: Any]? {
        let analyzer = summary.claim.analyzer, metricID = summary.claim.descriptor.headlineMetric
        let baseline = view.comparisons.filter { $0.kind == "baseline" && $0.failure == nil }
        let measured = baseline.compactMap { c in c.metrics.first { $0.analyzer == analyzer && $0.metric == metricID }.map { (c, $0) } }
        guard let first = measured.first else { return nil }
        let sessions = Dictionary(view.sessions.map { ($0.date, $0) }, uniquingKeysWith: { a, _ in a })
        struct Point { var day: Double; var date: String; var value: Double; var low: Double; var high: Double; var postProcedure: Bool }
        var points = [Point(day: Double(sessions[first.0.beforeDate]?.day ?? 0), date: first.0.beforeDate, value: first.1.before,
                            low: first.1.before, high: first.1.before, postProcedure: false)]
        for (comparison, m) in measured {
            guard let session = sessions[comparison.afterDate] else { continue }
            points.append(Point(day: Double(session.day), date: comparison.afterDate, value: m.after, low: m.before + m.ciLow,
                                high: m.before + m.ciHigh, postProcedure: comparison.flags.contains("postProcedure")))
        }
        let base = points[0].value
        // The band: baseline ± MDC95 when repeats measured the noise, else ± the metric's smallest
        // meaningful change; a change inside it is not called.
        let meaningful = summary.claim.headline?.smallestMeaningfulChange(from: base)
        let halfBand = summary.mdc ?? meaningful
        let band = halfBand.map { (base - $0, base + $0) }
        let nonNegative = points.allSatisfy { $0.value >= 0 }
        var lo = nonNegative ? 0 : points.map(\.value).min()!
        var hi = (points.flatMap { [$0.value, $0.high] } + (band.map { [$0.1] } ?? [])).max()!
        if !nonNegative { lo = min(lo, (points.map(\.low) + (band.map { [$0.0] } ?? [])).min()!) }
        if hi - lo < 1e-12 { hi = lo + max(1, abs(lo)) }
        let ticks = niceTicks(lo, hi)
        lo = ticks.first!; hi = ticks.last!
        let d0 = points[0].day, d1 = max(points.map(\.day).max()!, d0 + 1)
        func x(_ d: Double) -> Double { left + (right - left) * (d - d0) / (d1 - d0) }
        func y(_ v: Double) -> Double { bottom - (bottom - top) * (min(max(v, lo), hi) - lo) / (hi - lo) }
        func f(_ v: Double) -> String { String(format: "%.1f", v) }
        let step = ticks.count > 1 ? ticks[1] - ticks[0] : 1
        let tickDecimals = DisplayNumber.decimals(value: step, spread: step * 5)
        var lastLabel = -Double.infinity
        var dateLabels: [[String: Any]] = []
        for (i, point) in points.enumerated() {
            let label: [String: Any] = ["x": f(x(point.day)), "text": shortDate(point.date)]
            if x(point.day) - lastLabel >= 40 {
                dateLabels.append(label)
                lastLabel = x(point.day)
            } else if i == points.count - 1, dateLabels.count > 1 {
                dateLabels[dateLabels.count - 1] = label
                lastLabel = x(point.day)
            }
        }
        let unit = summary.metric?.unit ?? first.1.unit
        let decimals = DisplayNumber.decimals(value: base, spread: first.1.ciHigh - first.1.ciLow)
        var chart: [String: Any] = [
            "key": summary.claim.key, "title": summary.claim.descriptor.name,
            "metric": summary.claim.headline?.name ?? metricID, "unit": unit,
            "axisMin": DisplayNumber.text(lo, decimals: 6), "axisMax": DisplayNumber.text(hi, decimals: 6),
            "nonNegative": nonNegative ? "true" : "false",
            "ticks": ticks.map { ["y": f(y($0)), "text": DisplayNumber.text($0, decimals: tickDecimals)] },
            "dates": dateLabels,
            "points": points.map { "\(f(x($0.day))),\(f(y($0.value)))" }.joined(separator: " "),
            "dots": points.map { p -> [String: Any] in
                ["x": f(x(p.day)), "y": f(y(p.value)), "fill": p.postProcedure ? "#ffffff" : "#2b6cb0",
                 "label": "\(p.date): \(DisplayNumber.text(p.value, decimals: decimals)) \(unit)" + (p.postProcedure ? " (post-procedure)" : "")]
            },
            "bars": points.dropFirst().map { ["x": f(x($0.day)), "low": f(y($0.low)), "high": f(y($0.high))] },
            "hasPostProcedure": points.contains { $0.postProcedure },
            "first": f(left), "last": f(right), "width": f(right - left), "plotTop": f(top), "plotBottom": f(bottom),
        ]
        if let band {
            let text = summary.mdc.map { "noise band: baseline ± MDC95 (\(DisplayNumber.text($0, decimals: decimals)) \(unit))" }
                ?? "band: baseline ± the smallest meaningful change (\(String(format: "%g", summary.claim.headline?.meaningfulChangePercent ?? 0)) %)"
            chart["band"] = ["y": f(y(band.1)), "height": f(max(0.5, y(band.0) - y(band.1))), "text": text]
        } else {
            chart["noBand"] = "no band: no session had repeat captures and the metric declares no smallest meaningful change"
        }
        return chart
    }

    /// Round tick values (1, 2 or 5 × 10ᵏ apart) covering lo…hi, three to six of them.
    static func niceTicks(_ lo: Double, _ hi: Double) -> [Double] {
        let raw = (hi - lo) / 4
        let magnitude = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? 10 * magnitude
        let start = floor(lo / step + 1e-9) * step, end = ceil(hi / step - 1e-9) * step
        return stride(from: 0, through: Int(((end - start) / step).rounded()), by: 1).map { start + Double($0) * step }
    }

    /// "5 Jan" from "2026-01-05"; the text itself when it is not a date.
    static func shortDate(_ date: String) -> String {
        let parts = date.split(separator: "-")
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        guard parts.count == 3, let month = Int(parts[1]), (1...12).contains(month), let day = Int(parts[2]) else { return date }
        return "\(day) \(months[month - 1])"
    }
}
