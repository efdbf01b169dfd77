import AnalysisKit
import ArgumentParser
import Foundation
import PluginHost

/// Every analyzer a command can use: the built-in ones, the Swift analyzers a custom build added
/// through ``SkinDelta/main(extraAnalyzers:arguments:)``, and the out-of-process plugins found
/// with `--plugins` and `SKINDELTA_PLUGIN_PATH`.
enum AnalyzerCatalog {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var extra: [any Analyzer.Type] = []

    static func setExtra(_ types: [any Analyzer.Type]) {
        lock.lock()
        extra = types
        lock.unlock()
    }

    /// The Swift analyzer types: built-in, then extra.
    static var swiftTypes: [any Analyzer.Type] {
        lock.lock()
        defer { lock.unlock() }
        return BuiltinAnalyzers.all + extra
    }

    /// The registry of Swift analyzers and the plugins found with `options`, and the plugins that
    /// were refused (one sentence each).
    static func registry(_ options: PluginOptions) throws -> (registry: AnalyzerRegistry, refused: [PluginError], plugins: [ExternalAnalyzer]) {
        let types = swiftTypes
        let catalog = PluginCatalog(paths: options.plugins, taken: Set(types.map { $0.descriptor.id }))
        let plugins = catalog.analyzers(hostDescription: "skindelta \(SkinDeltaVersion.current)")
        return (try AnalyzerRegistry(types, factories: plugins), catalog.problems, plugins)
    }

    /// The analyzers of `registry` with their default settings: all, or those named in `list`
    /// (comma-separated ids); a usage error names an unknown or malformed id.
    static func configure(_ registry: AnalyzerRegistry, only list: String?) throws -> [ConfiguredAnalyzer] {
        let only = try list.map { list in
            try list.split(separator: ",").map { text -> AnalyzerID in
                guard let id = AnalyzerID(validating: text.trimmingCharacters(in: .whitespaces)) else {
                    throw ValidationError("“\(text)” is not an analyzer id")
                }
                return id
            }
        }
        do {
            return try registry.configure(only: only)
        } catch {
            throw ValidationError("\(error)")
        }
    }

    /// The Swift analyzers alone.
    static func swiftRegistry() throws -> AnalyzerRegistry {
        try AnalyzerRegistry(swiftTypes)
    }
}
