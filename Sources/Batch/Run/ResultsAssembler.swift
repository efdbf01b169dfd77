import AnalysisKit
import Reports
import Scoring

/// Puts the journal's records together into the results document, in a fixed order, and adds what
/// needs several pairs: measurement noise from repeats (which then guards the verdicts), trends
/// over sessions, and failures grouped by the photo to blame.
struct ResultsAssembler {
    let input: BatchInput
    let plan: BatchPlan
    let records: [Journal.Record]
    let digests: [String: (sha: String, bytes: Int)]
    let unreadable: [String: String]
    let names: PhotoNames
    let analyzers: [ConfiguredAnalyzer]
    let toolVersion: String
    let pseudonymized: Bool

    func document() -> ResultsDocument {
        var patients: [String: [ViewResults]] = [:]
        for series in plan.series {
            patients[names.patient(series.patient), default: []].append(viewResults(series))
        }
        let photoRecords = input.photos.compactMap { photo -> ResultsDocument.PhotoRecord? in
            guard let digest = digests[photo.path] else { return nil }
            return ResultsDocument.PhotoRecord(patient: names.patient(photo.patient), sessionDate: photo.sessionDate,
                                               view: names.view(photo.view), repeatIndex: photo.repeatIndex, name: names.name(photo),
                                               sha256: digest.sha, bytes: digest.bytes)
        }.sorted { ($0.patient, $0.view, $0.sessionDate, $0.repeatIndex) < ($1.patient, $1.view, $1.sessionDate, $1.repeatIndex) }
        let provenance = ResultsDocument.Provenance(
            tool: "skindelta", toolVersion: toolVersion,
            analyzers: analyzers.map {
                ResultsDocument.AnalyzerRecord(id: $0.descriptor.id.rawValue, version: $0.descriptor.version, settings: $0.settings,
                                               metrics: $0.descriptor.metrics)
            },
            inputKind: input.kind, photos: photoRecords, pseudonymized: pseudonymized,
            bootstrapResamples: ChangeEstimator().resamples, confidenceLevel: 0.95)
        return ResultsDocument(
            provenance: provenance,
            patients: patients.keys.sorted().map { PatientResults(id: $0, views: patients[$0]!.sorted { $0.view < $1.view }) },
            failures: failures(), remarks: pseudonymized ? [] : input.remarks)
    }

    func images() -> [String: [String: ReportImages]] {
        var out: [String: [String: ReportImages]] = [:]
        for (job, record) in zip(plan.jobs, records) {
            guard let images = record.images else { continue }
            out[names.patient(job.before.patient), default: [:]][HTMLReport.imageKey(view: names.view(job.before.view), comparison: record.comparison)] = images
        }
        return out
    }

    func viewResults(_ series: BatchPlan.Series) -> ViewResults {
        let firstDay = BatchInput.dayNumber(series.sessions[0].date) ?? 0
        let sessions = series.sessions.enumerated().map { k, session in
            SessionResults(date: session.date, index: k, day: (BatchInput.dayNumber(session.date) ?? firstDay) - firstDay,
                           daysSinceProcedure: session.captures[0].daysSinceProcedure, photos: session.captures.map(names.name))
        }
        let mine = zip(plan.jobs, records).filter { $0.0.before.patient == series.patient && $0.0.before.view == series.view }
        let reliability = Self.reliability(mine.filter { $0.0.kind == "repeat" }.map(\.1.comparison))
        let mdc = Dictionary(reliability.map { ("\($0.analyzer)/\($0.metric)", $0.reliability.mdc95) }, uniquingKeysWith: { a, _ in a })
        let comparisons = mine.map { job, record -> ComparisonResults in
            var comparison = record.comparison
            if job.kind != "repeat" { comparison.metrics = comparison.metrics.map { Self.guarded($0, mdc: mdc["\($0.analyzer)/\($0.metric)"]) } }
            return comparison
        }
        return ViewResults(view: names.view(series.view), sessions: sessions, comparisons: comparisons,
                           trends: Self.trends(comparisons.filter { $0.kind == "baseline" && $0.failure == nil }, sessions: sessions),
                           reliability: reliability)
    }

