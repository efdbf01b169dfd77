public import AnalysisKit
public import Foundation
import ImageCodec
import ImageCore
public import Reports
import Scoring

/// Runs a batch: scores every planned pair (in parallel, resumable), then writes `results.json`,
/// `results.csv`, `index.html` and `patients/<id>/report.html` atomically into the output folder.
///
/// The outputs depend only on the inputs and the configuration: jobs are keyed, results are
/// assembled in a fixed order, intervals are seeded from the data, and nothing records a time,
/// a path or the number of jobs.
public struct BatchRunner: Sendable {
    public struct Options: Sendable {
        public var output: URL
        /// Pairs scored at once (each on one thread when more than one).
        public var jobs: Int
        /// Reuse finished pairs from an earlier, interrupted run into the same folder.
        public var resume: Bool
        /// Key of the keyed pseudonyms (HMAC-SHA-256) replacing patient ids and photo names; nil
        /// keeps them.
        public var pseudonymKey: [UInt8]?
        /// Longest side of the report's images, pixels.
        public var previewLongSide: Int
        public var limits: DecodingLimits
        /// Analyzers that were asked for but cannot run (a plugin refused on its manifest), one
        /// sentence each; they become failures of the batch.
        public var refusedAnalyzers: [String]

        public init(output: URL, jobs: Int = 1, resume: Bool = false, pseudonymKey: [UInt8]? = nil, previewLongSide: Int = 720,
                    limits: DecodingLimits = .default, refusedAnalyzers: [String] = []) {
            self.refusedAnalyzers = refusedAnalyzers
            self.output = output
            self.jobs = jobs
            self.resume = resume
            self.pseudonymKey = pseudonymKey
            self.previewLongSide = previewLongSide
            self.limits = limits
        }
    }

    /// One finished pair, for progress displays.
    public struct Progress: Sendable {
        public var done: Int
        public var total: Int
        public var job: String
        /// "scored", "reused" or the failure.
        public var status: String
        public var elapsedSeconds: Double
    }

    public struct Summary: Sendable {
        public var document: ResultsDocument
        public var scoredPairs: Int
        public var reusedPairs: Int
        /// 0 when everything was scored, 1 when something failed.
        public var exitStatus: Int32 { document.failures.isEmpty ? 0 : 1 }
    }

    public var input: BatchInput
    public var analyzers: [ConfiguredAnalyzer]
    public var options: Options
    public var toolVersion: String

    public init(input: BatchInput, analyzers: [ConfiguredAnalyzer], options: Options, toolVersion: String) {
        self.input = input
        self.analyzers = analyzers
        self.options = options
        self.toolVersion = toolVersion
    }

