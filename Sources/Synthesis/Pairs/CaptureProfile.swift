public import ImageCore
import Foundation

/// How one kind of device, held one way, photographs the same skin at different sessions: what
/// real session photos differ in besides the skin (framing, focus, light, white balance, hairs,
/// overlays, compression). Applied to any base picture of skin — one rendered by ``SkinRenderer``
/// or a real photo — it makes the photo of one session with its known geometry, so registration
/// and analyzers can be tested on what real sessions look like.
///
/// Geometry: a session's photo pixel p (x right, y down, origin at the centre of the top-left
/// pixel) shows base pixel G(p + d(p)), where G is the session's pose (rotation about the frame
/// centre, zoom, shift, and for a tilted camera a perspective) and d a smooth stretch of the skin
/// (a contact device pushing it; d = (ε·W/2π·sin(2πx/W + φ₁), ε·H/2π·sin(2πy/H + φ₂)), strain at most
/// ε). Session 0 is the nominal pose (centred, level, zoom 1, no stretch); later sessions draw their
/// pose from the profile's ranges, so a pair (0, k) moves within them. The truth a global
/// registration should find (``Capture/baseFromPhoto``) is G composed with the least-squares affine
/// fit of p + d(p) over the frame; what d adds beyond that fit is ``Capture/stretchPixels``.
///
/// Light, in linear RGB, after the geometry: defocus (Gaussian blur), exposure × per-channel
/// white-balance gains (red and blue relative to green), vignetting 1 − v·r² (r = 1 in the frame's
/// corners), a linear gradient of light across the frame and, for mixed light, a colour gradient;
/// then hairs (drawn on the base, each session with its own lie, length and shaving, see
/// ``SessionHairs``), sensor noise in 8-bit sRGB, and the device's burned-in digits in the
/// lower-right corner. JPEG compression at ``Capture/jpegQuality`` is the caller's to apply
/// (writing files is not this module's).
public struct CaptureProfile: Sendable, Equatable {
    /// A short name, e.g. "handheld close-up analyser".
    public var name: String
    /// The photo's size, pixels.
    public var frame: Size
    /// The base picture's shorter side that the frame's shorter side covers at zoom 1, as a
    /// fraction; less when the base is too small for later sessions' frames to stay on it (see
    /// ``nominalScale(base:)``).
    public var fieldFraction: Double
    /// Largest shift of a later session's frame centre, as a fraction of the frame (each axis).
    public var maximumShiftFraction: Double
    /// Largest turn of a later session, degrees.
    public var maximumRotationDegrees: Double
    /// Zoom of a later session relative to session 0 (the crop-size change).
    public var zoomRange: ClosedRange<Double>
    /// Largest strain ε of the smooth stretch (0.02: 2 % across the field).
    public var maximumStretch: Double
    /// Largest camera tilt, degrees (a perspective); 0 for a device pressed on the skin.
    public var maximumTiltDegrees: Double
    /// Defocus: the Gaussian σ in frame pixels, drawn per session (session 0 included).
    public var defocusRange: ClosedRange<Double>
    /// Exposure gain (green channel), per session.
    public var exposureRange: ClosedRange<Double>
    /// Red gain relative to green, per session (white balance).
    public var redGainRange: ClosedRange<Double>
    /// Blue gain relative to green, per session.
    public var blueGainRange: ClosedRange<Double>
    /// Vignetting v: the light falls to 1 − v in the corners.
    public var vignettingRange: ClosedRange<Double>
    /// Largest relative change of light across the frame (from the light's direction).
    public var maximumGradient: Double
    /// Largest relative change of the red/blue balance across the frame (mixed light sources).
    public var maximumMixedLight: Double
    /// Sensor noise σ in 8-bit units.
    public var noise: Double
    /// JPEG quality the device saves at, per session.
    public var jpegQualityRange: ClosedRange<Int>
    /// Whether the device burns its score (two digits) into the lower-right corner.
    public var burnedInDigits: Bool
    /// Hair follicles on the skin (0: none); re-drawn per session.
    public var hairCount: Int
    /// Hair width, frame pixels.
    public var hairWidthPixels: Double

