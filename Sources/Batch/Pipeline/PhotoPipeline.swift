public import AnalysisKit
import Scoring

/// Measures one prepared photo on its own (what `skindelta analyze` does): its skin mask, capture
/// quality and every analyzer's values, with nothing to align or compare.
public struct PhotoPipeline: Sendable {
    public var analyzers: [ConfiguredAnalyzer]
    public var parallel: Bool

    public init(analyzers: [ConfiguredAnalyzer], parallel: Bool = true) {
        self.analyzers = analyzers
        self.parallel = parallel
    }

    /// What one photo gave.
    public struct Outcome: Sendable {
        public var quality: CaptureQuality
        /// Skin pixels measured, and the tiles they were split into.
        public var maskPixels: Int
        public var tiles: Int
        public var run: AnalyzerRun.Result
        /// How the skin was found.
        public var skinRule: SkinRule
    }

    /// Measures `photo` in `region` (photo pixels; nil measures all the skin) at `pixelsPerMillimetre`
    /// (nil: pixel units), finding the skin by `skinRule` (nil: ``SkinRule/automatic(for:)``).
    public func analyze(_ photo: PreparedPhoto, region: RegionOfInterest? = nil,
                        pixelsPerMillimetre: Double? = nil, skinRule: SkinRule? = .colourGate) throws(PipelineError) -> Outcome {
        let image = try photo.image()
        let pair: AlignedPair
        do {
            pair = try AlignedPair.prepare(before: AnalysisPhoto(rgb: image, parallel: parallel), after: nil, region: region,
                                           pixelsPerMillimetre: pixelsPerMillimetre, skinRule: skinRule, parallel: parallel)
        } catch {
            throw .unmeasurable(reason: "\(error)")
        }
        guard let quality = pair.beforeQuality else { throw .unmeasurable(reason: "the photo's capture quality cannot be measured") }
        var run = AnalyzerRun(analyzers: analyzers, parallel: parallel).run(on: pair)
        run.notes = pair.skinNotes + run.notes
        return Outcome(quality: quality,
                       maskPixels: PlaneMath.count(pair.mask), tiles: pair.tiles.tiles.count, run: run, skinRule: pair.skinRule)
    }
}
