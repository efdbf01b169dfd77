public import ImageCore
import Foundation

/// The result of ``align(before:after:options:)``: the transform from after-photo pixels to
/// before-photo pixels and how far to trust it.
///
/// Coordinates are full-resolution pixels of the upright photos (after EXIF orientation), x to
/// the right, y down, origin at the centre of the top-left pixel.
public struct Registration: Sendable, Equatable {
    /// The model of ``transform``; when none was requested, the simplest whose fit stays within
    /// the general (homography) solution's uncertainty, at least 0.1 px, over the shared area.
    public var model: MotionModel
    /// Maps after-photo pixel coordinates to before-photo pixel coordinates.
    public var transform: ProjectiveTransform
    public var verdict: AlignmentVerdict
    /// Zero-mean normalised cross-correlation of the two band-passed log-luminance images over
    /// the overlap at the refinement level, after alignment: 1 = identical texture, ≈ 0 for
    /// unrelated skin. Changes of light direction and of the skin itself lower it.
    public var correlation: Double
    /// The area both photos show, as a fraction of the smaller photo's footprint (0...1): 1 when
    /// one photo lies wholly inside the other.
    public var overlap: Double
    /// Estimated standard uncertainty of the transform at the corners of the smaller footprint
    /// (the before photo, or the after photo mapped into it), in full-resolution before pixels (RMS
    /// over the four corners), from the Gauss–Newton covariance with the residuals' spatial
    /// correlation taken into account. Nil when no transform was found.
    public var residualPixels: Double?
    /// Gauss–Newton steps over all pyramid levels.
    public var iterations: Int
    /// Keypoints found in the before and after photo, matches, and matches consistent with the
    /// global transform.
    public var keypoints: (before: Int, after: Int)
    public var matches: Int
    public var inliers: Int

    public static func == (lhs: Registration, rhs: Registration) -> Bool {
        lhs.model == rhs.model && lhs.transform == rhs.transform && lhs.verdict == rhs.verdict
            && lhs.correlation == rhs.correlation && lhs.overlap == rhs.overlap
            && lhs.residualPixels == rhs.residualPixels && lhs.iterations == rhs.iterations
            && lhs.keypoints == rhs.keypoints && lhs.matches == rhs.matches && lhs.inliers == rhs.inliers
    }

    /// Rotation of the after photo relative to the before photo at its centre, in degrees
    /// (positive = clockwise on screen, since y points down).
    public func rotationDegrees(afterSize: Size) -> Double {
        let j = Self.jacobian(transform, at: Self.centre(afterSize))
        return atan2(j.c - j.b, j.a + j.d) * 180 / Double.pi
    }

    /// Magnification at the after photo's centre: before pixels per after pixel.
    public func scale(afterSize: Size) -> Double {
        let j = Self.jacobian(transform, at: Self.centre(afterSize))
        return abs(j.a * j.d - j.b * j.c).squareRoot()
    }

    /// Where the after photo's centre lands relative to the before photo's centre, as fractions
    /// of the before photo's width and height.
    public func shiftFraction(afterSize: Size, beforeSize: Size) -> (x: Double, y: Double) {
        let c = Self.centre(afterSize)
        guard let p = transform.apply(x: c.x, y: c.y) else { return (.infinity, .infinity) }
        let b = Self.centre(beforeSize)
        return ((p.x - b.x) / Double(beforeSize.width), (p.y - b.y) / Double(beforeSize.height))
    }

    static func centre(_ size: Size) -> (x: Double, y: Double) {
        (Double(size.width - 1) / 2, Double(size.height - 1) / 2)
    }

    /// The 2×2 derivative of `t` at `p`, by central differences of ±1 px.
    static func jacobian(_ t: ProjectiveTransform, at p: (x: Double, y: Double)) -> (a: Double, b: Double, c: Double, d: Double) {
        guard let xp = t.apply(x: p.x + 1, y: p.y), let xm = t.apply(x: p.x - 1, y: p.y),
              let yp = t.apply(x: p.x, y: p.y + 1), let ym = t.apply(x: p.x, y: p.y - 1) else { return (0, 0, 0, 0) }
        return ((xp.x - xm.x) / 2, (yp.x - ym.x) / 2, (xp.y - xm.y) / 2, (yp.y - ym.y) / 2)
    }
}
