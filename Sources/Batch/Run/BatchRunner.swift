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
        /// Score only this share of the patients and write `partial.json` for ``BatchMerger`` instead
        /// of the results; nil scores everything.
        public var shard: Shard?
        /// How the skin is found on every pair (``SkinRule``); nil picks it on each pair's baseline.
        public var skinRule: SkinRule?
        /// Refuse the pairs that cannot be registered instead of comparing them without
        /// registration (see ``PairPipeline/Request/requireRegistration``).
        public var requireRegistration: Bool

        public init(output: URL, jobs: Int = 1, resume: Bool = false, pseudonymKey: [UInt8]? = nil, previewLongSide: Int = 720,
                    limits: DecodingLimits = .default, refusedAnalyzers: [String] = [], shard: Shard? = nil,
                    skinRule: SkinRule? = .colourGate, requireRegistration: Bool = false) {
            self.skinRule = skinRule
            self.requireRegistration = requireRegistration
            self.refusedAnalyzers = refusedAnalyzers
            self.shard = shard
            self.output = output
            self.jobs = jobs
            self.resume = resume
            self.pseudonymKey = pseudonymKey
            self.previewLongSide = previewLongSide
            self.limits = limits
        }
    }

    /// One finished pair, for progress displays, reported in the plan's order (patient, view, then
    /// session date) whatever order the parallel jobs finish in.
    public struct Progress: Sendable {
        public var done: Int
        public var total: Int
        /// The pair in words: "P001 cheek: 2026-02-04 against the baseline 2026-01-05".
        public var job: String
        /// "scored", "reused" or the failure.
        public var status: String
        public var elapsedSeconds: Double
    }

    public struct Summary: Sendable {
        public var document: ResultsDocument
        public var scoredPairs: Int
        public var reusedPairs: Int
        /// How many times photo pixels were decoded (each photo once, however many pairs it is in).
        public var decodedPhotos: Int
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
        try AtomicFile.prepareFolder(options.output)
        AtomicFile.removeLeftovers(in: options.output)
        let journal = Journal(output: options.output)
        if !options.resume { journal.clear() }

        // Photos that cannot be opened fail here, once; the others are read when first used.
        var unreadable: [String: String] = [:]
        for photo in input.photos where !FileManager.default.isReadableFile(atPath: photo.path) {
            unreadable[photo.path] = "the file cannot be read"
        }
        let usable = input.photos.filter { unreadable[$0.path] == nil }
        // A shard's patients are dealt from the whole input, so every shard deals alike.
        let mine = options.shard.map { $0.photos(of: input.photos).filter { unreadable[$0.path] == nil } } ?? usable
        let plan = BatchPlan(photos: mine)
        let configuration = try configurationDigest()
        let names = PhotoNames(photos: usable, key: options.pseudonymKey)
        let photos = PhotoCache(uses: plan.uses, decoder: ImageDecoder(limits: options.limits))
        @Sendable func fingerprint(_ job: BatchPlan.Job, _ before: PreparedPhoto, _ after: PreparedPhoto) -> String {
            let roi: String = job.before.roi?.description ?? ""
            let scale: String = job.before.pixelsPerMillimetre.map { "\($0)" } ?? ""
            let beforeDays: String = job.before.daysSinceProcedure.map(String.init) ?? ""
            let afterDays: String = job.after.daysSinceProcedure.map(String.init) ?? ""
            let rule: String = options.skinRule.map { "\($0)" } ?? "auto"
            let afterROI: String = job.after.roi?.description ?? ""
            let afterScale: String = job.after.pixelsPerMillimetre.map { "\($0)" } ?? ""
            let registration = options.requireRegistration ? "require-registration" : ""
            let parts: [String] = [configuration, job.key, before.sha256 ?? "", after.sha256 ?? "", roi, scale, beforeDays, afterDays,
                                   names.name(job.before), names.name(job.after), rule, afterROI, afterScale, registration]
            return SHA256.hex(SHA256.hash(Array(parts.joined(separator: "\u{1}").utf8)))
        }

        // Score the pairs not already in the journal; each photo is prepared once and released after its last pair.
        let records = LockedArray<Journal.Record>(count: plan.jobs.count)
        let counter = LockedCounter(start: 0)
        let reusedCount = LockedCounter(start: 0)
        let pipeline = PairPipeline(analyzers: analyzers, parallel: options.jobs <= 1)
        let workers = max(1, min(options.jobs, plan.jobs.count))
        let next = LockedCounter(start: 0)
        let saveErrors = LockedArray<String>(count: 1)
        let reports = InOrder<String>()
        let trimmed = LockedCounter(start: 0)
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while true {
                let index = next.increment() - 1
                guard index < plan.jobs.count else { return }
                let job = plan.jobs[index]
                let before = photos.acquire(job.before.path, name: names.name(job.before))
                let after = photos.acquire(job.after.path, name: names.name(job.after))
                let print = fingerprint(job, before, after)
                let record: Journal.Record
                var status = "reused"
                if options.resume, let saved = journal.load(print) {
                    record = saved
                    _ = reusedCount.increment()
                } else {
                    record = Self.execute(job, before: before, after: after, fingerprint: print, pipeline: pipeline, names: names,
                                          skinRule: options.skinRule, requireRegistration: options.requireRegistration,
                                          previewLongSide: options.previewLongSide, decoder: ImageDecoder(limits: options.limits))
                    do { try journal.save(record) } catch { saveErrors.set(0, "the journal cannot be written in \(journal.folder.path): \(error)") }
                    status = record.comparison.failure ?? "scored"
                }
                photos.finished(job.before.path)
                photos.finished(job.after.path)
                // The report images stay in the journal until the patient's page is written, so
                // memory does not grow with the batch.
                var held = record
                held.images = nil
                records.set(index, held)
                // Every 8th pair: free heap pages go back to the system (after every pair, the
                // trimming cost a tenth of the throughput on two jobs).
                if trimmed.increment() % 8 == 0 { Allocator.returnFreePages() }
                reports.finish(index, status) { ready, readyStatus in
                    let done = counter.increment()
                    progress(Progress(done: done, total: plan.jobs.count, job: plan.jobs[ready].label(names),
                                      status: readyStatus, elapsedSeconds: Date().timeIntervalSince(start)))
                }
            }
        }
        if let message = saveErrors.values[0] { throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: message]) }

        // A shard's partial result carries its images to the merge; a whole run reads them back per patient.
        let held = records.values.map { $0! }
        let shardRecords = options.shard == nil ? held : held.map { record in journal.load(record.fingerprint) ?? record }

        var digests: [String: (sha: String, bytes: Int)] = [:]
        for photo in mine {
            if let digest = photos.digest(photo.path, name: names.name(photo)) { digests[photo.path] = digest }
        }
        let partial = BatchPartial(
            shard: options.shard, toolVersion: toolVersion, configuration: configuration, input: input,
            analyzers: analyzers.map {
                ResultsDocument.AnalyzerRecord(id: $0.descriptor.id.rawValue, version: $0.descriptor.version, settings: $0.settings,
                                               metrics: $0.descriptor.metrics, claims: $0.descriptor.reportedClaims)
            },
            refusedAnalyzers: options.refusedAnalyzers, keyCheck: options.pseudonymKey.map(BatchPartial.keyCheck),
            records: Dictionary(zip(plan.jobs, shardRecords).map { ($0.0.key, $0.1) }, uniquingKeysWith: { a, _ in a }),
            photos: mine.compactMap { photo in
                digests[photo.path].map { BatchPartial.Photo(path: photo.path, sha256: $0.sha, bytes: $0.bytes,
                                                              decodeWarnings: photos.warnings[photo.path]) }
            },
            unreadable: unreadable)
        let reused = reusedCount.increment() - 1
        if options.shard != nil {
            try AtomicFile.write(try partial.jsonData(), to: options.output.appendingPathComponent(BatchPartial.fileName))
        }
        let assembled = partial.assembler(plan: plan, names: names, shard: options.shard)
        let document = assembled.documentWithRefusals(partial.refusedAnalyzers)
        if options.shard == nil {
            try Self.write(document, images: assembled.images { journal.load($0.fingerprint)?.images }, to: options.output, toolVersion: toolVersion)
        }
        return Summary(document: document, scoredPairs: plan.jobs.count - reused, reusedPairs: reused, decodedPhotos: photos.decodeCount)
    }

    static func execute(_ job: BatchPlan.Job, before: PreparedPhoto, after: PreparedPhoto, fingerprint: String, pipeline: PairPipeline,
                        names: PhotoNames, skinRule: SkinRule?, requireRegistration: Bool = false, previewLongSide: Int,
                        decoder: ImageDecoder) -> Journal.Record {
        var region: RegionOfInterest?, afterRegion: RegionOfInterest?
        var failure: PipelineError?
        do {
            region = try job.before.roi?.resolved(decoder: decoder)
            afterRegion = try job.after.roi?.resolved(decoder: decoder)
        } catch {
            failure = error
        }
        var outcome = PairPipeline.Outcome()
        if let failure {
            outcome.failure = failure
        } else {
            outcome = pipeline.score(before: before, after: after, request: PairPipeline.Request(
                region: region, pixelsPerMillimetre: job.before.pixelsPerMillimetre,
                beforeCapture: CaptureMetadata(daysSinceProcedure: job.before.daysSinceProcedure),
                afterCapture: CaptureMetadata(daysSinceProcedure: job.after.daysSinceProcedure), skinRule: skinRule,
                afterRegion: afterRegion, afterPixelsPerMillimetre: job.after.pixelsPerMillimetre, requireRegistration: requireRegistration))
        }
        let comparison = outcome.results(kind: job.kind, beforeDate: job.before.sessionDate, afterDate: job.after.sessionDate,
                                         beforePhoto: names.name(job.before), afterPhoto: names.name(job.after))
        var unreadable: [String: String] = [:]
        for photo in [before, after] {
            if case .unreadablePhoto(let name, let reason)? = outcome.failure, name == photo.name { unreadable[name] = reason }
            if case .undecodablePhoto(let name, let reason)? = outcome.failure, name == photo.name { unreadable[name] = reason }
        }
        let images = job.kind == .repeat ? nil
            : outcome.reportImages(before: before, after: after, longSide: previewLongSide, parallel: pipeline.parallel)
        return Journal.Record(fingerprint: fingerprint, comparison: comparison, images: images, unreadable: unreadable)
    }

    /// Digest of everything besides the photos that shapes a result.
    func configurationDigest() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // The skin rule and the registration requirement shape every pair's result, so shards run
        // with different ones are not merged.
        let rule = options.skinRule.map { "\($0)" } ?? "auto"
        var text = "skindelta \(toolVersion) preview \(options.previewLongSide) skin-rule \(rule)"
            + (options.requireRegistration ? " require-registration" : "")
        for analyzer in analyzers {
            text += "|\(analyzer.descriptor.id)@\(analyzer.descriptor.version)=" + String(decoding: try encoder.encode(analyzer.settings), as: UTF8.self)
        }
        return SHA256.hex(SHA256.hash(Array(text.utf8)))
    }

    /// Writes the results; `images` gives one patient's report images by image key, asked for one
    /// patient at a time as the pages are written.
    static func write(_ document: ResultsDocument, images: (String) -> [String: ReportImages], to output: URL, toolVersion: String) throws {
        let html = HTMLReport(toolVersion: "skindelta \(toolVersion)")
        for patient in document.patients {
            let failures = document.failures.filter { $0.patient == patient.id }
            let page = try html.patientReport(patient, analyzers: document.provenance.analyzers, failures: failures, images: images(patient.id))
            try AtomicFile.write(page, to: output.appendingPathComponent("patients")
                .appendingPathComponent(HTMLReport.folderName(forPatient: patient.id)).appendingPathComponent("report.html"))
        }
        try AtomicFile.write(try document.jsonData(), to: output.appendingPathComponent("results.json"))
        try AtomicFile.write(TidyCSV.render(document), to: output.appendingPathComponent("results.csv"))
        try AtomicFile.write(try html.index(document), to: output.appendingPathComponent("index.html"))
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

/// Puts items finished by several threads back in index order: `finish` hands `report`, in order
/// and under one lock (so no two threads' reports interleave), every item that is now ready: the
/// one given and those after it that were waiting for it.
final class InOrder<Value: Sendable>: @unchecked Sendable {
    private var waiting: [Int: Value] = [:]
    private var next = 0
    private let lock = NSLock()

    func finish(_ index: Int, _ value: Value, report: (Int, Value) -> Void) {
        lock.withLock {
            waiting[index] = value
            while let item = waiting.removeValue(forKey: next) {
                report(next, item)
                next += 1
            }
        }
    }
}

/// A counter shared by threads; `increment` returns the new value.
final class LockedCounter: @unchecked Sendable {
    private var value: Int
    private let lock = NSLock()

    init(start: Int) { value = start }

    func increment() -> Int { lock.withLock { value += 1; return value } }
}
