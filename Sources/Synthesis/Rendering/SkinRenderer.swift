public import ImageCore
import Foundation

/// Renders synthetic skin: first the session's skin in the baseline frame (``SkinCanvas``), then
/// each photo of it through its camera, light, glare, sensor noise and 8-bit sRGB encoding.
///
/// The skin is a height field (micro-relief furrows, pore pits, scar depressions with rough
/// floors, line grooves, in micrometres) lit by one directional light (Lambertian, plus ambient),
/// times chromophore absorption (``PigmentModel``: melanin mottling and spots, haemoglobin
/// mottling, diffuse redness and patches), times the self-shadowing of pits, with hairs on top and a
/// backdrop outside the skin outline. Every pixel is computed independently of the others and of
/// the thread that computes it, so output does not depend on the number of threads.
public enum SkinRenderer {
    /// Rendering constants.
    enum Constants {
        /// Fraction of light that is ambient (reaches every surface point whatever its slope).
        static let ambient: Float = 0.3
        /// Darkening of pits by self-shadowing, per micrometre of depth.
        static let cavityAbsorption: Float = 0.003
        /// Share of a line groove's depth that darkens by self-shadowing.
        static let lineCavityShare: Float = 0.5
        /// Width of the soft skin edge, in millimetres.
        static let skinEdgeMillimetres = 1.5
        /// Linear reflectance of a hair and of the backdrop.
        static let hair: (Float, Float, Float) = (0.018, 0.012, 0.009)
        static let backdrop: (Float, Float, Float) = (0.045, 0.055, 0.075)
    }

    /// The session's skin under the reference light, covering the baseline frame of `size` and the
    /// footprint of every photo in `photos`.
    public static func canvas(patient: SyntheticPatient, session: SessionState, photos: [PhotoCapture],
                              size: Size, parallel: Bool = true) -> SkinCanvas {
        let bounds = CanvasBounds(size: size, photos: photos)
        let layers = SkinLayers(patient: patient, session: session, bounds: bounds, parallel: parallel)
        return layers.shade(parallel: parallel)
    }

    /// Photo `capture` of the skin on `canvas`: warped through the camera (bicubic), lit with the
    /// photo's gain, colour cast, gradient and vignetting, glare added, sensor noise added, and
    /// encoded to 8-bit sRGB.
    public static func photo(_ capture: PhotoCapture, canvas: SkinCanvas, parallel: Bool = true) -> Image<RGB8> {
        let canvasFromBaseline = ProjectiveTransform.affine(a: 1, b: 0, c: Double(-canvas.originX), d: 0, e: 1,
                                                            f: Double(-canvas.originY))
        let warped = Kernels.Warp.fast([canvas.red, canvas.green, canvas.blue],
                                       sourceFromTarget: canvasFromBaseline.concatenating(capture.baselineFromPhoto),
                                       outputSize: capture.size, interpolation: .bicubic, parallel: parallel)
        let width = capture.size.width, height = capture.size.height
        let thresholds = ColorSpace.sRGB8Thresholds
        let cast = (Float(capture.gain * capture.colourCast[0]), Float(capture.gain * capture.colourCast[1]),
                    Float(capture.gain * capture.colourCast[2]))
        let cx = Double(width - 1) / 2, cy = Double(height - 1) / 2
        let glareSpots = capture.glare.map { ($0, cosine($0.angle), sine($0.angle)) }
        return Image<RGB8>(size: capture.size) { (output: UnsafeMutableBufferPointer<RGB8>) in
            let out = SendablePointer(UnsafeMutableRawPointer(output.baseAddress!).assumingMemoryBound(to: UInt8.self))
            warped.planes[0].withUnsafeBufferPointer { r in
                warped.planes[1].withUnsafeBufferPointer { g in
                    warped.planes[2].withUnsafeBufferPointer { b in
                        let planes = UncheckedSendable((r: r, g: g, b: b))
                        thresholds.withUnsafeBufferPointer { table in
                            let table = UncheckedSendable(table)
                            RowBands.forEach(rowCount: height, parallel: parallel) { rows in
                                for y in rows {
                                    let fy = Double(y) / Double(max(height - 1, 1)) - 0.5
                                    let vy = (Double(y) - cy) / max(cy, 1)
                                    for x in 0..<width {
                                        let i = y * width + x
                                        let fx = Double(x) / Double(max(width - 1, 1)) - 0.5
                                        let vx = (Double(x) - cx) / max(cx, 1)
                                        let light = Float((1 + capture.gradientX * fx + capture.gradientY * fy)
                                                          * (1 - capture.vignetting * (vx * vx + vy * vy) / 2))
                                        var glare: Float = 0
                                        for (spot, co, si) in glareSpots {
                                            let dx = Double(x) - spot.x, dy = Double(y) - spot.y
                                            guard abs(dx) < 4 * spot.sigmaMajor, abs(dy) < 4 * spot.sigmaMajor else { continue }
                                            let u = (dx * co + dy * si) / spot.sigmaMajor
                                            let v = (-dx * si + dy * co) / spot.sigmaMinor
                                            glare += Float(spot.intensity * naturalExp(-(u * u + v * v) / 2))
                                        }
                                        let bits = PixelHash.bits(x: x, y: y, key: capture.noiseKey)
                                        let values = (planes.value.r[i].value * cast.0 * light + glare,
                                                      planes.value.g[i].value * cast.1 * light + glare,
                                                      planes.value.b[i].value * cast.2 * light + glare)
                                        out.pointer[3 * i] = encode(values.0, bits: bits, salt: 0, capture, table.value)
                                        out.pointer[3 * i + 1] = encode(values.1, bits: bits, salt: 1, capture, table.value)
                                        out.pointer[3 * i + 2] = encode(values.2, bits: bits, salt: 2, capture, table.value)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Adds sensor noise to linear `value` and encodes it to 8-bit sRGB.
    @inline(__always)
    private static func encode(_ value: Float, bits: UInt64, salt: UInt64, _ capture: PhotoCapture,
                               _ thresholds: UnsafeBufferPointer<Float>) -> UInt8 {
        var v = max(value, 0)
        if capture.readNoise > 0 || capture.shotNoise > 0 {
            let sigma = (Float(capture.readNoise * capture.readNoise) + Float(capture.shotNoise) * v).squareRoot()
            v += sigma * PixelHash.normal(PixelHash.mix(bits &+ salt &* 0x9E37_79B9_7F4A_7C15))
        }
        // The number of thresholds at or below v is the rounded 8-bit code.
        var low = 0, high = thresholds.count
        while low < high {
            let mid = (low + high) / 2
            if thresholds[mid] <= v { low = mid + 1 } else { high = mid }
        }
        return UInt8(low)
    }
}

/// A pointer shared by row bands that write disjoint rows.
struct SendablePointer<T>: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<T>
    init(_ pointer: UnsafeMutablePointer<T>) { self.pointer = pointer }
}

