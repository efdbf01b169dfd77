/// What was rendered, photo by photo: written as `ground_truth.json` beside the photos.
///
/// Coordinates in a photo's entry are that photo's pixels (x right, y down, origin at the centre
/// of the top-left pixel). Transforms are 3×3 row-major matrices; `baselineFromPhoto` maps this
/// photo's pixel coordinates to the baseline photo's (the convention of the alignment stage).
/// Summary numbers are per session, measured on the skin inside the measurement region (the
/// central 70 % × 70 % of the baseline frame, which every photo of the default camera range sees),
/// under the reference light (the baseline's, without gradient, glare or noise).
public struct GroundTruth: Codable, Sendable, Equatable {
    public var schemaVersion: Int
    public var generator: String
    public var options: SynthesisOptions
    public var patients: [PatientTruth]
}

public struct PatientTruth: Codable, Sendable, Equatable {
    public var id: String
    public var itaDegrees: Double
    /// L*, a*, b* of the bare skin.
    public var baseLab: [Double]
    /// Scale of the baseline photo.
    public var pixelsPerMillimetre: Double
    /// The skin outline in baseline pixels: centre x, centre y, semi-axis x, semi-axis y.
    public var skinEllipse: [Double]
    public var sessions: [SessionTruth]
}

public struct SessionTruth: Codable, Sendable, Equatable {
    public var state: SessionState
    public var summary: TruthSummary
    public var photos: [PhotoTruth]
}

/// One photo's camera, light and visible features.
public struct PhotoTruth: Codable, Sendable, Equatable {
    /// JPEG path relative to the data set folder.
    public var file: String
    /// PNG path, when PNGs were written.
    public var pngFile: String?
    public var repeatIndex: Int
    public var width: Int
    public var height: Int
    public var pixelsPerMillimetre: Double
    public var baselineFromPhoto: [Double]
    public var photoFromBaseline: [Double]
    public var gain: Double
    public var colourCast: [Double]
    public var gradientX: Double
    public var gradientY: Double
    public var vignetting: Double
    public var readNoise: Double
    public var shotNoise: Double
    public var glare: [GlareSpot]
    /// Corners of the measurement region in this photo (clockwise from top-left).
    public var measurementRegion: [[Double]]
    public var pores: [PoreTruth]
    public var spots: [SpotTruth]
    public var scars: [ScarTruth]
    public var rednessPatches: [PatchTruth]
    public var lines: [LineTruth]
    public var hairs: [HairTruth]
}

/// An open pore; `radiusPixels` is the major semi-axis of its half-depth outline.
public struct PoreTruth: Codable, Sendable, Equatable {
    public var id: Int
    public var x: Double
    public var y: Double
    public var radiusPixels: Double
    public var radiusMillimetres: Double
    public var elongation: Double
    public var areaSquareMillimetres: Double
    public var depthMicrometres: Double
}

/// A dark spot; contrast is against the surrounding bare skin of the session, reference light.
public struct SpotTruth: Codable, Sendable, Equatable {
    public var id: Int
    public var x: Double
    public var y: Double
    public var radiusPixels: Double
    public var radiusMillimetres: Double
    public var areaSquareMillimetres: Double
    public var melanin: Double
    /// CIE 1976 colour difference and lightness difference (negative: darker) at the spot's centre.
    public var deltaE: Double
    public var deltaLStar: Double
}

public struct ScarTruth: Codable, Sendable, Equatable {
    public var id: Int
    public var x: Double
    public var y: Double
    public var radiusPixels: Double
    public var radiusMillimetres: Double
    public var areaSquareMillimetres: Double
    public var depthMicrometres: Double
    public var roughnessMicrometres: Double
}

public struct PatchTruth: Codable, Sendable, Equatable {
    public var id: Int
    public var x: Double
    public var y: Double
    public var sigmaPixels: Double
    public var haemoglobin: Double
    /// a* increase at the centre over the surrounding bare skin.
    public var deltaAStar: Double
}

/// A fine line; `points` every millimetre along it, in photo pixels.
public struct LineTruth: Codable, Sendable, Equatable {
    public var id: Int
    public var points: [[Double]]
    public var lengthMillimetres: Double
    public var widthMillimetres: Double
    public var depthMicrometres: Double
}

public struct HairTruth: Codable, Sendable, Equatable {
    public var id: Int
    public var points: [[Double]]
    public var widthMillimetres: Double
}