    /// A verdict that respects the measured noise: a change smaller than MDC95 is never called a change.
    static func guarded(_ metric: MetricComparison, mdc: Double?) -> MetricComparison {
        guard let mdc, metric.verdict != .notScored else { return metric }
        var m = metric
        m.mdc = mdc
        m.verdict = MetricComparison.verdict(delta: m.delta, low: m.ciLow, high: m.ciHigh, mdc: mdc, direction: m.direction)
        if m.verdict != metric.verdict {
            m.reason = "the change is smaller than the noise measured on repeated captures (MDC95 \(mdc))"
        }
        return m
    }

    /// Within-session noise per metric: each session's first capture (the repeats' common before)
    /// and every further capture.
    static func reliability(_ repeats: [ComparisonResults]) -> [ReliabilityResults] {
        var bySession: [String: [ComparisonResults]] = [:]
        for comparison in repeats where comparison.failure == nil { bySession[comparison.beforeDate, default: []].append(comparison) }
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

    /// Theil–Sen trends from the baseline value and every later session's value against it.
    static func trends(_ baseline: [ComparisonResults], sessions: [SessionResults]) -> [TrendResults] {
        guard baseline.count >= 2, let first = baseline.first else { return [] }
        let days = Dictionary(sessions.map { ($0.date, Double($0.day)) }, uniquingKeysWith: { a, _ in a })
        return first.metrics.compactMap { metric in
            guard metric.direction != .neutral else { return nil }
            var d = [days[first.beforeDate] ?? 0], v = [metric.before]
            for comparison in baseline {
                guard let m = comparison.metrics.first(where: { $0.analyzer == metric.analyzer && $0.metric == metric.metric }),
                      let day = days[comparison.afterDate] else { continue }
                d.append(day)
                v.append(m.after)
            }
            return Trend(days: d, values: v).map { TrendResults(analyzer: metric.analyzer, metric: metric.metric, unit: metric.unit, trend: $0) }
        }
    }

    func failures() -> [ResultsDocument.Failure] {
        var out: [ResultsDocument.Failure] = []
        for problem in input.problems {
            out.append(ResultsDocument.Failure(patient: nil, sessionDate: nil, photo: nil,
                                               reason: pseudonymized ? "an input entry cannot be used (run skindelta validate for details)" : problem.description))
        }
        for photo in input.photos where unreadable[photo.path] != nil {
            out.append(ResultsDocument.Failure(patient: names.patient(photo.patient), sessionDate: photo.sessionDate, photo: names.name(photo),
                                               reason: unreadable[photo.path]!))
        }
        // Failed pairs, grouped by the photo to blame: the undecodable one, else the after photo.
        var grouped: [String: ResultsDocument.Failure] = [:]
        var order: [String] = []
        for (job, record) in zip(plan.jobs, records) {
            guard let reason = record.comparison.failure else { continue }
            let blamed = record.unreadable.keys.sorted().first.flatMap { name in [job.before, job.after].first { names.name($0) == name } } ?? job.after
            let key = "\(blamed.patient)|\(blamed.path)"
            let label = "\(names.view(job.before.view)) \(record.comparison.label)"
            if grouped[key] == nil {
                order.append(key)
                grouped[key] = ResultsDocument.Failure(patient: names.patient(blamed.patient), sessionDate: blamed.sessionDate,
                                                       photo: names.name(blamed), reason: reason, comparisons: [])
            }
            grouped[key]!.comparisons.append(label)
        }
        out += order.map { grouped[$0]! }
        // Failed analyzers, grouped by analyzer and reason, with the comparisons they cost.
        var failedAnalyzers: [String: ResultsDocument.Failure] = [:]
        var failedOrder: [String] = []
        for (job, record) in zip(plan.jobs, records) {
            var seen = Set<String>()
            for metric in record.comparison.failedMetrics ?? [] where seen.insert(metric.analyzer).inserted {
                let key = metric.analyzer + "|" + metric.reason
                if failedAnalyzers[key] == nil {
                    failedOrder.append(key)
                    failedAnalyzers[key] = ResultsDocument.Failure(patient: nil, sessionDate: nil, photo: nil,
                                                                  reason: "analyzer \(metric.analyzer) failed: \(metric.reason)")
                }
                failedAnalyzers[key]!.comparisons.append("\(names.patient(job.before.patient)) \(names.view(job.before.view)) \(record.comparison.label)")
            }
        }
        out += failedOrder.map { failedAnalyzers[$0]! }
        return out
    }
}
