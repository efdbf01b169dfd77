import AnalysisKit
import Foundation
import Scoring

extension HTMLReport {
    /// One patient's report. `analyzers` are the run's analyzer records (names, units, claims);
    /// `images` holds each comparison's pictures by ``imageKey(view:comparison:)``.
    public func patientReport(_ patient: PatientResults, analyzers: [ResultsDocument.AnalyzerRecord],
                              failures: [ResultsDocument.Failure], images: [String: ReportImages]) throws -> Data {
        let vocabulary = MetricVocabulary(analyzers: analyzers)
        var uid = 0
        let views: [[String: Any]] = patient.views.map { view in
            let summaries = ClaimSummary.summaries(view, vocabulary: vocabulary)
            let latest = summaries.first?.comparison
            let dayOf = Dictionary(view.sessions.map { ($0.date, $0.day) }, uniquingKeysWith: { a, _ in a })
            func label(_ c: ComparisonResults) -> String {
                let after = "\(Self.longDate(c.afterDate)) (day \(dayOf[c.afterDate] ?? 0))"
                switch c.kind {
                case "baseline": return "\(after) against the baseline \(Self.longDate(c.beforeDate))"
                case "repeat": return "Repeat captures of \(Self.longDate(c.afterDate))"
                default: return "\(after) against the previous session \(Self.longDate(c.beforeDate))"
                }
            }
            var object: [String: Any] = [
                "view": view.view,
                "sessions": view.sessions.map { s -> [String: Any] in
                    ["number": s.index + 1, "date": Self.longDate(s.date), "day": s.day, "isBaseline": s.index == 0,
                     "daysSinceProcedure": s.daysSinceProcedure.map { "\($0)" } ?? "–", "photos": s.photos.joined(separator: ", ")]
                },
            ]
            if let latest {
                object["latestLabel"] = label(latest)
                object["cards"] = summaries.map(card)
                object["notes"] = notes(latest)
                uid += 1
                if let pictures = images[Self.imageKey(view: view.view, comparison: latest)] {
                    object["viewer"] = viewer(latest, pictures, uid: uid)
                }
            } else {
                object["notCompared"] = view.comparisons.compactMap(\.failure).first.map { "No session could be compared against the baseline: \($0)" }
                    ?? "No later session was compared against the baseline."
            }
            let trendRows = trends(view, vocabulary)
            let trendOf = Dictionary(zip(view.trends.map { "\($0.analyzer)/\($0.metric)" }, trendRows), uniquingKeysWith: { a, _ in a })
            let charts = summaries.compactMap { summary -> [String: Any]? in
                guard var chart = ChartBuilder.chart(summary, view: view) else { return nil }
                chart["trend"] = trendOf["\(summary.claim.analyzer)/\(summary.claim.descriptor.headlineMetric)"]
                return chart
            }
            object["hasCharts"] = !charts.isEmpty
            object["charts"] = charts
            object["trends"] = trendRows
            object["hasTrends"] = !view.trends.isEmpty
            object["trendsMissing"] = view.sessions.count < 3 ? "Trends need at least three sessions; this view has \(view.sessions.count)." : nil
            object["reliability"] = view.reliability.map { r -> [String: Any] in
                let d = DisplayNumber.decimals(value: r.reliability.mdc95)
                return ["name": vocabulary.label(analyzer: r.analyzer, metric: r.metric),
                        "sem": DisplayNumber.text(r.reliability.sem, decimals: d), "mdc": DisplayNumber.text(r.reliability.mdc95, decimals: d),
                        "unit": r.unit, "df": r.reliability.degreesOfFreedom]
            }
            object["hasReliability"] = !view.reliability.isEmpty
            object["noReliability"] = view.reliability.isEmpty
                ? "No session had two or more captures, so the measurement noise (MDC95) was not measured: changes are judged by their 95 % intervals alone. Take two photos at one session to measure it."
                : nil
            object["comparisons"] = view.comparisons.filter { $0.kind != "repeat" }.map { c -> [String: Any] in
                uid += 1
                var o = details(c, vocabulary: vocabulary, uid: uid)
                o["label"] = label(c)
                // Compared by key: a comparison holding a NaN is not == to itself.
                let isLatest = latest.map { Self.imageKey(view: view.view, comparison: $0) == Self.imageKey(view: view.view, comparison: c) } ?? false
                // Always set: a Mustache section missing here would be looked up in the view and
                // repeat the latest comparison's viewer.
                o["viewer"] = false
                if !isLatest, let pictures = images[Self.imageKey(view: view.view, comparison: c)] { o["viewer"] = viewer(c, pictures, uid: uid) }
                return o
            }
            return object
        }
        let object: [String: Any] = [
            "csp": Self.contentSecurityPolicy, "title": "SkinDelta: patient \(patient.id)", "id": patient.id,
            "toolVersion": toolVersion, "views": views, "failures": failures.map { ["text": Self.failureText($0)] },
            "legend": Self.legend(vocabulary),
        ]
        return try render(ReportTemplates.patient, object)
    }

