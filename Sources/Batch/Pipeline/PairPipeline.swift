public import Alignment
public import AnalysisKit
import Foundation
import ImageCore
public import Reports
public import Scoring

/// Scores one before/after pair of prepared photos: align, resample both photos alike, mask, run
/// the analyzers, compare with intervals and verdicts. The single pipeline behind `skindelta score`
/// and the batch; it decodes nothing itself (``PreparedPhoto`` does, once) and makes no report images.
public struct PairPipeline: Sendable {
    public var analyzers: [ConfiguredAnalyzer]
    /// Use every core for the kernels of one pair (results are identical either way).
    public var parallel: Bool

    public init(analyzers: [ConfiguredAnalyzer], parallel: Bool = true) {
        self.analyzers = analyzers
        self.parallel = parallel
    }

    /// How to measure a pair.
    public struct Request: Sendable {
        /// Where to measure, in before-photo pixels; nil measures all the skin.
        public var region: RegionOfInterest?
        /// Untreated skin whose colour is matched between the photos; nil corrects nothing.
        public var colourReference: RegionOfInterest?
        /// The before photo's scale, when known.
        public var pixelsPerMillimetre: Double?
        public var beforeCapture: CaptureMetadata
        public var afterCapture: CaptureMetadata?
        /// Minimal detectable changes by "analyzer/metric" from repeated captures.
        public var mdc: [String: Double]
        public var weights: ScoreWeights
        /// The colour rule of both photos' skin masks; nil picks it on the before photo
        /// (``SkinRule/automatic(for:)``).
        public var skinRule: SkinRule?
        /// Where to measure on the after photo, in after-photo pixels, when the pair is compared
        /// without registration; nil measures all its skin. A registered pair uses `region` alone.
        public var afterRegion: RegionOfInterest?
        /// The after photo's own scale, when known; for a pair compared without registration, nil
        /// takes the before photo's scale (the same device and distance; the notes say so).
        public var afterPixelsPerMillimetre: Double?
        /// Refuse a pair that cannot be registered (the behaviour before unregistered comparisons),
        /// rather than comparing it without pixel correspondence.
        public var requireRegistration: Bool

        public init(region: RegionOfInterest? = nil, colourReference: RegionOfInterest? = nil, pixelsPerMillimetre: Double? = nil,
                    beforeCapture: CaptureMetadata = CaptureMetadata(), afterCapture: CaptureMetadata? = nil,
                    mdc: [String: Double] = [:], weights: ScoreWeights = .standard, skinRule: SkinRule? = .colourGate,
                    afterRegion: RegionOfInterest? = nil, afterPixelsPerMillimetre: Double? = nil, requireRegistration: Bool = false) {
            self.region = region
            self.colourReference = colourReference
            self.pixelsPerMillimetre = pixelsPerMillimetre
            self.beforeCapture = beforeCapture
            self.afterCapture = afterCapture
            self.mdc = mdc
            self.weights = weights
            self.skinRule = skinRule
            self.afterRegion = afterRegion
            self.afterPixelsPerMillimetre = afterPixelsPerMillimetre
            self.requireRegistration = requireRegistration
        }
    }

    /// What a pair gave.
    public struct Outcome: Sendable {
        /// The alignment, as outputs report it; nil when a photo could not be decoded.
        public var alignment: AlignmentSummary?
        /// The registration found (after-photo pixels → before-photo pixels), when one was sought.
        public var registration: Registration?
        /// Nil when the pair could not be compared (see `failure`).
        public var comparison: PairComparison?
        public var flags: [String]
        public var notes: [String]
        public var quality: [String: CaptureQuality]
        public var colourCorrection: ColourCorrection?
        /// Analyzers that failed on this pair, with the reason; the others still count.
        public var analyzerFailures: [String]
        /// The metrics of analyzers that failed, each with the reason.
        public var failedMetrics: [FailedMetric] = []
        /// Why nothing was compared, when nothing was.
        public var failure: PipelineError?
        /// The overlays of every analyzer, in before-photo pixels (for a pair compared without
        /// registration, the after photo's layers are in after-photo pixels).
        public var overlays: [String: [OverlayLayer]]
        /// Why the pair was compared without registration (each photo on its own skin, unpaired
        /// intervals); nil for a registered pair or one that was not compared.
        public var unregisteredReason: String?
        public var maskPixels: Int
        public var tiles: Int

        init() {
            alignment = nil
            registration = nil
            comparison = nil
            flags = []
            notes = []
            quality = [:]
            colourCorrection = nil
            analyzerFailures = []
            failure = nil
            overlays = [:]
            unregisteredReason = nil
            maskPixels = 0
            tiles = 0
        }

