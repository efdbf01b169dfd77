import Alignment
public import AnalysisKit
import Foundation
public import Reports
public import ImageCodec
public import ImageCore
public import Scoring

/// Scores one before/after pair: align, resample both photos alike, mask, run the analyzers,
/// compare with intervals and verdicts. The single pipeline behind `skindelta score` and the batch.
public struct PairScorer: Sendable {
    public var analyzers: [ConfiguredAnalyzer]
    public var decoder: ImageDecoder
    /// Use every core for the kernels of one pair (results are identical either way).
    public var parallel: Bool
    /// Longest side of the preview images kept for reports; nil keeps none.
    public var previewLongSide: Int?

    public init(analyzers: [ConfiguredAnalyzer], decoder: ImageDecoder = ImageDecoder(), parallel: Bool = true,
                previewLongSide: Int? = nil) {
        self.analyzers = analyzers
        self.decoder = decoder
        self.parallel = parallel
        self.previewLongSide = previewLongSide
    }

    /// What a pair gave.
    public struct Outcome: Sendable {
        public var alignment: AlignmentSummary
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
        public var failure: String?
        /// The overlays of every analyzer, in before-photo pixels.
        public var overlays: [String: [OverlayLayer]]
        /// The before photo and the after photo mapped onto it, reduced for reports (JPEG bytes),
        /// with the scale from before-photo pixels to preview pixels.
        public var previews: Previews?
        public var maskPixels: Int
        public var tiles: Int
    }

    public struct Previews: Sendable {
        public var before: [UInt8]
        public var after: [UInt8]
        public var size: Size
        public var scale: Double
    }

    /// A photo that could not be read, with the reason in one sentence.
    public struct UnreadablePhoto: Error, CustomStringConvertible {
        public var path: String
        public var reason: String
        public var description: String { "\(path): \(reason)" }
    }

    /// Reads a photo upright as 8-bit sRGB.
    public func load(_ path: String) throws(UnreadablePhoto) -> Image<RGB8> {
        do {
            return try decoder.decode(contentsOf: path).image.rgb8
        } catch {
            throw UnreadablePhoto(path: path, reason: "\(error.error)")
        }
    }

    /// Scores `after` against `before`.
    ///
    /// - Parameters:
    ///   - region: where to measure, in before-photo pixels; nil measures all the skin.
    ///   - pixelsPerMillimetre: the before photo's scale, when known.
    ///   - mdc: minimal detectable changes by "analyzer/metric" from repeated captures.
    public func score(before: Image<RGB8>, after: Image<RGB8>, region: RegionOfInterest? = nil,
                      colourReference: RegionOfInterest? = nil, pixelsPerMillimetre: Double? = nil,
                      beforeCapture: CaptureMetadata = CaptureMetadata(), afterCapture: CaptureMetadata? = nil,
                      mdc: [String: Double] = [:], weights: ScoreWeights = .standard) -> Outcome {
        var options = AlignmentOptions()
        options.parallel = parallel
        let registration = align(before: before, after: after, options: options)
        let alignment = AlignmentSummary(registration, afterSize: after.size)
        var outcome = Outcome(alignment: alignment, comparison: nil, flags: [], notes: [], quality: [:], colourCorrection: nil,
                              analyzerFailures: [], failure: nil, overlays: [:], previews: nil, maskPixels: 0, tiles: 0)
        guard registration.verdict.isUsable,
              let photos = PairResampling.resample(before: before, after: after, afterToBefore: registration.transform, parallel: parallel)
        else {
            outcome.failure = "alignment failed: " + (registration.verdict.reason ?? "the after photo cannot be mapped onto the baseline")
            return outcome
        }
        let pair: AlignedPair
        do {
            pair = try AlignedPair.prepare(before: photos.before, after: photos.after, region: region, colourReference: colourReference,
                                           pixelsPerMillimetre: pixelsPerMillimetre, beforeCapture: beforeCapture,
                                           afterCapture: afterCapture, parallel: parallel)
        } catch {
            outcome.failure = "\(error)"
            return outcome
        }
        var measured: [PairComparison.Measured] = []
        let context = AnalysisContext(parallel: parallel)
        for analyzer in analyzers {
            do {
                let result = try analyzer.run(pair, in: context)
                measured.append(.init(descriptor: analyzer.descriptor, result: result))
                outcome.flags += result.flags
                outcome.notes += result.notes
                if !result.overlays.isEmpty { outcome.overlays[analyzer.descriptor.id.rawValue] = result.overlays }
            } catch {
                outcome.analyzerFailures.append("\(analyzer.descriptor.id): \(error)")
                outcome.failedMetrics += FailedMetric.all(of: analyzer.descriptor, reason: Self.reason(error, analyzer: analyzer.descriptor.id))
            }
        }
        let state: QualityGate.AlignmentState = switch registration.verdict {
        case .aligned: .aligned
        case .lowConfidence(let reason): .lowConfidence(reason: reason)
        case .failed(let reason): .failed(reason: reason)
        }
        outcome.comparison = PairComparison(measured: measured, tiles: pair.tiles, gate: QualityGate(
            alignment: state, beforeQuality: pair.beforeQuality, afterQuality: pair.afterQuality), mdc: mdc, weights: weights)
        outcome.quality["before"] = pair.beforeQuality
        outcome.quality["after"] = pair.afterQuality
        outcome.colourCorrection = pair.colourCorrection
        outcome.maskPixels = pair.mask.pixels.reduce(0) { $0 + ($1.value != 0 ? 1 : 0) }
        outcome.tiles = pair.tiles.tiles.count
        if let previewLongSide {
            outcome.previews = PreviewRenderer(longSide: previewLongSide, parallel: parallel)
                .previews(before: before, after: after, registration: registration)
        }
        return outcome
    }

    /// The failure's text without the "analyzer … failed:" prefix the metric rows already say.
    static func reason(_ error: any Error, analyzer id: AnalyzerID) -> String {
        if let error = error as? AnalysisError, case .failed(_, let reason) = error { return reason }
        return "\(error)"
    }
}
