import ImageCore

/// One synthetic patient: a skin tone and every skin feature, fixed for the whole course.
///
/// Positions are in baseline-photo pixels; features are scattered over the baseline frame and a
/// margin of 30 % around it (follow-up photos see some of the margin), inside the skin outline.
public struct SyntheticPatient: Codable, Sendable, Equatable {
    /// "P001", "P002", …
    public var id: String
    /// Individual typology angle of the bare skin tone, degrees: > 55 very light, < −30 dark.
    public var itaDegrees: Double
    /// CIELAB (D65) of the bare skin, before mottling, features and diffuse redness.
    public var baseLStar: Double
    public var baseAStar: Double
    public var baseBStar: Double
    /// Scale of the baseline photo.
    public var pixelsPerMillimetre: Double
    /// The skin outline: an ellipse (centre and semi-axes, baseline pixels); outside is backdrop.
    public var skinCentreX: Double
    public var skinCentreY: Double
    public var skinRadiusX: Double
    public var skinRadiusY: Double
    /// Direction of the main light at the baseline: azimuth (radians from +x towards +y) and
    /// elevation above the skin plane (radians).
    public var lightAzimuth: Double
    public var lightElevation: Double
    /// Amplitudes of the low-frequency mottling, in optical density.
    public var mottlingMelanin: Double
    public var mottlingHaemoglobin: Double
    /// Diffuse redness (haemoglobin optical density) at the baseline; falls with the course.
    public var diffuseHaemoglobin: Double
    /// Amplitude of the skin's micro-relief (the furrow network), in micrometres.
    public var microReliefMicrometres: Double
    /// Seed of the patient's texture fields (mottling, micro-relief), the same at every session.
    public var noiseSeed: UInt64
    public var pores: [SyntheticPore]
    public var spots: [SyntheticSpot]
    public var scars: [SyntheticScar]
    public var rednessPatches: [RednessPatch]
    public var lines: [SyntheticLine]
    public var hairs: [SyntheticHair]

    /// Whether a baseline point lies on skin (inside the outline).
    public func isSkin(x: Double, y: Double) -> Bool {
        let u = (x - skinCentreX) / skinRadiusX, v = (y - skinCentreY) / skinRadiusY
        return u * u + v * v < 1
    }

