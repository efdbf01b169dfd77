import AnalysisKit
import ArgumentParser
import Foundation
import ImageCodec
import ImageCore

/// `skindelta analyze PHOTO`: runs every analyzer on one photo.
struct AnalyzeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Run every analyzer on one photo and print its capture quality and metrics.",
        discussion: """
        The skin is found automatically (backdrop, glare, shadow and hairs are left out) and can be \
        narrowed with --roi. Without --pixels-per-mm, sizes are in pixels and densities per megapixel. \
        Exit status: 0 on success, 1 when the photo cannot be measured, 64 for usage errors, 65 when \
        the photo cannot be read.
        """
    )

    @Argument(help: "The photo (PNG or JPEG).") var photo: String
    @Flag(help: "Print JSON instead of text.") var json = false
    @Option(name: .customLong("pixels-per-mm"), help: "Scale of the photo, pixels per millimetre.")
    var pixelsPerMillimetre: Double?
    @Option(help: "Region to measure: rect:X,Y,W,H, poly:X1,Y1;X2,Y2;… (pixels) or a mask image (PNG/JPEG, non-zero inside).")
    var roi: String?
    @Option(help: "Only these analyzers (comma-separated ids).") var analyzers: String?
    @OptionGroup var limits: LimitOptions
    @OptionGroup var plugins: PluginOptions

    struct Output: Encodable {
        struct Metric: Encodable {
            var analyzer: String
            var metric: String
            var unit: String
            var direction: String
            var value: Double
        }
        var photo: String
        var pixelsPerMillimetre: Double?
        var maskPixels: Int
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
        let registry = catalog.registry
        let only = try analyzers.map { list in
            try list.split(separator: ",").map { text -> AnalyzerID in
                guard let id = AnalyzerID(validating: String(text)) else { throw ValidationError("“\(text)” is not an analyzer id") }
                return id
            }
        }
        let configured: [ConfiguredAnalyzer]
        do {
            configured = try registry.configure(only: only)
        } catch {
            throw ValidationError("\(error)")
        }
        let decoder = ImageDecoder(limits: limits.decodingLimits)
        let image: Image<RGB8>
        do {
            image = try decoder.decode(contentsOf: photo).image.rgb8
        } catch {
            StandardOutput.writeError("skindelta: \(photo): \(error)\n")
            throw ExitCode(65)
        }
        let region: RegionOfInterest?
        do {
            region = try Self.region(roi, decoder: decoder)
        } catch {
            StandardOutput.writeError("skindelta: \(error)\n")
            throw ExitCode(64)
        }
        let pair: AlignedPair
        do {
            pair = try AlignedPair.prepare(before: AnalysisPhoto(rgb: image), after: nil, region: region,
                                           pixelsPerMillimetre: pixelsPerMillimetre)
        } catch {
            StandardOutput.writeError("skindelta: \(photo): \(error)\n")
            throw ExitCode(1)
        }
        var metrics: [Output.Metric] = []
        var flags: [String] = [], notes: [String] = []
        var failures = 0
        for analyzer in configured {
            do {
                let result = try analyzer.run(pair)
                for value in result.values {
                    let declared = analyzer.descriptor.metric(value.metric)!
                    metrics.append(.init(analyzer: analyzer.descriptor.id.rawValue, metric: value.metric,
                                         unit: value.unit ?? declared.unit, direction: declared.direction.rawValue, value: value.before))
                }
                flags += result.flags
                notes += result.notes
            } catch {
                StandardOutput.writeError("skindelta: \(photo): \(error)\n")
                failures += 1
            }
        }
        let output = Output(photo: URL(fileURLWithPath: photo).lastPathComponent, pixelsPerMillimetre: pixelsPerMillimetre,
                            maskPixels: PlaneMath.count(pair.mask), tiles: pair.tiles.tiles.count, quality: pair.beforeQuality!,
                            metrics: metrics, flags: flags, notes: notes)
        if json {
            try StandardOutput.writeJSON(output)
        } else {
            StandardOutput.write(Self.text(output))
        }
        if failures > 0 { throw ExitCode(1) }
    }

    /// Parses `--roi`: a rectangle, a polygon, or the path of a mask image.
    static func region(_ text: String?, decoder: ImageDecoder) throws -> RegionOfInterest? {
        guard let text else { return nil }
        if text.hasPrefix("rect:") || text.hasPrefix("poly:") { return try RegionOfInterest(parsing: text) }
        do {
            let picture = try decoder.decode(contentsOf: text).image.rgb8
            return .mask(Image(size: picture.size, pixels: picture.pixels.map {
                Gray8(value: $0.red != 0 || $0.green != 0 || $0.blue != 0 ? 255 : 0)
            }))
        } catch {
            throw ValidationError("\(text): the region mask cannot be read: \(error)")
        }
    }

    static func text(_ o: Output) -> String {
        let q = o.quality
        var lines = [
            "photo:      \(o.photo)" + (o.pixelsPerMillimetre.map { String(format: " (%.2f px/mm)", $0) } ?? " (no scale: pixel units)"),
            String(format: "skin:       %.1f %% of the photo, %d px, %d tiles", q.skinPercent, o.maskPixels, o.tiles),
            String(format: "quality:    sharpness %.3f, clipped %.2f %%, glare %.2f %%, median L* %.1f",
                   q.sharpness, q.clippedPercent, q.glarePercent, q.medianLStar),
            "",
        ]
        var last = ""
        for m in o.metrics {
            if m.analyzer != last { lines.append(m.analyzer); last = m.analyzer }
            lines.append("    \(m.metric.padding(toLength: 18, withPad: " ", startingAt: 0)) \(String(format: "%12.4f", m.value)) \(m.unit)")
        }
        for note in o.notes { lines.append("note: \(note)") }
        return lines.joined(separator: "\n") + "\n"
    }
}
