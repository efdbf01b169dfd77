import ArgumentParser
import Batch
import Foundation

/// `skindelta validate INPUT`: checks a batch's input without decoding pixels.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a folder of sessions or a manifest without decoding pixels, and list every problem.",
        discussion: """
        Reads names, manifest fields and image headers: dates, paths (which may not leave the \
        manifest's folder), ROIs, scales, duplicates and file formats. Exit status: 0 when the input \
        is usable as it is, 1 when some photos would be skipped, 2 when nothing is usable.
        """
    )

    @Argument(help: "A folder of sessions or a manifest (.csv or .json).") var input: String
    @OptionGroup var limits: LimitOptions

    func run() throws {
        let batch = BatchInput(path: input, limits: limits.decodingLimits)
        let patients = Set(batch.photos.map(\.patient)).count
        let plan = BatchPlan(photos: batch.photos)
        StandardOutput.write("\(input): \(batch.kind), \(counted(patients, "patient")), \(counted(batch.photos.count, "usable photo")), \(counted(plan.jobs.count, "pair")) to score\n")
        for problem in batch.problems { StandardOutput.write("problem: \(problem)\n") }
        for remark in batch.remarks { StandardOutput.write("remark: \(remark)\n") }
        if batch.photos.isEmpty { throw ExitCode(2) }
        if !batch.problems.isEmpty { throw ExitCode(1) }
    }
}
