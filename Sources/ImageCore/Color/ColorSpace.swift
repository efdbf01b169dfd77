/// Constants and exact (scalar, double-precision) definitions of the colour transforms.
///
/// sRGB per IEC 61966-2-1; linear sRGB to CIE XYZ with the D65 matrix; CIELAB per CIE 15 with the
/// D65 reference white (Xn, Yn, Zn) = (0.95047, 1, 1.08883). These functions are the references
/// the fast kernels are tested against.
public enum ColorSpace {
    /// Linear sRGB (0...1) to XYZ (Y of white = 1), rows X, Y, Z.
    public static let linearSRGBToXYZ: [[Double]] = [
        [0.412_456_4, 0.357_576_1, 0.180_437_5],
        [0.212_672_9, 0.715_152_2, 0.072_175_0],
        [0.019_333_9, 0.119_192_0, 0.950_304_1],
    ]
    /// D65 reference white.
    public static let whiteD65: (x: Double, y: Double, z: Double) = (0.950_47, 1.0, 1.088_83)

    /// Decodes an sRGB-encoded value in 0...1 to linear light in 0...1.
    @inlinable
    public static func linear(fromSRGB value: Double) -> Double {
        value <= 0.040_45 ? value / 12.92 : pow((value + 0.055) / 1.055, 2.4)
    }

    /// Encodes linear light in 0...1 as sRGB in 0...1.
    @inlinable
    public static func sRGB(fromLinear value: Double) -> Double {
        value <= 0.003_130_8 ? value * 12.92 : 1.055 * pow(value, 1 / 2.4) - 0.055
    }

    /// CIELAB's f(t): the cube root above (6/29)³, a line below it.
    @inlinable
    public static func labF(_ t: Double) -> Double {
        let delta = 6.0 / 29.0
        return t > delta * delta * delta ? cbrt(t) : t / (3 * delta * delta) + 4.0 / 29.0
    }

    /// Linear sRGB (0...1 each) to CIELAB (L*, a*, b*), D65.
    public static func lab(fromLinearRed r: Double, green g: Double, blue b: Double) -> (l: Double, a: Double, b: Double) {
        let m = linearSRGBToXYZ
        let x = (m[0][0] * r + m[0][1] * g + m[0][2] * b) / whiteD65.x
        let y = (m[1][0] * r + m[1][1] * g + m[1][2] * b) / whiteD65.y
        let z = (m[2][0] * r + m[2][1] * g + m[2][2] * b) / whiteD65.z
        let fx = labF(x), fy = labF(y), fz = labF(z)
        return (116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz))
    }

    /// CIELAB (D65) to linear sRGB; values outside 0...1 are out of the sRGB gamut.
    public static func linear(fromL l: Double, a: Double, b: Double) -> (red: Double, green: Double, blue: Double) {
        let fy = (l + 16) / 116, fx = fy + a / 500, fz = fy - b / 200
        func inverseF(_ f: Double) -> Double {
            let delta = 6.0 / 29.0
            return f > delta ? f * f * f : 3 * delta * delta * (f - 4.0 / 29.0)
        }
        let x = inverseF(fx) * whiteD65.x, y = inverseF(fy) * whiteD65.y, z = inverseF(fz) * whiteD65.z
        let m = xyzToLinearSRGB
        return (m[0][0] * x + m[0][1] * y + m[0][2] * z, m[1][0] * x + m[1][1] * y + m[1][2] * z,
                m[2][0] * x + m[2][1] * y + m[2][2] * z)
    }

    /// The inverse of ``linearSRGBToXYZ``.
    public static let xyzToLinearSRGB: [[Double]] = {
        let m = linearSRGBToXYZ
        let c = [
            [m[1][1] * m[2][2] - m[1][2] * m[2][1], m[0][2] * m[2][1] - m[0][1] * m[2][2], m[0][1] * m[1][2] - m[0][2] * m[1][1]],
            [m[1][2] * m[2][0] - m[1][0] * m[2][2], m[0][0] * m[2][2] - m[0][2] * m[2][0], m[0][2] * m[1][0] - m[0][0] * m[1][2]],
            [m[1][0] * m[2][1] - m[1][1] * m[2][0], m[0][1] * m[2][0] - m[0][0] * m[2][1], m[0][0] * m[1][1] - m[0][1] * m[1][0]],
        ]
        let det = m[0][0] * c[0][0] + m[0][1] * c[1][0] + m[0][2] * c[2][0]
        return c.map { $0.map { $0 / det } }
    }()

    /// Relative luminance Y (0...1) of linear sRGB: the middle row of ``linearSRGBToXYZ``.
    @inlinable
    public static func luminance(linearRed r: Double, green g: Double, blue b: Double) -> Double {
        0.212_672_9 * r + 0.715_152_2 * g + 0.072_175_0 * b
    }

    /// Individual typology angle in degrees, ITA° = atan((L* − 50)/b*) · 180/π, the standard
    /// skin-tone measure (Chardon et al., Int. J. Cosmet. Sci. 13 (1991) 191–208): above 55° very
    /// light, 41–55 light, 28–41 intermediate, 10–28 tan, −30–10 brown, below −30 dark.
    /// Computed as atan2(L* − 50, b*), which equals the definition for b* > 0 (all skin).
    @inlinable
    public static func ita(l: Double, b: Double) -> Double {
        atan2(l - 50, b) * 180 / Double.pi
    }

    /// sRGB 8-bit code of linear light (rounded to nearest, clamped to 0...255).
    @inlinable
    public static func sRGB8(fromLinear value: Double) -> UInt8 {
        UInt8((Swift.min(Swift.max(sRGB(fromLinear: Swift.min(Swift.max(value, 0), 1)), 0), 1) * 255).rounded())
    }

    /// 255 thresholds: linear light at which the rounded 8-bit sRGB code steps from k to k + 1
    /// (for exact table-based encoding).
    public static let sRGB8Thresholds: [Float] = (0..<255).map { k in
        // The linear value whose encoding is exactly (k + 0.5)/255, nudged to match rounding.
        var t = Float(linear(fromSRGB: (Double(k) + 0.5) / 255))
        while sRGB8(fromLinear: Double(t)) > UInt8(k) { t = t.nextDown }
        while sRGB8(fromLinear: Double(t)) <= UInt8(k) { t = t.nextUp }
        return t
    }

    /// 256 entries: sRGB code value → linear light, in single precision.
    public static let linearFromSRGB8: [Float] = (0..<256).map { Float(linear(fromSRGB: Double($0) / 255)) }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