    public init(name: String, frame: Size, fieldFraction: Double, maximumShiftFraction: Double, maximumRotationDegrees: Double,
                zoomRange: ClosedRange<Double>, maximumStretch: Double, maximumTiltDegrees: Double, defocusRange: ClosedRange<Double>,
                exposureRange: ClosedRange<Double>, redGainRange: ClosedRange<Double>, blueGainRange: ClosedRange<Double>,
                vignettingRange: ClosedRange<Double>, maximumGradient: Double, maximumMixedLight: Double, noise: Double,
                jpegQualityRange: ClosedRange<Int>, burnedInDigits: Bool, hairCount: Int, hairWidthPixels: Double) {
        self.name = name
        self.frame = frame
        self.fieldFraction = fieldFraction
        self.maximumShiftFraction = maximumShiftFraction
        self.maximumRotationDegrees = maximumRotationDegrees
        self.zoomRange = zoomRange
        self.maximumStretch = maximumStretch
        self.maximumTiltDegrees = maximumTiltDegrees
        self.defocusRange = defocusRange
        self.exposureRange = exposureRange
        self.redGainRange = redGainRange
        self.blueGainRange = blueGainRange
        self.vignettingRange = vignettingRange
        self.maximumGradient = maximumGradient
        self.maximumMixedLight = maximumMixedLight
        self.noise = noise
        self.jpegQualityRange = jpegQualityRange
        self.burnedInDigits = burnedInDigits
        self.hairCount = hairCount
        self.hairWidthPixels = hairWidthPixels
    }

    /// A consumer skin analyser held against the skin: 640×480, JPEG q70–85, soft and varying focus
    /// (σ 0.8–2.2 px), white balance swinging by −10…+8 % in red and −8…+5 % in blue against green,
    /// exposure ×0.85–1.12, vignetting 10–35 %, two burned-in digits, 14 hairs re-drawn per session,
    /// a stretch of up to 2 %, shifts up to 20 % of the frame, turns up to ±15°, crop size ±4 %.
    public static let handheldCloseUp = CaptureProfile(
        name: "handheld close-up analyser", frame: Size(width: 640, height: 480), fieldFraction: 0.55, maximumShiftFraction: 0.2,
        maximumRotationDegrees: 15, zoomRange: 0.96...1.04, maximumStretch: 0.02, maximumTiltDegrees: 0, defocusRange: 0.8...2.2,
        exposureRange: 0.85...1.12, redGainRange: 0.90...1.08, blueGainRange: 0.92...1.05, vignettingRange: 0.10...0.35,
        maximumGradient: 0.08, maximumMixedLight: 0, noise: 1.5, jpegQualityRange: 70...85, burnedInDigits: true, hairCount: 14,
        hairWidthPixels: 4)

    /// A phone held by hand with no rig, its photo reduced to 640×480: JPEG q80–92, mild defocus, a tilt of up to 4°
    /// (perspective), the light from another direction (a gradient of up to 30 %) and mixed light
    /// (a red/blue gradient of up to 8 %), turns up to ±10°, shifts up to 10 %, zoom 0.9–1.1; no
    /// hairs or overlay.
    public static let phoneWithoutRig = CaptureProfile(
        name: "phone without a rig", frame: Size(width: 640, height: 480), fieldFraction: 0.6, maximumShiftFraction: 0.1,
        maximumRotationDegrees: 10, zoomRange: 0.9...1.1, maximumStretch: 0, maximumTiltDegrees: 4, defocusRange: 0.5...1.2,
        exposureRange: 0.8...1.15, redGainRange: 0.94...1.08, blueGainRange: 0.92...1.06, vignettingRange: 0.05...0.2,
        maximumGradient: 0.3, maximumMixedLight: 0.08, noise: 2, jpegQualityRange: 80...92, burnedInDigits: false, hairCount: 0,
        hairWidthPixels: 0)

    /// The profiles, by a short id for command lines (`handheld-closeup`, `phone`).
    public static let all: [String: CaptureProfile] = ["handheld-closeup": .handheldCloseUp, "phone": .phoneWithoutRig]

