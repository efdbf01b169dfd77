import AnalysisKit
import ArgumentParser
import Batch
import Foundation
import Reports
import ImageCodec

/// `skindelta analyze PHOTO`: runs every analyzer on one photo.
struct AnalyzeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Run every analyzer on one photo and print its capture quality and metrics.",
        discussion: """
        The skin is found automatically (backdrop, glare, shadow and hairs are left out) and can be \
        narrowed with --roi. Without --pixels-per-mm, sizes are in pixels and densities per megapixel. \
        Exit status: 0 on success, 1 when the photo cannot be measured, 2 for usage errors and photos \
        that cannot be read.
        """
    )

    @Argument(help: "The photo (PNG or JPEG).") var photo: String
    @Flag(help: "Print JSON instead of text.") var json = false
    @Option(name: .customLong("pixels-per-mm"), help: "Scale of the photo, pixels per millimetre.")
    var pixelsPerMillimetre: Double?
    @Option(help: "Region to measure: rect:X,Y,W,H, poly:X1,Y1;X2,Y2;… (pixels) or a mask image (PNG/JPEG, non-zero inside).")
    var roi: String?
    @Option(help: "Only these analyzers (comma-separated ids).") var analyzers: String?
    @OptionGroup var skinRule: SkinRuleOption
    @OptionGroup var limits: LimitOptions
    @OptionGroup var plugins: PluginOptions

    struct Output: Encodable {
        struct Metric: Encodable {
            var analyzer: String
            var metric: String
            /// The display name the analyzer declares ("Pore density").
            var label: String
            var unit: String
            var direction: String
            var value: Double
        }
        var photo: String
        var pixelsPerMillimetre: Double?
        var maskPixels: Int
        /// How the skin was found: `colourGate` or `wholeFrame`.
        var skinRule: SkinRule
        var tiles: Int
        var quality: CaptureQuality
        var metrics: [Metric]
        var flags: [String]
        var notes: [String]
    }

    func validate() throws {
        if let pixelsPerMillimetre, !(pixelsPerMillimetre.isFinite && pixelsPerMillimetre > 0) {
            throw ValidationError("--pixels-per-mm must be a positive number, not \(pixelsPerMillimetre)")
        }
    }

    func run() throws {
        let catalog = try AnalyzerCatalog.registry(plugins)
        for problem in catalog.refused { StandardOutput.writeError("skindelta: \(problem)\n") }
        let configured = try AnalyzerCatalog.configure(catalog.registry, only: analyzers)
        let decoder = ImageDecoder(limits: limits.decodingLimits)
        let prepared = try PhotoArgument.prepare(photo, decoder: decoder)
        let region = try PhotoArgument.region(roi, decoder: decoder)
        let outcome: PhotoPipeline.Outcome
        do {
            outcome = try PhotoPipeline(analyzers: configured).analyze(prepared, region: region, pixelsPerMillimetre: pixelsPerMillimetre,
                                                                       skinRule: skinRule.rule)
        } catch {
            StandardOutput.writeError("skindelta: \(photo): \(error)\n")
            throw ExitCode(1)
        }
        var metrics: [Output.Metric] = []
        for measured in outcome.run.measured {
            for value in measured.result.values {
                let declared = measured.descriptor.metric(value.metric)
                metrics.append(.init(analyzer: measured.descriptor.id.rawValue, metric: value.metric, label: declared?.name ?? value.metric,
                                     unit: value.unit ?? declared?.unit ?? "", direction: declared?.direction.rawValue ?? "neutral",
                                     value: value.before))
            }
        }
        for error in outcome.run.errors { StandardOutput.writeError("skindelta: \(photo): \(error)\n") }
        let output = Output(photo: URL(fileURLWithPath: photo).lastPathComponent, pixelsPerMillimetre: pixelsPerMillimetre,
                            maskPixels: outcome.maskPixels, skinRule: outcome.skinRule, tiles: outcome.tiles, quality: outcome.quality,
                            metrics: metrics, flags: outcome.run.flags, notes: outcome.run.notes)
        if json {
            try StandardOutput.writeJSON(output)
        } else {
            StandardOutput.write(Self.text(output))
        }
        if !outcome.run.errors.isEmpty { throw ExitCode(1) }
    }

    static func text(_ o: Output) -> String {
        let q = o.quality
        var lines = [
            "photo:      \(o.photo)" + (o.pixelsPerMillimetre.map { String(format: " (%.2f px/mm)", $0) } ?? " (no scale: pixel units)"),
            String(format: "skin:       %.1f %% of the photo, %d px, %d tiles", q.skinPercent, o.maskPixels, o.tiles)
                + (o.skinRule == .wholeFrame ? " (whole frame)" : ""),
            String(format: "quality:    sharpness %.3f, clipped %.2f %%, glare %.2f %%, median L* %.1f",
                   q.sharpness, q.clippedPercent, q.glarePercent, q.medianLStar),
            "",
        ]
        var last = ""
        for m in o.metrics {
            if m.analyzer != last { lines.append(m.analyzer); last = m.analyzer }
            let value = DisplayNumber.text(m.value, decimals: min(4, DisplayNumber.decimals(value: m.value)))
            lines.append("    \(m.label.padding(toLength: 22, withPad: " ", startingAt: 0)) \(String(repeating: " ", count: max(0, 12 - value.count)))\(value) \(m.unit)")
        }
        for note in o.notes { lines.append("note: \(note)") }
        return lines.joined(separator: "\n") + "\n"
    }
}
