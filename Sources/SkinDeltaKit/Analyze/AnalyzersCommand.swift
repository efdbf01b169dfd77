import AnalysisKit
import ArgumentParser
import Foundation
import PluginHost

/// `skindelta analyzers`: lists the registered analyzers and their metrics.
struct AnalyzersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyzers",
        abstract: "List the analyzers: id, version, the claims they measure, and every metric with its name, unit and direction."
    )

    @Flag(help: "Print JSON instead of text.") var json = false
    @OptionGroup var plugins: PluginOptions

    struct Output: Encodable {
        var analyzers: [Entry]
        /// Plugins found but not usable, one sentence each.
        var refused: [String]
        struct Entry: Encodable {
            /// "built-in", "linked" (a Swift analyzer added by a custom build) or "plugin <folder>".
            var source: String
            var id: String
            var name: String
            var version: String
            var summary: String
            var settings: SettingsDocument
            var metrics: [MetricDescriptor]
            /// The claims as reports show them (declared, or one named after the analyzer).
            var claims: [ClaimDescriptor]
            /// The coarsest resolution the analyzer reads a pair at, px/mm (nil: every photo as it is).
            var workingPixelsPerMillimetre: Double?
        }
    }

    func run() throws {
        // Manifests are read; no plugin is started.
        let catalog = try AnalyzerCatalog.registry(plugins)
        let registry = catalog.registry
        let settings = try registry.defaultSettings()
        let builtin = Set(BuiltinAnalyzers.all.map { $0.descriptor.id })
        let folders = Dictionary(catalog.plugins.map { ($0.descriptor.id, $0.folder.path) }, uniquingKeysWith: { a, _ in a })
        let output = Output(analyzers: registry.descriptors.map {
            Output.Entry(source: folders[$0.id].map { "plugin \($0)" } ?? (builtin.contains($0.id) ? "built-in" : "linked"), id: $0.id.rawValue, name: $0.name,
                         version: $0.version, summary: $0.summary, settings: settings[$0.id]!, metrics: $0.metrics,
                         claims: $0.reportedClaims, workingPixelsPerMillimetre: $0.workingPixelsPerMillimetre)
        }, refused: catalog.refused.map(\.description))
        if json {
            try StandardOutput.writeJSON(output)
            return
        }
        var lines: [String] = []
        for entry in output.analyzers {
            lines.append("\(entry.id) \(entry.version) — \(entry.name): \(entry.summary)"
                         + (entry.source == "built-in" ? "" : " [\(entry.source)]"))
            if let working = entry.workingPixelsPerMillimetre {
                lines.append("    works at \(String(format: "%g", working)) px/mm or finer (photos of known, finer scale are averaged down to it)")
            }
            for claim in entry.claims {
                lines.append("    claim \(claim.name) (headline \(claim.headlineMetric)): \(claim.description)")
            }
            for metric in entry.metrics {
                let arrow = switch metric.direction {
                case .lowerIsBetter: "lower is better"
                case .higherIsBetter: "higher is better"
                case .neutral: "neutral"
                }
                lines.append("    \(metric.id.padding(toLength: 18, withPad: " ", startingAt: 0)) \(metric.name.padding(toLength: 20, withPad: " ", startingAt: 0)) \(metric.unit.padding(toLength: 8, withPad: " ", startingAt: 0)) \(arrow.padding(toLength: 17, withPad: " ", startingAt: 0)) \(metric.description)")
            }
        }
        for reason in output.refused { lines.append("refused: \(reason)") }
        StandardOutput.write(lines.joined(separator: "\n") + "\n")
    }
}