    /// A summary card: the claim, its headline metric before → latest, the change with its interval,
    /// the verdict in words, why, and the claim's flags.
    func card(_ s: ClaimSummary) -> [String: Any] {
        var o: [String: Any] = [
            "key": s.claim.key, "name": s.claim.descriptor.name, "description": s.claim.descriptor.description,
            "verdict": Self.verdictClass(s.verdict), "symbol": s.symbol, "words": s.verdictWords, "explanation": s.explanation,
            "metric": s.claim.headline?.name ?? s.claim.descriptor.headlineMetric, "flags": s.flags,
        ]
        if let m = s.metric {
            let d = DisplayNumber.decimals(value: m.before, spread: m.ciHigh - m.ciLow)
            o["values"] = "\(DisplayNumber.text(m.before, decimals: d)) → \(DisplayNumber.text(m.after, decimals: d)) \(m.unit)"
            o["change"] = s.changeText
            o["interval"] = "95 % interval of the change: \(DisplayNumber.text(m.ciLow, decimals: d, signed: true)) to \(DisplayNumber.text(m.ciHigh, decimals: d, signed: true)) \(m.unit)"
        }
        return o
    }

    /// What the reader must know about the latest comparison before reading the cards.
    func notes(_ c: ComparisonResults) -> [String] {
        let unregistered = c.registration == .unregistered
        // The unregistered comparison is said once, below, not as a capture problem.
        var notes = c.warnings.filter { !(unregistered && $0.hasPrefix("not registered")) }.map { "Capture: \($0)." }
        if c.flags.contains("postProcedure") {
            notes.append("Post-procedure check-up: " + (c.notes.first { $0.contains("procedure") }
                ?? "a photo was taken within days of a procedure; redness is expected to be transiently higher."))
        }
        if let measured = c.notes.first(where: { $0.hasPrefix("Colour:") }) {
            notes.append(measured)
        } else if let colour = c.colourCorrection {
            notes.append("Colour: the after photo was corrected on \(colour.region) (\(colour.pixels) pixels; gains "
                         + colour.gains.map { String(format: "%.3f", $0) }.joined(separator: ", ") + ").")
        } else {
            notes.append("Colour: not corrected (no reference region was given), so a change of white balance or exposure between the photos reads as a change of redness, tone or spots.")
        }
        notes += c.notes.filter { $0.hasPrefix("Tone:") }
        if unregistered {
            notes.append("Not registered: " + (c.alignment?.reason ?? "the after photo could not be mapped onto the baseline")
                         + ". Each photo was measured on its own skin, the intervals compare each photo's own tiles, and the metrics that need the same skin at the same pixels in both photos are shown but not scored.")
        } else if let a = c.alignment, a.verdict != "aligned" {
            notes.append("Alignment: \(a.verdict)" + (a.reason.map { " (\($0))" } ?? "") + "; intervals are widened.")
        }
        return notes
    }

    /// The trends over all sessions, with a verdict each.
    func trends(_ view: ViewResults, _ vocabulary: MetricVocabulary) -> [[String: Any]] {
        view.trends.map { t in
            let direction = vocabulary.descriptor(analyzer: t.analyzer, metric: t.metric)?.direction ?? .neutral
            let words: String, verdict: String
            if t.trend.ciLow <= 0 && t.trend.ciHigh >= 0 || direction == .neutral {
                (words, verdict) = (direction == .neutral ? "descriptive" : "no clear trend", Verdict.noDetectableChange.rawValue)
            } else {
                let better = (t.trend.slopePerWeek < 0) == (direction == .lowerIsBetter)
                (words, verdict) = better ? ("improving", Verdict.improved.rawValue) : ("worsening", Verdict.worsened.rawValue)
            }
            let d = DisplayNumber.decimals(value: t.trend.slopePerWeek, spread: t.trend.ciHigh - t.trend.ciLow)
            return [
                "name": vocabulary.label(analyzer: t.analyzer, metric: t.metric),
                "claim": vocabulary.claim(analyzer: t.analyzer, metric: t.metric)?.descriptor.name ?? MetricVocabulary.shortName(t.analyzer),
                "slope": DisplayNumber.text(t.trend.slopePerWeek, decimals: d, signed: true),
                "interval": DisplayNumber.text(t.trend.ciLow, decimals: d, signed: true) + " to " + DisplayNumber.text(t.trend.ciHigh, decimals: d, signed: true),
                "unit": t.unit, "words": words, "verdict": verdict,
            ]
        }
    }