    /// One session's photo and what is known about it.
    public struct Capture: Sendable {
        public var image: Image<RGB8>
        /// Photo pixels → base pixels: the global transform a registration should find (see the
        /// type's discussion).
        public var baseFromPhoto: ProjectiveTransform
        /// The largest distance, frame pixels, between where the stretched skin lies and where
        /// ``baseFromPhoto`` puts it.
        public var stretchPixels: Double
        /// The quality the device would save this photo at.
        public var jpegQuality: Int
        public var rotationDegrees: Double
        public var zoom: Double
        public var defocusSigma: Double
        /// Exposure and the red and blue gains relative to green.
        public var gains: (exposure: Double, red: Double, blue: Double)
        /// The digits burned in, when the profile has them.
        public var digits: Int?
        /// The full geometry, stretch included: photo pixels → base pixels.
        let pose: ProjectiveTransform
        let strain: (x: Double, y: Double), phases: (x: Double, y: Double)
        let frame: Size

        /// Where photo pixel (x, y) shows the base, stretch included (base pixels).
        public func basePosition(x: Double, y: Double) -> (x: Double, y: Double)? {
            let s = CaptureProfile.stretched(x, y, frame: frame, strain: strain, phases: phases)
            return pose.apply(x: s.x, y: s.y)
        }

        /// RMS over a 17×13 grid of this photo's frame of the distance between where `found`
        /// (this photo's pixels → `reference`'s) puts each point and where `reference` truly shows
        /// the same skin, in `reference` pixels; nil where a point leaves the plane. `reference`
        /// must have no stretch (session 0).
        public func frameError(_ found: ProjectiveTransform, reference: Capture) -> Double? {
            guard let back = reference.baseFromPhoto.inverse else { return nil }
            var sum = 0.0, n = 0
            for j in 0...12 {
                for i in 0...16 {
                    let x = Double(i) / 16 * Double(frame.width - 1), y = Double(j) / 12 * Double(frame.height - 1)
                    guard let b = basePosition(x: x, y: y), let t = back.apply(x: b.x, y: b.y), let f = found.apply(x: x, y: y) else { return nil }
                    sum += (f.x - t.x) * (f.x - t.x) + (f.y - t.y) * (f.y - t.y)
                    n += 1
                }
            }
            return (sum / Double(n)).squareRoot()
        }

        /// One line naming the session's conditions.
        public var conditions: String {
            String(format: "turn %.1f°, zoom %.3f, defocus σ %.2f px, exposure ×%.2f, R/G ×%.2f, B/G ×%.2f, stretch %.2f px, q%d",
                   rotationDegrees, zoom, defocusSigma, gains.exposure, gains.red, gains.blue, stretchPixels, jpegQuality)
        }
    }

    /// Base pixels per frame pixel at zoom 1: ``fieldFraction`` of the base's shorter side over the
    /// frame's, or less where the base is too small for every pose of the profile (the largest turn
    /// and shift at the smallest zoom, with a tenth more for a tilt) to keep the frame on it.
    public func nominalScale(base: Size) -> Double {
        let w = Double(frame.width), h = Double(frame.height)
        let angle = maximumRotationDegrees * Double.pi / 180
        let reachX = (w / 2 * cos(angle) + h / 2 * sin(angle) + maximumShiftFraction * w) * (maximumTiltDegrees > 0 ? 1.1 : 1)
        let reachY = (w / 2 * sin(angle) + h / 2 * cos(angle) + maximumShiftFraction * h) * (maximumTiltDegrees > 0 ? 1.1 : 1)
        let fits = zoomRange.lowerBound * min((Double(base.width) / 2 - 3) / reachX, (Double(base.height) / 2 - 3) / reachY)
        return max(0.05, min(fieldFraction * Double(min(base.width, base.height)) / min(w, h), fits))
    }

    /// The truth of a pair: after-photo pixels → before-photo pixels (nil if degenerate).
    public static func afterToBefore(before: Capture, after: Capture) -> ProjectiveTransform? {
        before.baseFromPhoto.inverse?.concatenating(after.baseFromPhoto)
    }

