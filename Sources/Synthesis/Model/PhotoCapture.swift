public import ImageCore

/// One photo: where the camera was and how it was lit. Everything here is in this photo's pixels
/// (x right, y down, origin at the centre of the top-left pixel) unless said otherwise.
public struct PhotoCapture: Codable, Sendable, Equatable {
    public var patient: String
    /// Session index, 0 = baseline.
    public var session: Int
    /// Capture number within the session, 1-based.
    public var repeatIndex: Int
    /// Path without extension, relative to the output folder: `P001/s01_2026-01-05/P001_s01_r1`.
    public var stem: String
    public var size: Size
    /// Maps this photo's pixel coordinates to the baseline photo's (identity for the baseline).
    public var baselineFromPhoto: ProjectiveTransform
    /// Pixels per millimetre at the photo centre.
    public var pixelsPerMillimetre: Double
    /// Exposure gain relative to the baseline (1 = same).
    public var gain: Double
    /// Per-channel multipliers of the light colour (red, green, blue), mean 1.
    public var colourCast: [Double]
    /// Relative illumination change per image width (x) and height (y) across the frame.
    public var gradientX: Double
    public var gradientY: Double
    /// Relative darkening at the image corners (cos⁴-like vignetting).
    public var vignetting: Double
    public var glare: [GlareSpot]
    /// Read noise (linear units) and shot-noise factor.
    public var readNoise: Double
    public var shotNoise: Double
    /// Key of this photo's per-pixel noise.
    public var noiseKey: UInt64
}

/// A specular highlight: added white light with a Gaussian profile, in photo pixels.
public struct GlareSpot: Codable, Sendable, Equatable {
    public var x: Double
    public var y: Double
    /// Standard deviations along and across `angle`, in pixels.
    public var sigmaMajor: Double
    public var sigmaMinor: Double
    public var angle: Double
    /// Added linear intensity at the centre (before clipping at 1).
    public var intensity: Double
}
