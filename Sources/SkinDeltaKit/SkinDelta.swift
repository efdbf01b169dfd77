public import AnalysisKit
import Foundation
import ArgumentParser
import Batch

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
        Allocator.fixMapThreshold()
        AnalyzerCatalog.setExtra(extraAnalyzers)
        SkinDeltaCommand.main(arguments)
        exit(0)
    }

    /// The built-in analyzer types, in report order.
    public static var builtinAnalyzers: [any Analyzer.Type] { BuiltinAnalyzers.all }
}
