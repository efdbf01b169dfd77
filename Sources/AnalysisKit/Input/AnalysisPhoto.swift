public import ImageCore
import Foundation

/// One photo as analyzers see it: linear-light RGB and CIELAB planes, computed once and shared by
/// every analyzer, and where the photo has pixels.
///
/// Coordinates are the baseline photo's pixels (x right, y down, origin at the top-left pixel's
/// centre): an after photo has already been warped onto the baseline. Linear planes hold relative
/// reflectance 0...1 (sRGB primaries, D65); CIELAB is D65 with L* 0...100.
public struct AnalysisPhoto: Sendable {
    public let red: Image<Gray32>
    public let green: Image<Gray32>
    public let blue: Image<Gray32>
    public let lab: LabPlanes
    /// Optical density of the linear luminance, D = −ln(max(Y, 10⁻⁴)) with
    /// Y = 0.2126 R + 0.7152 G + 0.0722 B: absorbers (melanin, the shadow of a pit) add to it
    /// linearly (Beer–Lambert), whatever the skin tone.
    public let density: Image<Gray32>
    /// 255 where the photo has pixels, 0 where the warp left the frame.
    public let valid: Image<Gray8>

    public var size: Size { red.size }

    /// Decodes 8-bit sRGB to linear light and CIELAB; `valid` defaults to every pixel.
    public init(rgb: Image<RGB8>, valid: Image<Gray8>? = nil, parallel: Bool = true) {
        let planes = Kernels.SRGBToLinear.fast(rgb, parallel: parallel)
        self.init(red: planes.red, green: planes.green, blue: planes.blue,
                  lab: Kernels.RGBToLab.fast(rgb, parallel: parallel), valid: valid)
    }

    /// A photo from linear-light planes (CIELAB is computed from them).
    public init(linearRed red: Image<Gray32>, green: Image<Gray32>, blue: Image<Gray32>, valid: Image<Gray8>? = nil,
                parallel: Bool = true) {
        self.init(red: red, green: green, blue: blue,
                  lab: Kernels.LinearToLab.fast(red: red, green: green, blue: blue, parallel: parallel), valid: valid)
    }

    init(red: Image<Gray32>, green: Image<Gray32>, blue: Image<Gray32>, lab: LabPlanes, valid: Image<Gray8>?) {
        precondition(red.size == green.size && red.size == blue.size && red.size == lab.size, "planes differ in size")
        self.red = red
        self.green = green
        self.blue = blue
        self.lab = lab
        density = Self.density(red: red, green: green, blue: blue)
        self.valid = valid ?? Image(size: red.size, repeating: Gray8(value: 255))
    }

    /// D = −ln(max(Y, 10⁻⁴)) per pixel, Y = (0.2126 R + 0.7152 G) + 0.0722 B summed in that order
    /// in single precision, in one pass over the three planes.
    static func density(red: Image<Gray32>, green: Image<Gray32>, blue: Image<Gray32>) -> Image<Gray32> {
        red.withUnsafeBufferPointer { r in
            green.withUnsafeBufferPointer { g in
                blue.withUnsafeBufferPointer { b in
                    Image(size: red.size, unsafeUninitializedPixels: { (out: UnsafeMutableBufferPointer<Gray32>) in
                        for i in 0..<r.count {
                            let partial: Float = 0.2126 * r[i].value + 0.7152 * g[i].value
                            out[i] = Gray32(value: -log(max(partial + 0.0722 * b[i].value, 1e-4)))
                        }
                    })
                }
            }
        }
    }

    /// The photo with each linear channel multiplied by its gain (a von Kries-style correction);
    /// CIELAB is recomputed.
    public func scaled(red redGain: Float, green greenGain: Float, blue blueGain: Float, parallel: Bool = true) -> AnalysisPhoto {
        func scale(_ plane: Image<Gray32>, _ gain: Float) -> Image<Gray32> {
            plane.withUnsafeBufferPointer { source in
                Image<Gray32>(size: plane.size, unsafeUninitializedPixels: { (out: UnsafeMutableBufferPointer<Gray32>) -> Void in
                    for i in 0..<source.count { out[i] = Gray32(value: source[i].value * gain) }
                })
            }
        }
        return AnalysisPhoto(linearRed: scale(red, redGain), green: scale(green, greenGain), blue: scale(blue, blueGain),
                             valid: valid, parallel: parallel)
    }

    /// The photo with its invalid pixels (outside the warp) taken from `other`, so that filters
    /// near the edge of the overlap see skin rather than black. ``valid`` is unchanged.
    public func filled(from other: AnalysisPhoto) -> AnalysisPhoto {
        precondition(other.size == size, "photos differ in size")
        func fill(_ plane: Image<Gray32>, _ source: Image<Gray32>) -> Image<Gray32> {
            var out = plane
            out.withUnsafeMutableBufferPointer { o in
                source.withUnsafeBufferPointer { s in
                    valid.withUnsafeBufferPointer { v in
                        for i in 0..<o.count where v[i].value == 0 { o[i] = s[i] }
                    }
                }
            }
            return out
        }
        return AnalysisPhoto(red: fill(red, other.red), green: fill(green, other.green), blue: fill(blue, other.blue),
                             lab: LabPlanes(l: fill(lab.l, other.lab.l), a: fill(lab.a, other.lab.a), b: fill(lab.b, other.lab.b)),
                             valid: valid)
    }
}
