public import ImageCore

/// How to align a pair, and where the verdict's limits lie.
public struct AlignmentOptions: Sendable {
    /// The transform family; nil picks the simplest that fits (see ``Registration/model``).
    public var model: MotionModel?
    /// Pixels of the *before* photo (full resolution, nonzero = use) that the refinement may use,
    /// e.g. the skin or a region of interest. Nil uses the whole photo.
    public var mask: Image<Gray8>?
    /// Refinement stops at the first pyramid level whose longer side is at most this many pixels
    /// (1024 by default: a 12 MP photo is refined at 1/4 scale, a 1600×1200 one at 1/2).
    public var refinementLongSide: Int
    /// The global search runs at the first pyramid level whose longer side is at most this.
    public var globalLongSide: Int
    /// Iteration cap per pyramid level.
    public var maximumIterations: Int
    /// The tested capture range; a transform outside it is `lowConfidence`. Rotation in degrees
    /// (either way); scale as the magnification from after to before pixels times the ratio of the
    /// photos' longer sides (so a smaller photo of the same field counts as 1×); shift of the after
    /// photo's centre as a fraction of the before photo's size.
    public var maximumRotationDegrees: Double
    public var scaleRange: ClosedRange<Double>
    public var maximumShiftFraction: Double
    /// Below this correlation the pair is `failed` (different scenes), below
    /// ``lowCorrelation`` `lowConfidence`.
    public var minimumCorrelation: Double
    public var lowCorrelation: Double
    /// Below this overlap fraction the pair is `failed`, below ``lowOverlap`` `lowConfidence`.
    public var minimumOverlap: Double
    public var lowOverlap: Double
    /// Above this uncertainty (full-resolution pixels) the pair is `lowConfidence`.
    public var maximumResidualPixels: Double
    /// Find hairs and leave them out of refinement (see the "How alignment works" article);
    /// true by default. Hairs lie differently in every session, so they mislead a registration.
    public var suppressesHairs: Bool
    /// Find compact near-white structures (a device's burned-in score, glare specks) and leave them
    /// out of matching and refinement; true by default. They stay put in the frame or follow the
    /// light while the skin moves.
    public var suppressesOverlays: Bool
    /// Blur the sharper photo's linear luminance to the other's focus before the finest refinement
    /// level (see the "How alignment works" article); true by default. A focus difference otherwise moves strong
    /// edges in log-luminance and biases the result.
    public var equalisesFocus: Bool
    /// Use all cores for the pyramids.
    public var parallel: Bool

    public init(model: MotionModel? = nil, mask: Image<Gray8>? = nil, refinementLongSide: Int = 1024,
                globalLongSide: Int = 320, maximumIterations: Int = 30, maximumRotationDegrees: Double = 45,
                scaleRange: ClosedRange<Double> = 0.6...1.6, maximumShiftFraction: Double = 0.3,
                minimumCorrelation: Double = 0.2, lowCorrelation: Double = 0.45, minimumOverlap: Double = 0.1,
                lowOverlap: Double = 0.4, maximumResidualPixels: Double = 0.5, suppressesHairs: Bool = true,
                suppressesOverlays: Bool = true, equalisesFocus: Bool = true, parallel: Bool = true) {
        self.model = model
        self.mask = mask
        self.refinementLongSide = refinementLongSide
        self.globalLongSide = globalLongSide
        self.maximumIterations = maximumIterations
        self.maximumRotationDegrees = maximumRotationDegrees
        self.scaleRange = scaleRange
        self.maximumShiftFraction = maximumShiftFraction
        self.minimumCorrelation = minimumCorrelation
        self.lowCorrelation = lowCorrelation
        self.minimumOverlap = minimumOverlap
        self.lowOverlap = lowOverlap
        self.maximumResidualPixels = maximumResidualPixels
        self.suppressesHairs = suppressesHairs
        self.suppressesOverlays = suppressesOverlays
        self.equalisesFocus = equalisesFocus
        self.parallel = parallel
    }
}
