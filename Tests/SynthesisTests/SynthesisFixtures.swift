import Foundation
import ImageCore
@testable import Synthesis

/// Small data sets and pixel helpers for the generator tests.
enum SynthesisFixtures {
    /// A small set at the default scale (20 px/mm): 240×180 pixels over a 12 mm field.
    static func options(seed: UInt64 = 11, sessions: Int = 2, repeats: Int = 1, size: Size = Size(width: 240, height: 180),
                        course: TreatmentCourse = TreatmentCourse(), camera: CameraVariation = CameraVariation()) -> SynthesisOptions {
        SynthesisOptions(seed: seed, patients: 1, sessions: sessions, repeats: repeats, size: size,
                         fieldWidthMillimetres: Double(size.width) / 20, course: course, camera: camera)
    }

    /// Session motion as by default, but no change of light, no glare and (optionally) no noise.
    static func movingCameraSteadyLight(noise: Bool) -> CameraVariation {
        CameraVariation(gain: 0, colourCast: 0, gradient: 0, lightDirectionDegrees: 0, maximumGlareSpots: 0,
                        readNoise: noise ? 0.003 : 0, shotNoise: noise ? 0.0003 : 0)
    }

    /// Linear-light planes (red, green, blue) of an 8-bit sRGB image.
    static func linearPlanes(_ image: Image<RGB8>) -> [Image<Gray32>] {
        let table = ColorSpace.linearFromSRGB8
        let pixels = image.pixels
        return [
            Image(size: image.size, pixels: pixels.map { Gray32(value: table[Int($0.red)]) }),
            Image(size: image.size, pixels: pixels.map { Gray32(value: table[Int($0.green)]) }),
            Image(size: image.size, pixels: pixels.map { Gray32(value: table[Int($0.blue)]) }),
        ]
    }

    /// L* of every pixel of an 8-bit sRGB image.
    static func lightness(_ image: Image<RGB8>) -> [Double] {
        let table = ColorSpace.linearFromSRGB8
        return image.pixels.map { p in
            ColorSpace.lab(fromLinearRed: Double(table[Int(p.red)]), green: Double(table[Int(p.green)]),
                           blue: Double(table[Int(p.blue)])).l
        }
    }
}