    /// Session `session` of skin `base`, drawn from `seed` (the same seed, session and base give the
    /// same photo; one seed across sessions keeps the hair follicles in place).
    public func capture(_ base: Image<RGB8>, session: Int, seed: UInt64, parallel: Bool = true) -> Capture {
        var random = SeededRandom(seed: seed, stream: 0x4341_5054, UInt64(max(0, session)))
        func draw(_ range: ClosedRange<Double>) -> Double { range.lowerBound == range.upperBound ? range.lowerBound : random.uniform(range) }
        let later = session > 0
        let rotation = later ? draw(-maximumRotationDegrees...maximumRotationDegrees) : 0
        let zoom = later ? draw(zoomRange) : 1
        let shift = later ? (draw(-maximumShiftFraction...maximumShiftFraction), draw(-maximumShiftFraction...maximumShiftFraction)) : (0, 0)
        let tilt = later && maximumTiltDegrees > 0 ? (draw(-maximumTiltDegrees...maximumTiltDegrees), draw(-maximumTiltDegrees...maximumTiltDegrees)) : (0, 0)
        let strain = later && maximumStretch > 0 ? (draw(-maximumStretch...maximumStretch), draw(-maximumStretch...maximumStretch)) : (0, 0)
        let phases = (draw(0...(2 * Double.pi)), draw(0...(2 * Double.pi)))
        let defocus = draw(defocusRange)
        let exposure = draw(exposureRange), red = draw(redGainRange), blue = draw(blueGainRange)
        let vignetting = draw(vignettingRange)
        let gradientAngle = draw(0...(2 * Double.pi)), gradient = draw(0...max(0, maximumGradient))
        let mixedAngle = draw(0...(2 * Double.pi)), mixed = draw(0...max(0, maximumMixedLight))
        let quality = jpegQualityRange.lowerBound + random.integer(0...(jpegQualityRange.upperBound - jpegQualityRange.lowerBound))
        let digits = burnedInDigits ? random.integer(10...99) : nil

        // The pose G: frame centre → base centre, turned, zoomed (base pixels per frame pixel), shifted, tilted.
        let w = Double(frame.width), h = Double(frame.height)
        let cx = (w - 1) / 2, cy = (h - 1) / 2
        let basePerFrame = nominalScale(base: base.size) / zoom
        let baseCentre = (x: Double(base.width - 1) / 2 + shift.0 * w * basePerFrame, y: Double(base.height - 1) / 2 + shift.1 * h * basePerFrame)
        let focal = max(w, h)
        let tiltX = tan(tilt.0 * Double.pi / 180) / focal, tiltY = tan(tilt.1 * Double.pi / 180) / focal
        let perspective = ProjectiveTransform(matrix: [1, 0, 0, 0, 1, 0, tiltX, tiltY, 1])
        let pose = ProjectiveTransform.affine(a: 1, b: 0, c: baseCentre.x, d: 0, e: 1, f: baseCentre.y)
            .concatenating(.similarity(scale: basePerFrame, angle: rotation * Double.pi / 180, tx: 0, ty: 0))
            .concatenating(perspective)
            .concatenating(.affine(a: 1, b: 0, c: -cx, d: 0, e: 1, f: -cy))
        func stretch(_ x: Double, _ y: Double) -> (x: Double, y: Double) {
            Self.stretched(x, y, frame: frame, strain: strain, phases: phases)
        }
        let (fit, residual) = Self.affineFit(frame: frame, stretch)

        // Geometry and defocus in linear light; hairs drawn on the base first, so they move with the skin.
        var skin = base
        if hairCount > 0 {
            let hairs = SessionHairs(seed: seed, count: hairCount, area: base.size, widthPixels: hairWidthPixels * basePerFrame)
            skin = hairs.drawn(on: base, session: session)
        }
        let linear = ColorSpace.linearFromSRGB8
        let skinPixels = skin.pixels
        let planes: [[Float]] = [0, 1, 2].map { channel in
            skinPixels.map { p in linear[Int(channel == 0 ? p.red : channel == 1 ? p.green : p.blue)] }
        }
        let width = frame.width, height = frame.height
        var sampled = [[Float]](repeating: [Float](repeating: 0, count: width * height), count: 3)
        for y in 0..<height {
            for x in 0..<width {
                let s = stretch(Double(x), Double(y))
                let b = pose.apply(x: s.x, y: s.y) ?? (0, 0)
                for c in 0..<3 { sampled[c][y * width + x] = Self.bicubic(planes[c], size: skin.size, x: b.x, y: b.y) }
            }
        }
        let gains = [exposure * red, exposure, exposure * blue]
        var out = [RGB8](repeating: RGB8(red: 0, green: 0, blue: 0), count: width * height)
        var noiseRandom = SeededRandom(seed: seed, stream: 0x4E4F_4953, UInt64(max(0, session)))
        let blurred: [[Float]] = sampled.map { plane in
            Kernels.GaussianBlur.fast(Image(size: frame, pixels: plane.map { Gray32(value: $0) }), sigma: defocus, parallel: parallel)
                .pixels.map(\.value)
        }
        let gx = cos(gradientAngle), gy = sin(gradientAngle), mx = cos(mixedAngle), my = sin(mixedAngle)
        for y in 0..<height {
            for x in 0..<width {
                let u = (Double(x) - cx) / cx, v = (Double(y) - cy) / cy
                let r2 = (u * u + v * v) / 2
                let light = (1 - vignetting * r2) * (1 + gradient / 2 * (gx * u + gy * v) / 2.squareRoot())
                let tint = mixed / 2 * (mx * u + my * v) / 2.squareRoot()
                let channelLight = [light * (1 + tint), light, light * (1 - tint)]
                var bytes = [UInt8](repeating: 0, count: 3)
                for c in 0..<3 {
                    let value = Double(blurred[c][y * width + x]) * gains[c] * channelLight[c]
                    let encoded = Double(ColorSpace.sRGB8(fromLinear: max(0, value))) + noise * noiseRandom.normal()
                    bytes[c] = UInt8(max(0, min(255, encoded.rounded())))
                }
                out[y * width + x] = RGB8(red: bytes[0], green: bytes[1], blue: bytes[2])
            }
        }
        var image = Image(size: frame, pixels: out)
        if let digits { Self.burnIn(digits, into: &image) }
        let truth = pose.concatenating(fit)
        return Capture(image: image, baseFromPhoto: truth, stretchPixels: residual, jpegQuality: quality, rotationDegrees: rotation,
                       zoom: zoom, defocusSigma: defocus, gains: (exposure, red, blue), digits: digits, pose: pose,
                       strain: strain, phases: phases, frame: frame)
    }

