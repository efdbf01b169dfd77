import AnalysisKit
import ArgumentParser
import Foundation

/// `skindelta analyzers`: lists the registered analyzers and their metrics.
struct AnalyzersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyzers",
        abstract: "List the analyzers: id, version, and every metric with its unit and direction."
    )

    @Flag(help: "Print JSON instead of text.") var json = false

    struct Output: Encodable {
        var analyzers: [Entry]
        struct Entry: Encodable {
            var id: String
            var name: String
            var version: String
            var summary: String
            var settings: SettingsDocument
            var metrics: [MetricDescriptor]
        }
    }

    func run() throws {
        let registry = try BuiltinAnalyzers.registry()
        let settings = try registry.defaultSettings()
        let output = Output(analyzers: registry.descriptors.map {
            Output.Entry(id: $0.id.rawValue, name: $0.name, version: $0.version, summary: $0.summary,
                         settings: settings[$0.id]!, metrics: $0.metrics)
        })
        if json {
            try StandardOutput.writeJSON(output)
            return
        }
        var lines: [String] = []
        for entry in output.analyzers {
            lines.append("\(entry.id) \(entry.version) — \(entry.name): \(entry.summary)")
            for metric in entry.metrics {
                let arrow = switch metric.direction {
                case .lowerIsBetter: "lower is better"
                case .higherIsBetter: "higher is better"
                case .neutral: "neutral"
                }
                lines.append("    \(metric.id.padding(toLength: 18, withPad: " ", startingAt: 0)) \(metric.unit.padding(toLength: 8, withPad: " ", startingAt: 0)) \(arrow.padding(toLength: 17, withPad: " ", startingAt: 0)) \(metric.description)")
            }
        }
        StandardOutput.write(lines.joined(separator: "\n") + "\n")
    }
}