    /// A comparison's evidence: alignment, capture quality, notes and every metric grouped by claim.
    func details(_ c: ComparisonResults, vocabulary: MetricVocabulary, uid: Int) -> [String: Any] {
        var object: [String: Any] = ["warnings": c.warnings]
        if let failure = c.failure { object["failure"] = failure }
        if let a = c.alignment {
            object["alignmentText"] = "\(a.verdict)" + (a.reason.map { " (\($0))" } ?? "")
                + String(format: "; rotation %.1f°, scale %.3f, overlap %.0f %%, correlation %.2f", a.rotationDegrees, a.scale, 100 * a.overlap, a.correlation)
                + (a.residualPixels.map { String(format: ", uncertainty %.2f px", $0) } ?? "")
        }
        let quality = ["before", "after"].compactMap { key in
            c.quality[key].map { q in
                String(format: "%@ photo: sharpness %.3f, clipped %.1f %%, glare %.1f %%, skin %.0f %%, median L* %.0f",
                       key as NSString, q.sharpness, q.clippedPercent, q.glarePercent, q.skinPercent, q.medianLStar)
            }
        }
        if !quality.isEmpty { object["qualityText"] = "Capture quality: " + quality.joined(separator: "; ") }
        if c.flags.contains("postProcedure") {
            object["postProcedure"] = c.notes.first { $0.contains("procedure") } ?? "a photo was taken within days of a procedure; redness is expected to be transiently higher."
        }
        if let score = c.score {
            object["scoreText"] = Self.scoreText(score)
            object["scoreVerdict"] = Self.verdictClass(score.verdict)
        }
        var rows: [(claim: Int, order: Int, row: [String: Any])] = []
        let claimIndex = Dictionary(vocabulary.claims.enumerated().map { ($1.key, $0) }, uniquingKeysWith: { a, _ in a })
        func position(_ analyzer: String, _ metric: String) -> (Int, Int) {
            guard let claim = vocabulary.claim(analyzer: analyzer, metric: metric) else { return (Int.max, 0) }
            return (claimIndex[claim.key] ?? Int.max, claim.descriptor.metrics.firstIndex(of: metric) ?? 0)
        }
        for m in c.metrics {
            let d = DisplayNumber.decimals(value: m.before, spread: m.ciHigh - m.ciLow)
            let (claim, order) = position(m.analyzer, m.metric)
            rows.append((claim, order, [
                "claim": vocabulary.claim(analyzer: m.analyzer, metric: m.metric)?.descriptor.name ?? MetricVocabulary.shortName(m.analyzer),
                "name": vocabulary.label(analyzer: m.analyzer, metric: m.metric),
                "description": vocabulary.descriptor(analyzer: m.analyzer, metric: m.metric)?.description ?? "",
                "before": DisplayNumber.text(m.before, decimals: d), "after": DisplayNumber.text(m.after, decimals: d),
                "delta": DisplayNumber.text(m.delta, decimals: d, signed: true),
                "percent": m.percentChange.map(DisplayNumber.percent) ?? "–",
                "interval": DisplayNumber.text(m.ciLow, decimals: d, signed: true) + " to " + DisplayNumber.text(m.ciHigh, decimals: d, signed: true),
                "verdict": Self.verdictClass(m.verdict),
                "words": m.direction == .neutral ? "descriptive (not judged)" : ClaimSummary.words(m.verdict),
                "reason": m.reason ?? "", "unit": m.unit,
            ]))
        }
        for m in c.failedMetrics ?? [] {
            let (claim, order) = position(m.analyzer, m.metric)
            rows.append((claim, order, [
                "claim": vocabulary.claim(analyzer: m.analyzer, metric: m.metric)?.descriptor.name ?? MetricVocabulary.shortName(m.analyzer),
                "name": vocabulary.label(analyzer: m.analyzer, metric: m.metric), "description": "",
                "before": "–", "after": "–", "delta": "–", "percent": "–", "interval": "–",
                "verdict": "failed", "words": "failed", "reason": m.reason, "unit": m.unit,
            ]))
        }
        object["metrics"] = rows.enumerated().sorted { ($0.element.claim, $0.element.order, $0.offset) < ($1.element.claim, $1.element.order, $1.offset) }
            .map(\.element.row)
        object["hasMetrics"] = !rows.isEmpty
        return object
    }
}