        /// The pair as every output shows it (JSON, CSV, HTML and `skindelta score`): the one
        /// conversion from an outcome, so the batch and `score` agree on the same pair.
        public func results(kind: ComparisonKind, beforeDate: String, afterDate: String, beforePhoto: String,
                            afterPhoto: String) -> ComparisonResults {
            var results = ComparisonResults(
                kind: kind.rawValue, beforeDate: beforeDate, afterDate: afterDate, beforePhoto: beforePhoto, afterPhoto: afterPhoto,
                alignment: alignment, quality: quality, colourCorrection: colourCorrection, metrics: comparison?.metrics ?? [],
                score: comparison?.score, warnings: (comparison?.warnings ?? []) + analyzerFailures.map { "analyzer failed: \($0)" },
                flags: Array(Set(flags)).sorted(), notes: notes, failure: failure?.description)
            results.failedMetrics = failedMetrics.isEmpty ? nil : failedMetrics
            if comparison != nil {
                results.registration = unregisteredReason == nil ? .registered : .unregistered
            }
            return results
        }
    }

    /// Aligns `after` onto `before` with the photos' cached pyramids.
    public func align(before: PreparedPhoto, after: PreparedPhoto,
                      options: Alignment.AlignmentOptions = Alignment.AlignmentOptions()) throws(PipelineError) -> Registration {
        var options = options
        options.parallel = parallel
        return Alignment.align(before: try before.alignmentPyramid(options: options), after: try after.alignmentPyramid(options: options),
                               options: options)
    }

    /// Scores `after` against `before`; `times`, when given, receives each stage's duration
    /// (decode, align, resample, masks and planes, each analyzer, compare).
    public func score(before: PreparedPhoto, after: PreparedPhoto, request: Request = Request(), times: StageTimes? = nil) -> Outcome {
        var outcome = Outcome()
        let beforeImage: Image<RGB8>, afterImage: Image<RGB8>, registration: Registration
        do {
            beforeImage = try times.measure("decode") { () throws(PipelineError) in try before.image() }
            afterImage = try times.measure("decode") { () throws(PipelineError) in try after.image() }
            registration = try times.measure("align") { () throws(PipelineError) in try align(before: before, after: after) }
        } catch {
            outcome.failure = error
            return outcome
        }
        outcome.registration = registration
        outcome.alignment = AlignmentSummary(registration, afterSize: afterImage.size)
        guard registration.verdict.isUsable,
              let photos = times.measure("resample", {
                  PairResampling.resample(before: beforeImage, after: afterImage, afterToBefore: registration.transform, parallel: parallel)
              })
        else {
            let reason = registration.verdict.reason ?? "the after photo cannot be mapped onto the baseline"
            if request.requireRegistration {
                outcome.failure = .alignmentRefused(reason: reason)
                return outcome
            }
            return scoreUnregistered(before: beforeImage, after: afterImage, because: reason, request: request, outcome: outcome,
                                     times: times)
        }
        let pair: AlignedPair
        do {
            pair = try times.measure("masks and planes") { () throws(AnalysisError) in try AlignedPair.prepare(before: photos.before, after: photos.after, region: request.region,
                                           colourReference: request.colourReference, pixelsPerMillimetre: request.pixelsPerMillimetre,
                                           beforeCapture: request.beforeCapture, afterCapture: request.afterCapture,
                                           skinRule: request.skinRule, parallel: parallel) }
        } catch {
            outcome.failure = .unmeasurable(reason: "\(error)")
            return outcome
        }
        let run = AnalyzerRun(analyzers: analyzers, parallel: parallel).run(on: pair, times: times)
        outcome.flags = run.flags
        outcome.notes = pair.skinNotes + run.notes
        outcome.overlays = run.overlays
        outcome.analyzerFailures = run.failures
        outcome.failedMetrics = run.failedMetrics
        outcome.comparison = times.measure("compare") {
            PairComparison(measured: run.measured, tiles: pair.tiles, gate: QualityGate(
                alignment: outcome.alignment?.gateState ?? .notNeeded, beforeQuality: pair.beforeQuality, afterQuality: pair.afterQuality),
                mdc: request.mdc, weights: request.weights)
        }
        outcome.quality["before"] = pair.beforeQuality
        outcome.quality["after"] = pair.afterQuality
        outcome.colourCorrection = pair.colourCorrection
        outcome.maskPixels = PlaneMath.count(pair.mask)
        outcome.tiles = pair.tiles.tiles.count
        return outcome
    }
}