    /// Runs the batch. Errors thrown are about the output folder only; photos and pairs that fail
    /// become `failures` in the results.
    public func run(progress: @escaping @Sendable (Progress) -> Void = { _ in }) throws -> Summary {
        let start = Date()
        try FileManager.default.createDirectory(at: options.output, withIntermediateDirectories: true)
        AtomicFile.removeLeftovers(in: options.output)
        let journal = Journal(output: options.output)
        if !options.resume { journal.clear() }

        // Fingerprints of the photos (unreadable files fail here, once).
        var digests: [String: (sha: String, bytes: Int)] = [:]
        var unreadable: [String: String] = [:]
        for photo in input.photos {
            if let data = FileManager.default.contents(atPath: photo.path) {
                digests[photo.path] = (SHA256.hex(SHA256.hash(data)), data.count)
            } else {
                unreadable[photo.path] = "the file cannot be read"
            }
        }
        let usable = input.photos.filter { digests[$0.path] != nil }
        let plan = BatchPlan(photos: usable)
        let configuration = try configurationDigest()
        let names = PhotoNames(photos: usable, key: options.pseudonymKey)
        func fingerprint(_ job: BatchPlan.Job) -> String {
            let parts = [configuration, job.key, digests[job.before.path]!.sha, digests[job.after.path]!.sha,
                         job.before.roi ?? "", job.before.pixelsPerMillimetre.map { "\($0)" } ?? "",
                         job.before.daysSinceProcedure.map(String.init) ?? "", job.after.daysSinceProcedure.map(String.init) ?? "",
                         names.name(job.before), names.name(job.after)]
            return SHA256.hex(SHA256.hash(Array(parts.joined(separator: "\u{1}").utf8)))
        }

        // Score the pairs not already in the journal.
        let fingerprints = plan.jobs.map(fingerprint)
        let records = LockedArray<Journal.Record>(count: plan.jobs.count)
        var pending: [Int] = []
        for (index, print) in fingerprints.enumerated() {
            if options.resume, let record = journal.load(print) { records.set(index, record) } else { pending.append(index) }
        }
        let reused = plan.jobs.count - pending.count
        let queue = pending
        let counter = LockedCounter(start: reused)
        let scorer = PairScorer(analyzers: analyzers, decoder: ImageDecoder(limits: options.limits), parallel: options.jobs <= 1,
                                previewLongSide: options.previewLongSide)
        let workers = max(1, min(options.jobs, pending.count))
        let next = LockedCounter(start: 0)
        let saveErrors = LockedArray<String>(count: 1)
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while true {
                let k = next.increment() - 1
                guard k < queue.count else { return }
                let index = queue[k]
                let job = plan.jobs[index]
                let record = Self.execute(job, fingerprint: fingerprints[index], scorer: scorer, names: names)
                do { try journal.save(record) } catch { saveErrors.set(0, "the journal cannot be written in \(journal.folder.path): \(error)") }
                records.set(index, record)
                let done = counter.increment()
                progress(Progress(done: done, total: plan.jobs.count, job: job.key.replacingOccurrences(of: "|", with: " "),
                                  status: record.comparison.failure ?? "scored", elapsedSeconds: Date().timeIntervalSince(start)))
            }
        }
        if let message = saveErrors.values[0] { throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: message]) }

        let assembled = ResultsAssembler(input: input, plan: plan, records: records.values.map { $0! }, digests: digests,
                                         unreadable: unreadable, names: names, analyzers: analyzers, toolVersion: toolVersion,
                                         pseudonymized: options.pseudonymKey != nil)
        var document = assembled.document()
        document.failures = options.refusedAnalyzers.map {
            ResultsDocument.Failure(patient: nil, sessionDate: nil, photo: nil, reason: $0)
        } + document.failures
        try write(document, images: assembled.images())
        return Summary(document: document, scoredPairs: pending.count, reusedPairs: reused)
    }

    static func execute(_ job: BatchPlan.Job, fingerprint: String, scorer: PairScorer, names: PhotoNames) -> Journal.Record {
        var comparison = ComparisonResults(
            kind: job.kind, beforeDate: job.before.sessionDate, afterDate: job.after.sessionDate, beforePhoto: names.name(job.before),
            afterPhoto: names.name(job.after), alignment: nil, quality: [:], colourCorrection: nil, metrics: [], score: nil,
            warnings: [], flags: [], notes: [], failure: nil)
        var unreadable: [String: String] = [:]
        let before: Image<RGB8>, after: Image<RGB8>
        do {
            before = try scorer.load(job.before.path)
        } catch {
            unreadable[names.name(job.before)] = error.reason
            comparison.failure = "\(names.name(job.before)) cannot be decoded: \(error.reason)"
            return Journal.Record(fingerprint: fingerprint, comparison: comparison, images: nil, unreadable: unreadable)
        }
        do {
            after = try scorer.load(job.after.path)
        } catch {
            unreadable[names.name(job.after)] = error.reason
            comparison.failure = "\(names.name(job.after)) cannot be decoded: \(error.reason)"
            return Journal.Record(fingerprint: fingerprint, comparison: comparison, images: nil, unreadable: unreadable)
        }
        var region: RegionOfInterest?
        if let roi = job.before.roi {
            do {
                if roi.hasPrefix("rect:") || roi.hasPrefix("poly:") {
                    region = try RegionOfInterest(parsing: roi)
                } else {
                    let mask = try scorer.load(roi)
                    region = .mask(Image(size: mask.size, pixels: mask.pixels.map {
                        Gray8(value: $0.red != 0 || $0.green != 0 || $0.blue != 0 ? 255 : 0)
                    }))
                }
            } catch {
                comparison.failure = "the region of interest cannot be used: \(error)"
                return Journal.Record(fingerprint: fingerprint, comparison: comparison, images: nil, unreadable: unreadable)
            }
        }
        var scorer = scorer
        if job.kind == "repeat" { scorer.previewLongSide = nil }
        let outcome = scorer.score(
            before: before, after: after, region: region, pixelsPerMillimetre: job.before.pixelsPerMillimetre,
            beforeCapture: CaptureMetadata(daysSinceProcedure: job.before.daysSinceProcedure),
            afterCapture: CaptureMetadata(daysSinceProcedure: job.after.daysSinceProcedure))
        comparison.alignment = outcome.alignment
        comparison.quality = outcome.quality
        comparison.colourCorrection = outcome.colourCorrection
        comparison.metrics = outcome.comparison?.metrics ?? []
        comparison.failedMetrics = outcome.failedMetrics.isEmpty ? nil : outcome.failedMetrics
        comparison.score = outcome.comparison?.score
        comparison.warnings = (outcome.comparison?.warnings ?? []) + outcome.analyzerFailures.map { "analyzer failed: \($0)" }
        comparison.flags = Array(Set(outcome.flags)).sorted()
        comparison.notes = outcome.notes
        comparison.failure = outcome.failure
        let images = outcome.previews.map { ReportImageBuilder.images($0, overlays: outcome.overlays) }
        return Journal.Record(fingerprint: fingerprint, comparison: comparison, images: images, unreadable: unreadable)
    }

    /// Digest of everything besides the photos that shapes a result.
    func configurationDigest() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var text = "skindelta \(toolVersion) preview \(options.previewLongSide)"
        for analyzer in analyzers {
            text += "|\(analyzer.descriptor.id)@\(analyzer.descriptor.version)=" + String(decoding: try encoder.encode(analyzer.settings), as: UTF8.self)
        }
        return SHA256.hex(SHA256.hash(Array(text.utf8)))
    }

    func write(_ document: ResultsDocument, images: [String: [String: ReportImages]]) throws {
        let html = HTMLReport(toolVersion: "skindelta \(toolVersion)")
        for patient in document.patients {
            let failures = document.failures.filter { $0.patient == patient.id }
            let page = try html.patientReport(patient, failures: failures, images: images[patient.id] ?? [:])
            try AtomicFile.write(page, to: options.output.appendingPathComponent("patients")
                .appendingPathComponent(HTMLReport.folderName(forPatient: patient.id)).appendingPathComponent("report.html"))
        }
        try AtomicFile.write(try document.jsonData(), to: options.output.appendingPathComponent("results.json"))
        try AtomicFile.write(TidyCSV.render(document), to: options.output.appendingPathComponent("results.csv"))
        try AtomicFile.write(try html.index(document), to: options.output.appendingPathComponent("index.html"))
    }
}

/// An array filled from several threads.
final class LockedArray<Element: Sendable>: @unchecked Sendable {
    private var storage: [Element?]
    private let lock = NSLock()

    init(count: Int) { storage = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: Element) { lock.withLock { storage[index] = value } }

    var values: [Element?] { lock.withLock { storage } }
}

/// A counter shared by threads; `increment` returns the new value.
final class LockedCounter: @unchecked Sendable {
    private var value: Int
    private let lock = NSLock()

    init(start: Int) { value = start }

    func increment() -> Int { lock.withLock { value += 1; return value } }
}
