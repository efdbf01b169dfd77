import AnalysisKit
import ArgumentParser
import Batch
import Foundation
import Reports

/// `skindelta batch INPUT --out DIR`: every patient's sessions scored, with reports.
struct BatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batch",
        abstract: "Score every patient's sessions in a folder or manifest and write JSON, CSV and HTML reports.",
        discussion: """
        INPUT is a folder ROOT/<patient>/<session>/<photos> (session folders end in their date, \
        yyyy-MM-dd, e.g. s02_2026-03-15) or a manifest (CSV or JSON; a manifest.csv or manifest.json \
        at the top of a folder is used when present). Each later session is compared with the baseline \
        and with the previous session; repeated captures of a session give the measurement noise.

        Writes into DIR: results.json (schema: Sources/Reports/results.schema.json), results.csv (one \
        row per patient × view × comparison × metric), index.html and patients/<id>/report.html, each \
        atomically. A bad photo or pair is reported and the batch goes on. Finished pairs are journalled \
        in DIR/.skindelta-journal; --resume reuses them after an interruption.

        Exit status: 0 when everything was scored, 1 when the batch finished with failures, 2 for \
        usage or input errors before starting.
        """
    )

    @Argument(help: "A folder of sessions or a manifest (.csv or .json).") var input: String
    @Option(help: "Folder to write the results into (created if missing).") var out: String
    @Option(help: "Pairs scored at once (1...64); the results are the same for any number.") var jobs = 1
    @Flag(help: "Reuse the pairs an interrupted run into the same folder finished.") var resume = false
    @Option(help: "Analyzer ids to run, comma-separated (default: all).") var analyzers: String?
    @Flag(help: "Replace patient ids and photo names by keyed pseudonyms (key from SKINDELTA_PSEUDONYM_KEY).")
    var pseudonymize = false
    @Option(help: "Score only shard K of N (patients dealt out in turn by id) and write DIR/partial.json for skindelta merge.")
    var shard: String?
    @Flag(help: "Print nothing but errors.") var quiet = false
    @Flag(help: "Refuse the pairs that cannot be registered instead of comparing them without registration.")
    var requireRegistration = false
    @OptionGroup var skinRule: SkinRuleOption
    @OptionGroup var limits: LimitOptions
    @OptionGroup var plugins: PluginOptions

    func run() throws {
        guard (1...64).contains(jobs) else { return try usage("--jobs must be between 1 and 64, not \(jobs)") }
        let share = try shard.map { text -> Shard in
            guard let share = Shard(parsing: text) else { throw usageError("--shard must be K/N with 1 ≤ K ≤ N, e.g. 2/4, not \(text)") }
            return share
        }
        var key: [UInt8]?
        if pseudonymize {
            guard let text = ProcessInfo.processInfo.environment["SKINDELTA_PSEUDONYM_KEY"], text.utf8.count >= 16 else {
                return try usage("--pseudonymize needs a secret key of at least 16 characters in SKINDELTA_PSEUDONYM_KEY (keep it: the same key gives the same pseudonyms)")
            }
            key = Array(text.utf8)
        }
        let configured: [ConfiguredAnalyzer]
        var refused: [String] = []
        do {
            let catalog = try AnalyzerCatalog.registry(plugins)
            refused = catalog.refused.map(\.description)
            configured = try AnalyzerCatalog.configure(catalog.registry, only: analyzers)
        } catch {
            return try usage("\(error)")
        }
        let batchInput = BatchInput(path: input, limits: limits.decodingLimits)
        if batchInput.photos.isEmpty {
            // One sentence when the input itself is the problem; otherwise each photo's problem, then the summary.
            if batchInput.problems.count == 1, batchInput.problems[0].location == input { return try usage("\(batchInput.problems[0])") }
            for problem in batchInput.problems { StandardOutput.writeError("skindelta: \(problem)\n") }
            return try usage("\(input): no usable photos")
        }
        let runner = BatchRunner(input: batchInput, analyzers: configured,
                                 options: .init(output: URL(fileURLWithPath: out), jobs: jobs, resume: resume, pseudonymKey: key,
                                                limits: limits.decodingLimits, refusedAnalyzers: refused, shard: share,
                                                skinRule: skinRule.rule, requireRegistration: requireRegistration),
                                 toolVersion: SkinDeltaVersion.current)
        if !quiet {
            for problem in batchInput.problems { StandardOutput.writeError("skindelta: \(problem) (skipped)\n") }
            for problem in refused { StandardOutput.writeError("skindelta: \(problem)\n") }
        }
        let display = ProgressDisplay(enabled: !quiet)
        let summary: BatchRunner.Summary
        do {
            summary = try runner.run { display.show($0) }
        } catch {
            display.finish()
            StandardOutput.writeError("skindelta: \(out): \(error.localizedDescription)\n")
            throw ExitCode(2)
        }
        display.finish()
        let failures = summary.document.failures
        if !quiet {
            let pairs = summary.scoredPairs + summary.reusedPairs
            if let share {
                StandardOutput.write("shard \(share): \(Self.totals(summary, pairs: pairs)); partial result in \(out)/partial.json (merge every shard with skindelta merge)\n")
                for failure in failures { StandardOutput.write("failed: \(Self.describe(failure))\n") }
                if summary.exitStatus != 0 { throw ExitCode(summary.exitStatus) }
                return
            }
            StandardOutput.write("\(Self.totals(summary, pairs: pairs)); results in \(out)\n")
            for failure in failures { StandardOutput.write("failed: \(Self.describe(failure))\n") }
        }
        if summary.exitStatus != 0 { throw ExitCode(summary.exitStatus) }
    }

    /// "3 patients, 9 pairs (0 reused from the journal), 9 photo decodes".
    static func totals(_ summary: BatchRunner.Summary, pairs: Int) -> String {
        "\(counted(summary.document.patients.count, "patient")), \(counted(pairs, "pair")) (\(summary.reusedPairs) reused from the journal), "
            + counted(summary.decodedPhotos, "photo decode")
    }

    static func describe(_ f: ResultsDocument.Failure) -> String {
        [f.patient, f.sessionDate, f.photo].compactMap { $0 }.joined(separator: ", ") + (f.patient == nil && f.photo == nil ? "" : ": ") + f.reason
    }

    func usage(_ message: String) throws {
        throw usageError(message)
    }

    func usageError(_ message: String) -> ExitCode {
        StandardOutput.writeError("skindelta: \(message)\n")
        return ExitCode(2)
    }
}
