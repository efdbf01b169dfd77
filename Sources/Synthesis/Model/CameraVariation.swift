/// How much the camera and the light differ between photos: the nuisance the pipeline must see
/// through. Session photos vary by the session ranges; repeated captures within a session vary
/// from their session's first photo by the (small) repeat ranges.
public struct CameraVariation: Codable, Sendable, Equatable {
    /// Largest rotation between a session and the baseline, in degrees (uniform in ±).
    public var sessionRotationDegrees: Double
    /// Largest relative scale change between a session and the baseline (uniform in ±).
    public var sessionScale: Double
    /// Largest shift between a session and the baseline, as a fraction of the image width/height.
    public var sessionShift: Double
    /// Largest perspective coefficient: the projective row is (p, q, 1) with |p|·width, |q|·height
    /// at most this (0.01 is a 1 % keystone across the frame).
    public var sessionPerspective: Double
    /// Largest rotation of a repeated capture relative to its session's first photo, in degrees.
    public var repeatRotationDegrees: Double
    /// Largest relative scale change of a repeated capture.
    public var repeatScale: Double
    /// Largest shift of a repeated capture, as a fraction of the image size.
    public var repeatShift: Double
    /// Largest relative change of overall exposure between sessions (uniform in ±).
    public var gain: Double
    /// Largest relative change of each colour channel (a colour cast) between sessions.
    public var colourCast: Double
    /// Largest illumination gradient across the frame (relative brightness difference edge to edge).
    public var gradient: Double
    /// Standard deviation of the change of the main light's direction between sessions, degrees
    /// (azimuth; a third of it in elevation). It changes how scars, pores and lines are shaded.
    public var lightDirectionDegrees: Double
    /// Largest number of specular glare spots on a photo.
    public var maximumGlareSpots: Int
    /// Standard deviation of read noise in linear units (0...1).
    public var readNoise: Double
    /// Shot-noise factor: the noise variance grows by this times the linear signal.
    public var shotNoise: Double

    /// Clinic-like defaults: ±5°, ±8 % scale, ±4 % shift, 1 % keystone between sessions;
    /// ±0.4°, ±0.5 %, ±0.5 % for repeats; ±15 % exposure, ±6 % colour cast, 25 % gradient, light direction σ 8°;
    /// up to 3 glare spots; noise of a phone camera at base ISO.
    public init(sessionRotationDegrees: Double = 5, sessionScale: Double = 0.08, sessionShift: Double = 0.04,
                sessionPerspective: Double = 0.01, repeatRotationDegrees: Double = 0.4, repeatScale: Double = 0.005,
                repeatShift: Double = 0.005, gain: Double = 0.15, colourCast: Double = 0.06, gradient: Double = 0.25,
                lightDirectionDegrees: Double = 8, maximumGlareSpots: Int = 3, readNoise: Double = 0.003, shotNoise: Double = 0.0003) {
        self.sessionRotationDegrees = sessionRotationDegrees
        self.sessionScale = sessionScale
        self.sessionShift = sessionShift
        self.sessionPerspective = sessionPerspective
        self.repeatRotationDegrees = repeatRotationDegrees
        self.repeatScale = repeatScale
        self.repeatShift = repeatShift
        self.gain = gain
        self.colourCast = colourCast
        self.gradient = gradient
        self.lightDirectionDegrees = lightDirectionDegrees
        self.maximumGlareSpots = maximumGlareSpots
        self.readNoise = readNoise
        self.shotNoise = shotNoise
    }

    /// No camera motion, no lighting change, no glare and no noise: every photo of a session is the
    /// same picture. For tests that isolate one effect.
    public static let fixed = CameraVariation(
        sessionRotationDegrees: 0, sessionScale: 0, sessionShift: 0, sessionPerspective: 0, repeatRotationDegrees: 0,
        repeatScale: 0, repeatShift: 0, gain: 0, colourCast: 0, gradient: 0, lightDirectionDegrees: 0, maximumGlareSpots: 0, readNoise: 0,
        shotNoise: 0)
}
