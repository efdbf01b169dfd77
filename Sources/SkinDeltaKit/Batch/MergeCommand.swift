import ArgumentParser
import Batch
import Foundation
import Reports

/// `skindelta merge PART... --out DIR`: the results of a batch run as shards, merged.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge the partial results of batch --shard K/N runs into results.json, results.csv and the HTML reports.",
        discussion: """
        Give the output folder of every shard (1/N … N/N, each once) of one batch: the same input, \
        analyzers and version. The results are byte for byte those of one batch run on one machine. \
        A pseudonymized run needs its key in SKINDELTA_PSEUDONYM_KEY again. Exit status: 0 when \
        everything was scored, 1 when the batch had failures, 2 when the parts cannot be merged.
        """
    )

    @Argument(help: "The output folders of the shards (or their partial.json files).") var parts: [String]
    @Option(help: "Folder to write the results into (created if missing).") var out: String
    @Flag(help: "Print nothing but errors.") var quiet = false

    func run() throws {
        let key = ProcessInfo.processInfo.environment["SKINDELTA_PSEUDONYM_KEY"].map { Array($0.utf8) }
        let document: Reports.ResultsDocument
        do {
            document = try BatchMerger.merge(parts: parts.map { URL(fileURLWithPath: $0) }, output: URL(fileURLWithPath: out),
                                             pseudonymKey: key)
        } catch {
            StandardOutput.writeError("skindelta: \(error)\n")
            throw ExitCode(2)
        }
        if !quiet {
            StandardOutput.write("\(parts.count) shards merged: \(document.patients.count) patients; results in \(out)\n")
            for failure in document.failures { StandardOutput.write("failed: \(BatchCommand.describe(failure))\n") }
        }
        if !document.failures.isEmpty { throw ExitCode(1) }
    }
}
