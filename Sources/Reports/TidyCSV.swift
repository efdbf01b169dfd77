import Foundation

/// `results.csv`: one row per patient × view × comparison × metric (tidy data), plus a row per
/// comparison for the composite score (analyzer `composite`, metric `score`, unit `%`).
///
/// Columns (RFC 4180, UTF-8, `\n` line ends, `.` decimal point, empty cell = no value):
/// patient, view, comparison (baseline | previous | repeat), beforeDate, afterDate,
/// afterDaysSinceProcedure, analyzer, metric, metricLabel (the metric's display name as its analyzer
/// declared it, "Composite score" for the score row), unit, direction (lowerIsBetter | higherIsBetter |
/// neutral), before, after, delta, percentChange, ciLow, ciHigh, mdc, verdict (improved | worsened |
/// noDetectableChange | noMeaningfulChange | notScored | failed: the analyzer failed, no value), reason,
/// registration (registered | unregistered: compared without registration, each photo on its own
/// skin; empty when the pair was not compared), registrationReason (why it was not registered).
public enum TidyCSV {
    public static let columns = [
        "patient", "view", "comparison", "beforeDate", "afterDate", "afterDaysSinceProcedure", "analyzer", "metric", "metricLabel",
        "unit", "direction", "before", "after", "delta", "percentChange", "ciLow", "ciHigh", "mdc", "verdict", "reason",
        "registration", "registrationReason",
    ]

    /// The CSV bytes of `document`.
    public static func render(_ document: ResultsDocument) -> Data {
        let vocabulary = MetricVocabulary(analyzers: document.provenance.analyzers)
        var lines = [columns.joined(separator: ",")]
        for patient in document.patients {
            for view in patient.views {
                let days = Dictionary(view.sessions.map { ($0.date, $0.daysSinceProcedure) }, uniquingKeysWith: { a, _ in a })
                for comparison in view.comparisons {
                    let head = [patient.id, view.view, comparison.kind, comparison.beforeDate, comparison.afterDate,
                                (days[comparison.afterDate] ?? nil).map(String.init) ?? ""]
                    let tail = [comparison.registration?.rawValue ?? "",
                                comparison.registration == .unregistered ? comparison.alignment?.reason ?? "" : ""]
                    if let failure = comparison.failure {
                        lines.append(row(head + Array(repeating: "", count: 12) + ["notScored", failure] + tail))
                        continue
                    }
                    for m in comparison.metrics {
                        lines.append(row(head + [
                            m.analyzer, m.metric, vocabulary.label(analyzer: m.analyzer, metric: m.metric), m.unit, m.direction.rawValue,
                            number(m.before), number(m.after), number(m.delta),
                            m.percentChange.map(number) ?? "", number(m.ciLow), number(m.ciHigh), m.mdc.map(number) ?? "",
                            m.verdict.rawValue, m.reason ?? "",
                        ] + tail))
                    }
                    for m in comparison.failedMetrics ?? [] {
                        lines.append(row(head + [m.analyzer, m.metric, vocabulary.label(analyzer: m.analyzer, metric: m.metric), m.unit,
                                                 m.direction.rawValue, "", "", "", "", "", "", "", "failed", m.reason] + tail))
                    }
                    if let score = comparison.score {
                        lines.append(row(head + [
                            "composite", "score", "Composite score", "%", "higherIsBetter", "", "", number(score.value), "", number(score.ciLow),
                            number(score.ciHigh), "", score.verdict.rawValue, score.reason ?? "",
                        ] + tail))
                    }
                }
            }
        }
        return Data((lines.joined(separator: "\n") + "\n").utf8)
    }

    /// Shortest text that reads back as the same Double.
    static func number(_ value: Double) -> String {
        value.isFinite ? "\(value)" : ""
    }

    static func row(_ cells: [String]) -> String {
        cells.map(field).joined(separator: ",")
    }

    /// A CSV field, quoted when it holds a comma, quote or line break (quotes doubled). A leading
    /// `=`, `+`, `-` or `@` in text is prefixed with `'` so spreadsheets do not run it as a formula.
    static func field(_ text: String) -> String {
        var text = text
        if let first = text.first, "=+@".contains(first) || (first == "-" && Double(text) == nil) { text = "'" + text }
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
