/// A plane projective transform (homography) in pixel coordinates: a 3×3 matrix `m` in row-major
/// order mapping (x, y) to ((m₀x + m₁y + m₂)/w, (m₃x + m₄y + m₅)/w) with w = m₆x + m₇y + m₈.
///
/// Coordinates follow ``Image``: x right, y down, origin at the centre of the top-left pixel, in
/// pixels. Similarity and affine transforms are the special cases with m₆ = m₇ = 0, m₈ = 1.
public struct ProjectiveTransform: Sendable, Hashable, Codable {
    /// The nine entries, row-major.
    public var matrix: [Double]

    /// Creates a transform from nine row-major entries.
    public init(matrix: [Double]) {
        precondition(matrix.count == 9, "a projective transform has nine entries")
        self.matrix = matrix
    }

    /// The identity.
    public static let identity = ProjectiveTransform(matrix: [1, 0, 0, 0, 1, 0, 0, 0, 1])

    /// x' = a·x + b·y + c, y' = d·x + e·y + f.
    public static func affine(a: Double, b: Double, c: Double, d: Double, e: Double, f: Double) -> ProjectiveTransform {
        ProjectiveTransform(matrix: [a, b, c, d, e, f, 0, 0, 1])
    }

    /// Rotation by `angle` radians (positive turns +x towards +y, which is clockwise on screen),
    /// uniform `scale`, then translation by (tx, ty) pixels.
    public static func similarity(scale: Double, angle: Double, tx: Double, ty: Double) -> ProjectiveTransform {
        let c = scale * _cos(angle), s = scale * _sin(angle)
        return affine(a: c, b: -s, c: tx, d: s, e: c, f: ty)
    }

    /// The map between pixel grids of `source` and `target` sizes that lines up the image edges
    /// (pixel centres at (i + ½)·ratio − ½), as used to resize a picture.
    public static func resize(from source: Size, to target: Size) -> ProjectiveTransform {
        let sx = Double(source.width) / Double(target.width), sy = Double(source.height) / Double(target.height)
        return affine(a: sx, b: 0, c: 0.5 * sx - 0.5, d: 0, e: sy, f: 0.5 * sy - 0.5)
    }

    /// Whether the last row is (0, 0, 1).
    public var isAffine: Bool { matrix[6] == 0 && matrix[7] == 0 && matrix[8] == 1 }

    /// The image of the point (x, y), or nil where w ≤ 0 (the point maps to or behind the horizon).
    public func apply(x: Double, y: Double) -> (x: Double, y: Double)? {
        let m = matrix
        let w = m[6] * x + m[7] * y + m[8]
        guard w > 0 else { return nil }
        return ((m[0] * x + m[1] * y + m[2]) / w, (m[3] * x + m[4] * y + m[5]) / w)
    }

    /// `self` after `other`: (self ∘ other)(p) = self(other(p)).
    public func concatenating(_ other: ProjectiveTransform) -> ProjectiveTransform {
        let a = matrix, b = other.matrix
        var c = [Double](repeating: 0, count: 9)
        for i in 0..<3 { for j in 0..<3 { for k in 0..<3 { c[i * 3 + j] += a[i * 3 + k] * b[k * 3 + j] } } }
        return ProjectiveTransform(matrix: c)
    }

    /// The inverse, scaled so that the last entry is 1 when it is non-zero; nil when singular.
    public var inverse: ProjectiveTransform? {
        let m = matrix
        let c00 = m[4] * m[8] - m[5] * m[7], c01 = m[5] * m[6] - m[3] * m[8], c02 = m[3] * m[7] - m[4] * m[6]
        let det = m[0] * c00 + m[1] * c01 + m[2] * c02
        let scale = Swift.max(abs(m[0]), abs(m[1]), abs(m[3]), abs(m[4]), 1e-300)
        guard det.isFinite, abs(det) > 1e-12 * scale * scale * Swift.max(abs(m[8]), 1e-300) else { return nil }
        var r = [
            c00, m[2] * m[7] - m[1] * m[8], m[1] * m[5] - m[2] * m[4],
            c01, m[0] * m[8] - m[2] * m[6], m[2] * m[3] - m[0] * m[5],
            c02, m[1] * m[6] - m[0] * m[7], m[0] * m[4] - m[1] * m[3],
        ].map { $0 / det }
        if r[8] != 0 { let last = r[8]; r = r.map { $0 / last } }
        return ProjectiveTransform(matrix: r)
    }
}

#if canImport(Glibc)
import Glibc
private func _cos(_ x: Double) -> Double { Glibc.cos(x) }
private func _sin(_ x: Double) -> Double { Glibc.sin(x) }
#elseif canImport(Darwin)
import Darwin
private func _cos(_ x: Double) -> Double { Darwin.cos(x) }
private func _sin(_ x: Double) -> Double { Darwin.sin(x) }
#endif
