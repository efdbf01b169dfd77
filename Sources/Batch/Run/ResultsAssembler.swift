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
    /// Decoders' tolerated warnings by photo path.
    let decodeWarnings: [String: [String]]
    let names: PhotoNames
    let analyzers: [ResultsDocument.AnalyzerRecord]
    let toolVersion: String
    let pseudonymized: Bool

    func document() -> ResultsDocument {
        var patients: [String: [ViewResults]] = [:]
        for series in plan.series {
            patients[names.patient(series.patient), default: []].append(viewResults(series))
        }
        let photoRecords = input.photos.compactMap { photo -> ResultsDocument.PhotoRecord? in
            guard let digest = digests[photo.path] else { return nil }
            var record = ResultsDocument.PhotoRecord(patient: names.patient(photo.patient), sessionDate: photo.sessionDate,
                                                     view: names.view(photo.view), repeatIndex: photo.repeatIndex, name: names.name(photo),
                                                     sha256: digest.sha, bytes: digest.bytes)
            record.decodeWarnings = decodeWarnings[photo.path]
            return record
        }.sorted { ($0.patient, $0.view, $0.sessionDate, $0.repeatIndex) < ($1.patient, $1.view, $1.sessionDate, $1.repeatIndex) }
        let provenance = ResultsDocument.Provenance(
            tool: "skindelta", toolVersion: toolVersion,
            analyzers: analyzers,
            inputKind: input.kind, photos: photoRecords, pseudonymized: pseudonymized,
            bootstrapResamples: ChangeEstimator().resamples, confidenceLevel: 0.95)
        return ResultsDocument(
            provenance: provenance,
            patients: patients.keys.sorted().map { PatientResults(id: $0, views: patients[$0]!.sorted { $0.view < $1.view }) },
            failures: failures(), remarks: (pseudonymized ? [] : input.remarks) + warningRemarks())
    }

    /// One remark per tolerated decoder warning, naming the photo (or its pseudonym).
    func warningRemarks() -> [String] {
        input.photos.sorted(by: PhotoEntry.precedes).flatMap { photo in
            (decodeWarnings[photo.path] ?? []).map { "\(names.name(photo)): decoded despite a warning (every pixel intact): \($0)" }
        }
    }

    /// The document, with the analyzers refused before the run first among the failures.
    func documentWithRefusals(_ refused: [String]) -> ResultsDocument {
        var document = document()
        document.failures = refused.map { ResultsDocument.Failure(patient: nil, sessionDate: nil, photo: nil, reason: $0) } + document.failures
        return document
    }

    /// The report images of each patient's comparisons by patient (its shown id, a pseudonym when
    /// pseudonymized), then by ``HTMLReport/imageKey(view:comparison:)``, one patient per call;
    /// `load` gives a record's images (its own, or the journal's copy).
    func images(load: @escaping (Journal.Record) -> ReportImages? = { $0.images }) -> (String) -> [String: ReportImages] {
        var jobsByPatient: [String: [Int]] = [:]
        for (index, job) in plan.jobs.enumerated() where job.kind != .repeat {
            jobsByPatient[names.patient(job.before.patient), default: []].append(index)
        }
        return { [plan, records, names] patient in
            var out: [String: ReportImages] = [:]
            for index in jobsByPatient[patient] ?? [] {
                guard let images = load(records[index]) else { continue }
                out[HTMLReport.imageKey(view: names.view(plan.jobs[index].before.view), comparison: records[index].comparison)] = images
            }
            return out
        }
    }

    func viewResults(_ series: BatchPlan.Series) -> ViewResults {
        let firstDay = BatchInput.dayNumber(series.sessions[0].date) ?? 0
        let sessions = series.sessions.enumerated().map { k, session in
            SessionResults(date: session.date, index: k, day: (BatchInput.dayNumber(session.date) ?? firstDay) - firstDay,
                           daysSinceProcedure: session.captures[0].daysSinceProcedure, photos: session.captures.map(names.name))
        }
        let mine = zip(plan.jobs, records).filter { $0.0.before.patient == series.patient && $0.0.before.view == series.view }
        let reliability = SeriesStatistics.reliability(repeats: mine.filter { $0.0.kind == .repeat && $0.1.comparison.failure == nil }
            .map { Self.statistics($0.1.comparison) })
        let mdc = SeriesStatistics.mdcTable(reliability)
        let comparisons = mine.map { job, record -> ComparisonResults in
            var comparison = record.comparison
            if job.kind != .repeat {
                comparison.metrics = comparison.metrics.map { SeriesStatistics.guarded($0, mdc: mdc[SeriesStatistics.key($0)]) }
            }
            return comparison
        }
        let days = Dictionary(sessions.map { ($0.date, Double($0.day)) }, uniquingKeysWith: { a, _ in a })
        let baseline = comparisons.filter { $0.kind == ComparisonKind.baseline.rawValue && $0.failure == nil }.map(Self.statistics)
        return ViewResults(view: names.view(series.view), sessions: sessions, comparisons: comparisons,
                           trends: SeriesStatistics.trends(baseline: baseline, day: days), reliability: reliability)
    }

    static func statistics(_ comparison: ComparisonResults) -> SeriesStatistics.Comparison {
        SeriesStatistics.Comparison(beforeDate: comparison.beforeDate, afterDate: comparison.afterDate, metrics: comparison.metrics)
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