    /// The stretch p + d(p) (see the type's discussion), frame pixels.
    static func stretched(_ x: Double, _ y: Double, frame: Size, strain: (x: Double, y: Double),
                          phases: (x: Double, y: Double)) -> (x: Double, y: Double) {
        let w = Double(frame.width), h = Double(frame.height)
        return (x + strain.x * w / (2 * Double.pi) * sin(2 * Double.pi * x / w + phases.x),
                y + strain.y * h / (2 * Double.pi) * sin(2 * Double.pi * y / h + phases.y))
    }

    /// The least-squares affine fit of `map` over a 17×13 grid of the frame, and the largest
    /// distance between `map` and the fit on that grid.
    static func affineFit(frame: Size, _ map: (Double, Double) -> (x: Double, y: Double)) -> (ProjectiveTransform, Double) {
        var points: [(x: Double, y: Double, u: Double, v: Double)] = []
        for j in 0...12 {
            for i in 0...16 {
                let x = Double(i) / 16 * Double(frame.width - 1), y = Double(j) / 12 * Double(frame.height - 1)
                let m = map(x, y)
                points.append((x, y, m.x, m.y))
            }
        }
        // Normal equations for [x y 1]·[a b c]ᵀ = u (and the same for v).
        var n = [[Double]](repeating: [Double](repeating: 0, count: 3), count: 3)
        var ru = [Double](repeating: 0, count: 3), rv = [Double](repeating: 0, count: 3)
        for p in points {
            let row = [p.x, p.y, 1]
            for i in 0..<3 {
                for j in 0..<3 { n[i][j] += row[i] * row[j] }
                ru[i] += row[i] * p.u
                rv[i] += row[i] * p.v
            }
        }
        let a = solve3(n, ru), b = solve3(n, rv)
        let fit = ProjectiveTransform.affine(a: a[0], b: a[1], c: a[2], d: b[0], e: b[1], f: b[2])
        var worst = 0.0
        for p in points {
            let f = fit.apply(x: p.x, y: p.y) ?? (p.x, p.y)
            worst = max(worst, hypot(f.x - p.u, f.y - p.v))
        }
        return (fit, worst)
    }

