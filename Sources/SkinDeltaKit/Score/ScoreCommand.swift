import AnalysisKit
import ArgumentParser
import Batch
import Foundation
import ImageCodec
import Reports
import Scoring

/// `skindelta score BEFORE AFTER`: the single-pair path from photos to verdicts.
struct ScoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Align a follow-up photo onto a baseline, run every analyzer and say what changed, with 95 % intervals.",
        discussion: """
        For each metric: before, after, Δ, a 95 % interval of Δ (bootstrap over 5 mm tiles of the \
        measured skin, seeded from the input) and a verdict: improved, worsened, noDetectableChange \
        (the interval contains 0) or notScored (with the reason). A low-confidence alignment or a \
        blurred, glary or clipped photo widens the intervals and says why. A pair that cannot be \
        registered is compared without registration: each photo measured on its own skin, intervals \
        from each photo's own tiles, metrics that need the same pixels in both photos not scored, \
        labelled "unregistered" with the reason (--require-registration refuses it instead). The \
        composite score is the weighted mean improvement in percent over the headline metrics. Exit status: 0 when scored, 1 when the pair was refused or cannot be \
        measured or an analyzer failed, 2 for usage errors and photos that cannot be read.
        """
    )

    @Argument(help: "The before (baseline) photo.") var before: String
    @Argument(help: "The after (follow-up) photo.") var after: String
    @Flag(help: "Print JSON instead of a table.") var json = false
    @Option(name: .customLong("pixels-per-mm"), help: "Scale of the baseline photo, pixels per millimetre.")
    var pixelsPerMillimetre: Double?
    @Option(help: "Region to measure on the baseline: rect:X,Y,W,H, poly:X1,Y1;X2,Y2;… or a mask image.") var roi: String?
    @Option(help: "Reference region of untreated skin whose colour is matched (rect:…, poly:… or a mask image); none by default.")
    var colourReference: String?
    @Option(name: .customLong("days-since-procedure"), help: "Days since the last procedure when the after photo was taken.")
    var daysSinceProcedure: Int?
    @Option(help: "Threads for one pair: 1 runs on one thread, 0 uses every core (the output is the same).") var threads = 0
    @Option(help: "Only these analyzers (comma-separated ids).") var analyzers: String?
    @Flag(help: "Refuse a pair that cannot be registered instead of comparing it without registration.")
    var requireRegistration = false
    @OptionGroup var skinRule: SkinRuleOption
    @OptionGroup var limits: LimitOptions
    @OptionGroup var plugins: PluginOptions

    /// The `--json` output: the pair as the batch's `results.json` holds it.
    struct Output: Encodable {
        var alignment: AlignmentSummary?
        /// "registered", "unregistered" (compared without registration), or nil when nothing was compared.
        var registration: ComparisonResults.Registration?
        var metrics: [MetricComparison]
        var failedMetrics: [FailedMetric]?
        var score: CompositeScore
        var warnings: [String]
        var flags: [String]
        var notes: [String]
        var quality: [String: CaptureQuality]
        var colourCorrection: ColourCorrection?

        init(_ results: ComparisonResults) {
            alignment = results.alignment
            registration = results.registration
            metrics = results.metrics
            failedMetrics = results.failedMetrics
            warnings = results.warnings
            if let failure = results.failure {
                score = CompositeScore(value: 0, ciLow: 0, ciHigh: 0, verdict: .notScored, weights: [:], metrics: [], reason: failure)
                warnings = [failure] + warnings
            } else {
                score = results.score ?? CompositeScore(value: 0, ciLow: 0, ciHigh: 0, verdict: .notScored, weights: [:], metrics: [],
                                                        reason: "no metric was scored")
            }
            flags = results.flags
            notes = results.notes
            quality = results.quality
            colourCorrection = results.colourCorrection
        }
    }

    func validate() throws {
        if let pixelsPerMillimetre, !(pixelsPerMillimetre.isFinite && pixelsPerMillimetre > 0) {
            throw ValidationError("--pixels-per-mm must be a positive number, not \(pixelsPerMillimetre)")
        }
    }

    func run() throws {
        let decoder = ImageDecoder(limits: limits.decodingLimits)
        let beforePhoto = try PhotoArgument.prepare(before, decoder: decoder)
        let afterPhoto = try PhotoArgument.prepare(after, decoder: decoder)
        let region = try PhotoArgument.region(roi, decoder: decoder)
        let reference = try PhotoArgument.region(colourReference, decoder: decoder)
        let catalog = try AnalyzerCatalog.registry(plugins)
        for problem in catalog.refused { StandardOutput.writeError("skindelta: \(problem)\n") }
        let analyzers = try AnalyzerCatalog.configure(catalog.registry, only: self.analyzers)
        let pipeline = PairPipeline(analyzers: analyzers, parallel: threads != 1)
        let outcome = pipeline.score(before: beforePhoto, after: afterPhoto, request: PairPipeline.Request(
            region: region, colourReference: reference, pixelsPerMillimetre: pixelsPerMillimetre,
            afterCapture: CaptureMetadata(daysSinceProcedure: daysSinceProcedure), skinRule: skinRule.rule,
            requireRegistration: requireRegistration))
        if case .undecodablePhoto? = outcome.failure {
            StandardOutput.writeError("skindelta: \(outcome.failure!)\n")
            throw ExitCode(2)
        }
        // The same conversion as the batch's, so both say the same of one pair.
        let results = outcome.results(kind: .baseline, beforeDate: "", afterDate: "", beforePhoto: beforePhoto.name,
                                      afterPhoto: afterPhoto.name)
        let output = Output(results)
        let names = Dictionary(analyzers.flatMap { a in a.descriptor.metrics.map { ("\(a.descriptor.id)/\($0.id)", $0.name) } },
                               uniquingKeysWith: { a, _ in a })
        try emit(output, names: names)
        if results.failure != nil || !outcome.analyzerFailures.isEmpty { throw ExitCode(1) }
    }

    func emit(_ output: Output, names: [String: String]) throws {
        if json {
            try StandardOutput.writeJSON(output)
        } else {
            StandardOutput.write(Self.text(output, names: names))
        }
    }

    static func text(_ o: Output, names: [String: String] = [:]) -> String {
        var lines = ["alignment: " + (o.alignment.map { a in
            a.verdict + (a.reason.map { " (\($0))" } ?? "")
                + String(format: ", uncertainty %@", a.residualPixels.map { String(format: "%.2f px", $0) } ?? "–")
        } ?? "not attempted")]
        if o.registration == .unregistered {
            lines.append("comparison: unregistered (each photo measured on its own skin; metrics that need the same pixels in both photos are not scored)")
        }
        for warning in o.warnings { lines.append("warning: \(warning)") }
        if !o.metrics.isEmpty {
            lines.append("")
            lines.append("metric".padding(toLength: 30, withPad: " ", startingAt: 0)
                + "      before       after      change   95 % interval of the change   verdict                 unit")
        }
        for m in o.metrics {
            let name = names["\(m.analyzer)/\(m.metric)"] ?? "\(MetricVocabulary.shortName(m.analyzer)) / \(m.metric)"
            let d = DisplayNumber.decimals(value: m.before, spread: m.ciHigh - m.ciLow)
            func cell(_ v: Double, _ width: Int, signed: Bool = false) -> String {
                let text = DisplayNumber.text(v, decimals: d, signed: signed)
                return String(repeating: " ", count: max(0, width - text.count)) + text
            }
            let interval = DisplayNumber.text(m.ciLow, decimals: d, signed: true) + " to " + DisplayNumber.text(m.ciHigh, decimals: d, signed: true)
            lines.append(name.padding(toLength: 30, withPad: " ", startingAt: 0) + cell(m.before, 12) + cell(m.after, 12)
                + cell(m.delta, 12, signed: true) + "   " + interval.padding(toLength: 30, withPad: " ", startingAt: 0)
                + m.verdict.words.padding(toLength: 24, withPad: " ", startingAt: 0) + m.unit
                + (m.reason.map { "   (\($0))" } ?? ""))
        }
        lines.append("")
        lines.append(String(format: "score: %+.1f %% (95 %% interval %+.1f … %+.1f): %@", o.score.value, o.score.ciLow, o.score.ciHigh,
                            o.score.verdict.words as NSString) + (o.score.reason.map { " (\($0))" } ?? ""))
        for leftOut in o.score.leftOut ?? [] { lines.append("left out of the score: \(leftOut)") }
        if o.flags.contains("postProcedure") { lines.append("note: post-procedure photo: redness is expected to be transiently higher.") }
        return lines.joined(separator: "\n") + "\n"
    }
}
