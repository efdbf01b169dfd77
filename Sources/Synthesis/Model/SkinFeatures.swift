// The features of a synthetic patient's skin. Positions are in baseline-photo pixels (x right,
// y down, origin at the centre of the top-left pixel); sizes are physical (millimetres,
// micrometres) so they mean the same at any image size.

/// A pore: a small pit, dark from its own shadow.
public struct SyntheticPore: Codable, Sendable, Equatable {
    public var id: Int
    public var x: Double
    public var y: Double
    /// Radius of the opening along its major axis at the baseline, in millimetres.
    public var radiusMillimetres: Double
    /// Ratio of major to minor axis (≥ 1).
    public var elongation: Double
    /// Direction of the major axis, radians from +x towards +y.
    public var orientation: Double
    /// Depth of the pit, in micrometres.
    public var depthMicrometres: Double
    /// The pore is visible at session k while `closingRank < (1 + poreCountRate)^k`.
    public var closingRank: Double
}

/// One term of a shape's radius modulation r(θ) = R·(1 + Σ amplitude·cos(order·θ + phase)).
public struct ShapeHarmonic: Codable, Sendable, Equatable {
    public var order: Int
    public var amplitude: Double
    public var phase: Double
}

/// A pigmented (dark) spot: extra melanin, flat inside an irregular outline with a soft edge.
public struct SyntheticSpot: Codable, Sendable, Equatable {
    public var id: Int
    public var x: Double
    public var y: Double
    /// Mean radius of the outline, in millimetres (the outline is the half-contrast contour).
    public var radiusMillimetres: Double
    public var harmonics: [ShapeHarmonic]
    /// Extra melanin optical density at the baseline (natural-log units).
    public var melanin: Double

    /// Area inside the outline: π R² (1 + Σ aₖ²/2), in square millimetres.
    public var areaSquareMillimetres: Double {
        Double.pi * radiusMillimetres * radiusMillimetres * (1 + harmonics.reduce(0) { $0 + $1.amplitude * $1.amplitude / 2 })
    }
}

/// An atrophic scar: a depression (walls shaded by the light) with a rougher micro-texture.
public struct SyntheticScar: Codable, Sendable, Equatable {
    public var id: Int
    public var x: Double
    public var y: Double
    public var radiusMillimetres: Double
    /// Depth at the baseline, in micrometres.
    public var depthMicrometres: Double
    /// Fraction of the radius taken by the sloping wall (1: bowl-shaped, rolling; 0.3: steep, boxcar).
    public var wall: Double
    /// Amplitude of the extra micro-texture inside the scar at the baseline, in micrometres.
    public var roughnessMicrometres: Double

    /// The footprint (disc of `radiusMillimetres`) area in square millimetres.
    public var areaSquareMillimetres: Double { Double.pi * radiusMillimetres * radiusMillimetres }
}

/// A redness patch: extra haemoglobin with a Gaussian profile.
public struct RednessPatch: Codable, Sendable, Equatable {
    public var id: Int
    public var x: Double
    public var y: Double
    /// Gaussian standard deviation, in millimetres.
    public var sigmaMillimetres: Double
    /// Extra haemoglobin optical density at the centre, at the baseline.
    public var haemoglobin: Double
}

/// A fine line: a shallow groove along a circular arc.
public struct SyntheticLine: Codable, Sendable, Equatable {
    public var id: Int
    /// Start point, baseline pixels.
    public var x: Double
    public var y: Double
    /// Direction at the start, radians.
    public var angle: Double
    public var lengthMillimetres: Double
    /// Signed curvature, per millimetre.
    public var curvaturePerMillimetre: Double
    /// Gaussian half-width (σ) of the groove profile, in millimetres.
    public var widthMillimetres: Double
    /// Depth at the baseline, in micrometres.
    public var depthMicrometres: Double
}

/// A hair lying on the skin: a thin dark arc.
public struct SyntheticHair: Codable, Sendable, Equatable {
    public var id: Int
    public var x: Double
    public var y: Double
    public var angle: Double
    public var lengthMillimetres: Double
    public var curvaturePerMillimetre: Double
    /// Diameter in millimetres.
    public var widthMillimetres: Double
    /// Opacity at the centre line (0...1).
    public var opacity: Double
}

/// A point along an arc that starts at (x, y) heading `angle` with constant `curvature` (per
/// unit of `distance`).
@inline(__always)
func arcPoint(x: Double, y: Double, angle: Double, curvature: Double, distance s: Double) -> (x: Double, y: Double) {
    if abs(curvature * s) < 1e-9 {
        return (x + s * cosine(angle), y + s * sine(angle))
    }
    let r = 1 / curvature
    return (x + r * (sine(angle + curvature * s) - sine(angle)), y - r * (cosine(angle + curvature * s) - cosine(angle)))
}