    /// Draws patient number `index` (0-based) of `options`. Tones are spread over the ITA range
    /// from very light (first patient) to dark (last).
    public static func generate(index: Int, options: SynthesisOptions) -> SyntheticPatient {
        var random = SeededRandom(seed: options.seed, stream: 1, UInt64(index))
        let width = Double(options.size.width), height = Double(options.size.height)
        let ppm = options.pixelsPerMillimetre
        let tone = (Double(index) + random.uniform(0.25...0.75)) / Double(options.patients)
        let ita = 58 - 95 * tone
        let b = 13 + 9 * tone + random.uniform(-1...1)
        let l = 50 + b * tangent(ita * Double.pi / 180)
        let a = random.uniform(7...10) + 2 * tone

        var patient = SyntheticPatient(
            id: "P" + zeroPadded(index + 1), itaDegrees: ita, baseLStar: l, baseAStar: a, baseBStar: b,
            pixelsPerMillimetre: ppm,
            skinCentreX: width * random.uniform(0.38...0.46), skinCentreY: height * random.uniform(0.55...0.62),
            skinRadiusX: width * random.uniform(0.70...0.76), skinRadiusY: height * random.uniform(0.86...0.94),
            lightAzimuth: random.uniform(-2.6 ... -0.5), lightElevation: random.uniform(0.75...1.0),
            mottlingMelanin: random.uniform(0.09...0.16), mottlingHaemoglobin: random.uniform(0.02...0.05),
            diffuseHaemoglobin: random.uniform(0.04...0.08), microReliefMicrometres: random.uniform(16...24),
            noiseSeed: PixelHash.mix(options.seed ^ PixelHash.mix(0x5EED_0000 &+ UInt64(index))),
            pores: [], spots: [], scars: [], rednessPatches: [], lines: [], hairs: [])

        // Area over which features are scattered, in baseline pixels and in cm².
        let minX = -0.3 * width, maxX = 1.3 * width, minY = -0.3 * height, maxY = 1.3 * height
        let areaSquareCentimetres = (maxX - minX) * (maxY - minY) / (ppm * ppm) / 100
        func place(_ random: inout SeededRandom) -> (x: Double, y: Double) {
            (random.uniform(minX...maxX), random.uniform(minY...maxY))
        }

        var pores = SeededRandom(seed: options.seed, stream: 2, UInt64(index))
        let poreDensity = pores.uniform(35...55)
        let poreCount = pores.poisson(mean: poreDensity * areaSquareCentimetres)
        for _ in 0..<poreCount {
            let p = place(&pores)
            let radius = min(max(pores.logNormal(median: 0.1, spread: 1.3), 0.05), 0.3)
            let depth = min(max(pores.logNormal(median: 40, spread: 1.3), 15), 100)
            let elongation = min(1 + abs(0.15 * pores.normal()), 1.8)
            let pore = SyntheticPore(id: 0, x: p.x, y: p.y, radiusMillimetres: radius, elongation: elongation,
                                     orientation: pores.uniform(0...Double.pi), depthMicrometres: depth,
                                     closingRank: pores.unit())
            if patient.isSkin(x: p.x, y: p.y) { patient.pores.append(pore) }
        }

        var spots = SeededRandom(seed: options.seed, stream: 3, UInt64(index))
        for _ in 0..<spots.integer(10...20) {
            let p = place(&spots)
            let harmonics = [
                ShapeHarmonic(order: 2, amplitude: spots.uniform(0...0.2), phase: spots.uniform(0...(2 * Double.pi))),
                ShapeHarmonic(order: 3, amplitude: spots.uniform(0...0.1), phase: spots.uniform(0...(2 * Double.pi))),
                ShapeHarmonic(order: 5, amplitude: spots.uniform(0...0.05), phase: spots.uniform(0...(2 * Double.pi))),
            ]
            let spot = SyntheticSpot(id: 0, x: p.x, y: p.y,
                                     radiusMillimetres: min(max(spots.logNormal(median: 1.6, spread: 1.5), 0.7), 5),
                                     harmonics: harmonics, melanin: spots.uniform(0.25...0.6))
            if patient.isSkin(x: p.x, y: p.y) { patient.spots.append(spot) }
        }

        // Scars cluster on one cheek area near the middle of the baseline frame.
        var scars = SeededRandom(seed: options.seed, stream: 4, UInt64(index))
        let clusterX = width * scars.uniform(0.35...0.65), clusterY = height * scars.uniform(0.35...0.65)
        for _ in 0..<scars.integer(3...7) {
            let x = clusterX + 9 * ppm * scars.normal(), y = clusterY + 7 * ppm * scars.normal()
            let scar = SyntheticScar(id: 0, x: x, y: y,
                                     radiusMillimetres: min(max(scars.logNormal(median: 1.6, spread: 1.4), 0.8), 3.5),
                                     depthMicrometres: scars.uniform(60...160), wall: scars.uniform(0.3...1),
                                     roughnessMicrometres: scars.uniform(8...16))
            if patient.isSkin(x: x, y: y) { patient.scars.append(scar) }
        }

        var redness = SeededRandom(seed: options.seed, stream: 5, UInt64(index))
        for _ in 0..<redness.integer(2...5) {
            let p = place(&redness)
            patient.rednessPatches.append(RednessPatch(id: 0, x: p.x, y: p.y,
                                                       sigmaMillimetres: redness.uniform(3...9),
                                                       haemoglobin: redness.uniform(0.08...0.2)))
        }

        var lines = SeededRandom(seed: options.seed, stream: 6, UInt64(index))
        let mainDirection = lines.uniform(0...Double.pi)
        for _ in 0..<lines.integer(8...16) {
            let p = place(&lines)
            let line = SyntheticLine(id: 0, x: p.x, y: p.y, angle: mainDirection + 0.45 * lines.normal(),
                                     lengthMillimetres: lines.uniform(6...25),
                                     curvaturePerMillimetre: lines.uniform(-0.03...0.03),
                                     widthMillimetres: lines.uniform(0.08...0.15), depthMicrometres: lines.uniform(12...30))
            if patient.isSkin(x: p.x, y: p.y) { patient.lines.append(line) }
        }

        var hairs = SeededRandom(seed: options.seed, stream: 7, UInt64(index))
        for _ in 0..<hairs.integer(3...10) {
            let p = place(&hairs)
            let hair = SyntheticHair(id: 0, x: p.x, y: p.y, angle: hairs.uniform(0...(2 * Double.pi)),
                                     lengthMillimetres: hairs.uniform(3...10),
                                     curvaturePerMillimetre: hairs.uniform(-0.08...0.08),
                                     widthMillimetres: hairs.uniform(0.05...0.08), opacity: hairs.uniform(0.5...0.85))
            if patient.isSkin(x: p.x, y: p.y) { patient.hairs.append(hair) }
        }

        for i in patient.pores.indices { patient.pores[i].id = i + 1 }
        for i in patient.spots.indices { patient.spots[i].id = i + 1 }
        for i in patient.scars.indices { patient.scars[i].id = i + 1 }
        for i in patient.rednessPatches.indices { patient.rednessPatches[i].id = i + 1 }
        for i in patient.lines.indices { patient.lines[i].id = i + 1 }
        for i in patient.hairs.indices { patient.hairs[i].id = i + 1 }
        return patient
    }
}

/// A non-negative number with at least `width` digits ("007").
func zeroPadded(_ value: Int, width: Int = 3) -> String {
    let digits = String(value)
    return String(repeating: "0", count: max(0, width - digits.count)) + digits
}