    /// The solution of a 3×3 system by Cramer's rule (the grid's normal matrix is well conditioned).
    static func solve3(_ m: [[Double]], _ r: [Double]) -> [Double] {
        func det(_ a: [[Double]]) -> Double {
            a[0][0] * (a[1][1] * a[2][2] - a[1][2] * a[2][1]) - a[0][1] * (a[1][0] * a[2][2] - a[1][2] * a[2][0])
                + a[0][2] * (a[1][0] * a[2][1] - a[1][1] * a[2][0])
        }
        let d = det(m)
        return (0..<3).map { k in
            var a = m
            for i in 0..<3 { a[i][k] = r[i] }
            return d != 0 ? det(a) / d : 0
        }
    }

    /// Keys bicubic sample of `plane` (row-major, `size`) at (x, y), the edge pixels repeated outside.
    static func bicubic(_ plane: [Float], size: Size, x: Double, y: Double) -> Float {
        let w = size.width, h = size.height
        let fx = floor(x), fy = floor(y)
        let ix = Int(fx), iy = Int(fy)
        let wx = Interpolation.cubicWeights(Float(x - fx)), wy = Interpolation.cubicWeights(Float(y - fy))
        let weightsX = [wx.0, wx.1, wx.2, wx.3], weightsY = [wy.0, wy.1, wy.2, wy.3]
        var sum: Float = 0
        for j in 0..<4 {
            let row = min(h - 1, max(0, iy - 1 + j)) * w
            var line: Float = 0
            for i in 0..<4 { line += weightsX[i] * plane[row + min(w - 1, max(0, ix - 1 + i))] }
            sum += weightsY[j] * line
        }
        return sum
    }

    /// Seven-segment digits, white, in the lower-right corner: 6 % of the frame's height tall.
    static func burnIn(_ number: Int, into image: inout Image<RGB8>) {
        let segments: [[Int]] = [[0, 1, 2, 4, 5, 6], [2, 5], [0, 2, 3, 4, 6], [0, 2, 3, 5, 6], [1, 2, 3, 5],
                                 [0, 1, 3, 5, 6], [0, 1, 3, 4, 5, 6], [0, 2, 5], [0, 1, 2, 3, 4, 5, 6], [0, 1, 2, 3, 5, 6]]
        let height = max(7, image.height * 6 / 100), width = height * 5 / 9, stroke = max(2, height / 7), gap = stroke * 2
        let text = String(number)
        var left = image.width - gap - text.count * (width + gap)
        let top = image.height - gap - height
        for character in text {
            guard let digit = character.wholeNumberValue else { continue }
            // Segments: 0 top, 1 upper left, 2 upper right, 3 middle, 4 lower left, 5 lower right, 6 bottom.
            let half = height / 2
            let boxes: [(x: Int, y: Int, w: Int, h: Int)] = [
                (0, 0, width, stroke), (0, 0, stroke, half), (width - stroke, 0, stroke, half), (0, half - stroke / 2, width, stroke),
                (0, half, stroke, height - half), (width - stroke, half, stroke, height - half), (0, height - stroke, width, stroke),
            ]
            for segment in segments[digit] {
                let b = boxes[segment]
                for y in max(0, top + b.y)..<min(image.height, top + b.y + b.h) {
                    for x in max(0, left + b.x)..<min(image.width, left + b.x + b.w) {
                        image[x: x, y: y] = RGB8(red: 245, green: 245, blue: 245)
                    }
                }
            }
            left += width + gap
        }
    }
}
