public import ImageCore
import Foundation

/// A before/after pair of one synthetic patient with a camera motion and a change of light chosen
/// by the caller, for testing registration and analyzers against a known truth.
public struct SyntheticPair: Sendable {
    /// A change of light between the photos: exposure gain, colour cast (red, green, blue
    /// multipliers, mean 1) and the relative illumination change across the frame in x and y.
    public struct Lighting: Sendable, Equatable, CustomStringConvertible {
        public var gain: Double
        public var colourCast: [Double]
        public var gradientX: Double
        public var gradientY: Double

        public init(gain: Double = 1, colourCast: [Double] = [1, 1, 1], gradientX: Double = 0, gradientY: Double = 0) {
            self.gain = gain
            self.colourCast = colourCast
            self.gradientX = gradientX
            self.gradientY = gradientY
        }

        /// The same light as the baseline.
        public static let same = Lighting()
        /// 20 % darker, warmer, with gradients of 20 % and −12 % across the frame.
        public static let changed = Lighting(gain: 0.8, colourCast: [1.06, 0.98, 0.96], gradientX: 0.2, gradientY: -0.12)

        public var description: String {
            self == .same ? "same light" : String(format: "gain %.2f, gradient %.2f/%.2f", gain, gradientX, gradientY)
        }
    }

    public var before: Image<RGB8>
    public var after: Image<RGB8>
    /// After-photo pixels → before-photo pixels.
    public var afterToBefore: ProjectiveTransform

    /// The camera motion of the after photo about the frame centre: rotation in degrees, scale
    /// in before pixels per after pixel, and the shift of the after photo's centre in fractions of
    /// the frame.
    public static func motion(degrees: Double, scale: Double, shiftX: Double, shiftY: Double, size: Size) -> ProjectiveTransform {
        let cx = Double(size.width - 1) / 2, cy = Double(size.height - 1) / 2
        return ProjectiveTransform.affine(a: 1, b: 0, c: cx + shiftX * Double(size.width), d: 0, e: 1,
                                          f: cy + shiftY * Double(size.height))
            .concatenating(.similarity(scale: scale, angle: degrees * Double.pi / 180, tx: 0, ty: 0))
            .concatenating(.affine(a: 1, b: 0, c: -cx, d: 0, e: 1, f: -cy))
    }

    /// Renders the baseline photo of patient `patient` (0-based) of the data set `seed` at `size`
    /// (20 px/mm unless `pixelsPerMillimetre` says otherwise) and an after photo through
    /// `afterToBefore` under `lighting`, showing the skin of session `afterSession` of the default
    /// course (0 = unchanged skin). Both photos have sensor noise unless `noise` is false; there is
    /// no glare and the light's direction does not change.
    public init(seed: UInt64 = 7, patient: Int = 0, size: Size, pixelsPerMillimetre: Double = 20,
                afterToBefore: ProjectiveTransform, lighting: Lighting = .same, afterSession: Int = 0,
                noise: Bool = true, parallel: Bool = true) throws(SynthesisError) {
        let camera = CameraVariation(gain: 0, colourCast: 0, gradient: 0, lightDirectionDegrees: 0, maximumGlareSpots: 0,
                                     readNoise: noise ? 0.003 : 0, shotNoise: noise ? 0.0003 : 0)
        let options = SynthesisOptions(seed: seed, patients: patient + 1, sessions: max(2, afterSession + 1), repeats: 1,
                                       size: size, fieldWidthMillimetres: Double(size.width) / pixelsPerMillimetre,
                                       camera: camera)
        let plan = try SynthesisPlan(options: options)
        let course = plan.patients[patient]
        let beforeCapture = course.photos[0][0]
        var afterCapture = course.photos[afterSession][0]
        afterCapture.baselineFromPhoto = afterToBefore
        afterCapture.gain = lighting.gain
        afterCapture.colourCast = lighting.colourCast
        afterCapture.gradientX = lighting.gradientX
        afterCapture.gradientY = lighting.gradientY
        afterCapture.noiseKey ^= 0x5A5A_5A5A
        let beforeCanvas = SkinRenderer.canvas(patient: course.patient, session: course.sessions[0], photos: [beforeCapture],
                                               size: size, parallel: parallel)
        before = SkinRenderer.photo(beforeCapture, canvas: beforeCanvas, parallel: parallel)
        let afterCanvas = SkinRenderer.canvas(patient: course.patient, session: course.sessions[afterSession],
                                              photos: [afterCapture], size: size, parallel: parallel)
        after = SkinRenderer.photo(afterCapture, canvas: afterCanvas, parallel: parallel)
        self.afterToBefore = afterToBefore
    }

    /// RMS over the after photo's four corners of the distance between where `found` and `truth`
    /// map them, in before-photo pixels (infinite when either maps a corner past the horizon).
    public static func cornerError(_ found: ProjectiveTransform, _ truth: ProjectiveTransform, afterSize: Size) -> Double {
        let w = Double(afterSize.width - 1), h = Double(afterSize.height - 1)
        var sum = 0.0
        for (x, y) in [(0.0, 0.0), (w, 0), (0, h), (w, h)] {
            guard let a = found.apply(x: x, y: y), let b = truth.apply(x: x, y: y) else { return .infinity }
            sum += (a.x - b.x) * (a.x - b.x) + (a.y - b.y) * (a.y - b.y)
        }
        return (sum / 4).squareRoot()
    }
}
