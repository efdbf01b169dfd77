import Foundation
import ImageCore
import Synthesis

/// Synthetic before/after pairs with a known transform, rendered by the Synthesis module.
enum AlignmentFixtures {
    /// A change of light between the photos: exposure gain, colour cast (red, green, blue
    /// multipliers) and a linear gradient across the frame.
    struct Lighting: Sendable, CustomStringConvertible {
        var gain = 1.0
        var cast = [1.0, 1.0, 1.0]
        var gradientX = 0.0
        var gradientY = 0.0

        static let same = Lighting()
        static let changed = Lighting(gain: 0.8, cast: [1.06, 0.98, 0.96], gradientX: 0.2, gradientY: -0.12)

        var description: String { gain == 1 && gradientX == 0 ? "same light" : "changed light" }
    }

    struct Pair: Sendable {
        var before: Image<RGB8>
        var after: Image<RGB8>
        /// After-photo pixels → before-photo pixels.
        var truth: ProjectiveTransform
    }

    /// The camera motion of the after photo about the frame centre: rotation in degrees, scale
    /// (before pixels per after pixel), shift as fractions of the frame.
    static func motion(degrees: Double, scale: Double, shiftX: Double, shiftY: Double, size: Size) -> ProjectiveTransform {
        let cx = Double(size.width - 1) / 2, cy = Double(size.height - 1) / 2
        return ProjectiveTransform.affine(a: 1, b: 0, c: cx + shiftX * Double(size.width), d: 0, e: 1, f: cy + shiftY * Double(size.height))
            .concatenating(.similarity(scale: scale, angle: degrees * Double.pi / 180, tx: 0, ty: 0))
            .concatenating(.affine(a: 1, b: 0, c: -cx, d: 0, e: 1, f: -cy))
    }

    /// Renders the baseline photo of patient `patient` of seed `seed` and an after photo through
    /// `truth` under `lighting`, of the skin at session `afterSession` (0 = unchanged skin).
    static func pair(seed: UInt64 = 7, patient: Int = 0, size: Size, truth: ProjectiveTransform,
                     lighting: Lighting = .same, afterSession: Int = 0, noise: Bool = true) throws -> Pair {
        let plan = try SynthesisPlan(options: options(seed: seed, size: size, noise: noise))
        let course = plan.patients[patient]
        let beforeCapture = course.photos[0][0]
        var afterCapture = course.photos[afterSession][0]
        afterCapture.baselineFromPhoto = truth
        afterCapture.gain = lighting.gain
        afterCapture.colourCast = lighting.cast
        afterCapture.gradientX = lighting.gradientX
        afterCapture.gradientY = lighting.gradientY
        afterCapture.noiseKey ^= 0x5A5A
        let beforeCanvas = SkinRenderer.canvas(patient: course.patient, session: course.sessions[0], photos: [beforeCapture], size: size)
        let afterCanvas = SkinRenderer.canvas(patient: course.patient, session: course.sessions[afterSession],
                                              photos: [afterCapture], size: size)
        return Pair(before: SkinRenderer.photo(beforeCapture, canvas: beforeCanvas),
                    after: SkinRenderer.photo(afterCapture, canvas: afterCanvas), truth: truth)
    }

    /// Two patients and two sessions at 20 px/mm, steady light (the pair sets it) and no glare.
    static func options(seed: UInt64, size: Size, noise: Bool) -> SynthesisOptions {
        let camera = CameraVariation(gain: 0, colourCast: 0, gradient: 0, lightDirectionDegrees: 0, maximumGlareSpots: 0,
                                     readNoise: noise ? 0.003 : 0, shotNoise: noise ? 0.0003 : 0)
        return SynthesisOptions(seed: seed, patients: 2, sessions: 2, repeats: 1, size: size,
                                fieldWidthMillimetres: Double(size.width) / 20, camera: camera)
    }

    /// RMS over the after photo's four corners of the distance between where `found` and `truth`
    /// map them, in before-photo pixels.
    static func cornerError(_ found: ProjectiveTransform, _ truth: ProjectiveTransform, afterSize: Size) -> Double {
        let w = Double(afterSize.width - 1), h = Double(afterSize.height - 1)
        var sum = 0.0
        for (x, y) in [(0.0, 0.0), (w, 0), (0, h), (w, h)] {
            guard let a = found.apply(x: x, y: y), let b = truth.apply(x: x, y: y) else { return .infinity }
            sum += (a.x - b.x) * (a.x - b.x) + (a.y - b.y) * (a.y - b.y)
        }
        return (sum / 4).squareRoot()
    }
}
