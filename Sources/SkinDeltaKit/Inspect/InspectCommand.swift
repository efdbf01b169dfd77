import ArgumentParser
import Foundation
import ImageCodec

/// `skindelta inspect FILE... [--json]`: fully decodes each file and reports what it is, or why not.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Decode photos and report format, size, bit depth, channels, orientation and capture time.",
        discussion: """
        Every file is fully decoded, not only its header, so a file that passes can be analysed. \
        Directories are searched recursively for .png, .jpg and .jpeg files. \
        Files that cannot be decoded are named on standard error (in the JSON with --json). Exit \
        status: 0 when every file decoded, 1 when one did not, 2 for usage errors.
        """
    )

    @Argument(help: "Photo files or directories.")
    var paths: [String]

    @Flag(help: "Print a JSON array with one object per file.")
    var json = false

    @OptionGroup var limits: LimitOptions

    func run() throws {
        let files = InputExpansion.files(for: paths)
        if files.isEmpty {
            throw ValidationError("no PNG or JPEG files found in \(paths.joined(separator: ", ")).")
        }
        let decoder = ImageDecoder(limits: limits.decodingLimits)
        var reports: [InspectReport] = []
        for file in files {
            do {
                let picture = try decoder.decode(contentsOf: file)
                reports.append(InspectReport(file: file, info: picture.info))
            } catch {
                reports.append(InspectReport(file: file, error: error))
            }
        }
        if json {
            try StandardOutput.writeJSON(reports)
        } else {
            // Failures go to standard error, one sentence each naming the file.
            for report in reports {
                if report.error == nil { StandardOutput.write(report.line + "\n") } else { StandardOutput.writeError(report.line + "\n") }
            }
        }
        if reports.contains(where: { $0.error != nil }) {
            throw ExitCode(1)
        }
    }
}
