public import AnalysisKit
import Foundation
import ArgumentParser

/// The `skindelta` command-line tool as a library, so a researcher's own package can build a
/// `skindelta` that also knows its analyzers:
///
/// ```swift
/// // Sources/my-skindelta/main.swift
/// import SkinDeltaKit
/// SkinDelta.main(extraAnalyzers: [MyAnalyzer.self])
/// ```
///
/// Every command (`analyzers`, `analyze`, `score`, `batch`, `plugins check`) then treats the extra
/// analyzers exactly like the built-in ones; out-of-process plugins are found with `--plugins`.
public enum SkinDelta {
    /// Runs the tool on the process's arguments (or `arguments`) with the built-in analyzers plus
    /// `extraAnalyzers`, and exits.
    public static func main(extraAnalyzers: [any Analyzer.Type] = [], arguments: [String]? = nil) -> Never {
        AnalyzerCatalog.setExtra(extraAnalyzers)
        // The command that failed, so a usage error shows that command's usage line.
        var failing: any ParsableCommand.Type = SkinDeltaCommand.self
        do {
            var command = try SkinDeltaCommand.parseAsRoot(arguments)
            failing = type(of: command)
            try command.run()
        } catch {
            // One exit status scheme for every command (see ``exitStatusScheme``): the argument
            // parser's usage status (64) becomes 2.
            let code = SkinDeltaCommand.exitCode(for: error)
            guard code.rawValue == ExitCode.validationFailure.rawValue else { SkinDeltaCommand.exit(withError: error) }
            if failing == SkinDeltaCommand.self {
                StandardOutput.writeError(SkinDeltaCommand.fullMessage(for: error) + "\n")
            } else {
                let path = (["skindelta"] + commandPath(to: failing, under: SkinDeltaCommand.self)).joined(separator: " ")
                StandardOutput.writeError("Error: \(failing.message(for: error))\n  See '\(path) --help' for more information.\n")
            }
            exit(2)
        }
        exit(0)
    }

    /// The subcommand names leading from `root` to `command` (empty when it is not below `root`).
    static func commandPath(to command: any ParsableCommand.Type, under root: any ParsableCommand.Type) -> [String] {
        for child in root.configuration.subcommands {
            let name = child.configuration.commandName ?? String(describing: child)
            if child == command { return [name] }
            let below = commandPath(to: command, under: child)
            if !below.isEmpty { return [name] + below }
        }
        return []
    }

    /// What every command's exit status means: 0 when everything asked for was done, 1 when the
    /// command finished but something could not be measured or scored (each named in its output),
    /// 2 for usage errors and inputs that cannot be used (a photo that cannot be read, an unknown
    /// analyzer, an output folder that cannot be written), with one sentence on standard error.
    public static let exitStatusScheme = "Exit status: 0 when everything asked for was done; 1 when the command finished but something could not be measured or scored (named in the output); 2 for usage errors and inputs that cannot be used (one sentence on standard error)."

    /// The built-in analyzer types, in report order.
    public static var builtinAnalyzers: [any Analyzer.Type] { BuiltinAnalyzers.all }
}
