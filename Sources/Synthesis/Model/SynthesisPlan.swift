import ImageCore

/// Every decision of a synthetic data set except the pixels: the patients, their sessions and the
/// camera and light of every photo. Cheap to build; rendering is done per session by
/// ``SkinRenderer``.
public struct SynthesisPlan: Sendable {
    public struct PatientCourse: Sendable {
        public var patient: SyntheticPatient
        public var sessions: [SessionState]
        /// Photos per session, `photos[session][repeat]`.
        public var photos: [[PhotoCapture]]
    }

    public let options: SynthesisOptions
    public let patients: [PatientCourse]

    /// Plans the data set of `options` (validated first).
    public init(options: SynthesisOptions) throws(SynthesisError) {
        try options.validate()
        self.options = options
        patients = (0..<options.patients).map { index in
            let patient = SyntheticPatient.generate(index: index, options: options)
            let sessions = SessionState.course(for: patient, patientIndex: index, options: options)
            let photos = sessions.map { state in
                Self.photos(patient: patient, patientIndex: index, session: state, options: options)
            }
            return PatientCourse(patient: patient, sessions: sessions, photos: photos)
        }
    }

    /// The camera and light of the photos of one session.
    static func photos(patient: SyntheticPatient, patientIndex: Int, session: SessionState,
                       options: SynthesisOptions) -> [PhotoCapture] {
        let camera = options.camera
        let width = Double(options.size.width), height = Double(options.size.height)
        let cx = (width - 1) / 2, cy = (height - 1) / 2
        var random = SeededRandom(seed: options.seed, stream: 9, UInt64(patientIndex), UInt64(session.index))
        func symmetric(_ limit: Double) -> Double { limit == 0 ? 0 : random.uniform(-limit...limit) }

        // The session's camera relative to the baseline (the baseline itself is the identity).
        var sessionTransform = ProjectiveTransform.identity
        var gain = 1.0, cast = [1.0, 1.0, 1.0]
        var baseRandom = SeededRandom(seed: options.seed, stream: 10, UInt64(patientIndex))
        var gradientX = camera.gradient == 0 ? 0 : baseRandom.uniform(-camera.gradient / 2 ... camera.gradient / 2)
        var gradientY = camera.gradient == 0 ? 0 : baseRandom.uniform(-camera.gradient / 2 ... camera.gradient / 2)
        if session.index > 0 {
            let angle = symmetric(camera.sessionRotationDegrees) * Double.pi / 180
            let scale = 1 + symmetric(camera.sessionScale)
            let tx = symmetric(camera.sessionShift) * width, ty = symmetric(camera.sessionShift) * height
            let p = symmetric(camera.sessionPerspective) / width, q = symmetric(camera.sessionPerspective) / height
            sessionTransform = centred(ProjectiveTransform.similarity(scale: scale, angle: angle, tx: tx, ty: ty)
                .concatenating(ProjectiveTransform(matrix: [1, 0, 0, 0, 1, 0, p, q, 1])), cx: cx, cy: cy)
            gain = 1 + symmetric(camera.gain)
            let raw = (0..<3).map { _ in 1 + symmetric(camera.colourCast) }
            let mean = raw.reduce(0, +) / 3
            cast = raw.map { $0 / mean }
            gradientX = symmetric(camera.gradient)
            gradientY = symmetric(camera.gradient)
        }
        let vignetting = camera.gradient == 0 ? 0 : 0.08

        return (1...options.repeats).map { repeatIndex in
            var transform = sessionTransform
            if repeatIndex > 1 {
                let angle = symmetric(camera.repeatRotationDegrees) * Double.pi / 180
                let scale = 1 + symmetric(camera.repeatScale)
                let tx = symmetric(camera.repeatShift) * width, ty = symmetric(camera.repeatShift) * height
                transform = sessionTransform.concatenating(
                    centred(ProjectiveTransform.similarity(scale: scale, angle: angle, tx: tx, ty: ty), cx: cx, cy: cy))
            }
            let ppm = patient.pixelsPerMillimetre / localScale(transform, x: cx, y: cy)
            let glareCount = camera.maximumGlareSpots == 0 ? 0 : random.integer(0...camera.maximumGlareSpots)
            let glare = (0..<glareCount).map { _ in
                let major = random.uniform(0.5...2) * ppm
                return GlareSpot(x: random.uniform(0.1...0.9) * width, y: random.uniform(0.1...0.9) * height,
                                 sigmaMajor: major, sigmaMinor: major * random.uniform(0.3...0.8),
                                 angle: random.uniform(0...Double.pi), intensity: random.uniform(0.15...0.5))
            }
            let sessionNumber = zeroPadded(session.index + 1, width: 2)
            let folder = "\(patient.id)/s\(sessionNumber)_\(session.date)"
            return PhotoCapture(
                patient: patient.id, session: session.index, repeatIndex: repeatIndex,
                stem: "\(folder)/\(patient.id)_s\(sessionNumber)_r\(repeatIndex)", size: options.size,
                baselineFromPhoto: transform, pixelsPerMillimetre: ppm, gain: gain, colourCast: cast,
                gradientX: gradientX, gradientY: gradientY, vignetting: vignetting, glare: glare,
                readNoise: camera.readNoise, shotNoise: camera.shotNoise,
                noiseKey: PixelHash.mix(options.seed ^ PixelHash.mix(UInt64(patientIndex) << 32 | UInt64(session.index) << 8 | UInt64(repeatIndex))))
        }
    }

    /// `transform` applied about the point (cx, cy) instead of the origin.
    static func centred(_ transform: ProjectiveTransform, cx: Double, cy: Double) -> ProjectiveTransform {
        ProjectiveTransform.affine(a: 1, b: 0, c: cx, d: 0, e: 1, f: cy)
            .concatenating(transform)
            .concatenating(ProjectiveTransform.affine(a: 1, b: 0, c: -cx, d: 0, e: 1, f: -cy))
    }

    /// Linear magnification of `transform` at a point: √|det J|.
    static func localScale(_ transform: ProjectiveTransform, x: Double, y: Double) -> Double {
        guard let p = transform.apply(x: x, y: y), let px = transform.apply(x: x + 1, y: y),
              let py = transform.apply(x: x, y: y + 1) else { return 1 }
        let det = (px.x - p.x) * (py.y - p.y) - (px.y - p.y) * (py.x - p.x)
        return abs(det).squareRoot()
    }
}
