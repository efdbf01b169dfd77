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

    /// 256 entries: sRGB code value → linear light, in single precision.
    public static let linearFromSRGB8: [Float] = (0..<256).map { Float(linear(fromSRGB: Double($0) / 255)) }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
