import ImageCore
import Foundation

/// The physical layers of one session's skin on the canvas grid, before lighting: height
/// (micrometres, up is positive), melanin and haemoglobin optical density, pit depth for
/// self-shadowing, line-groove depth and hair opacity.
struct SkinLayers {
    let patient: SyntheticPatient
    let session: SessionState
    let bounds: CanvasBounds
    let width: Int, height: Int
    var surface: [Float]
    var melanin: [Float]
    var haemoglobin: [Float]
    var cavity: [Float]
    var groove: [Float]
    var hair: [Float]
    let pigments: PigmentModel

    init(patient: SyntheticPatient, session: SessionState, bounds: CanvasBounds, parallel: Bool) {
        self.patient = patient
        self.session = session
        self.bounds = bounds
        width = bounds.width
        height = bounds.height
        let count = width * height
        surface = [Float](repeating: 0, count: count)
        melanin = [Float](repeating: 0, count: count)
        haemoglobin = [Float](repeating: 0, count: count)
        cavity = [Float](repeating: 0, count: count)
        groove = [Float](repeating: 0, count: count)
        hair = [Float](repeating: 0, count: count)
        pigments = PigmentModel(lStar: patient.baseLStar, aStar: patient.baseAStar, bStar: patient.baseBStar)
        fillTextures(parallel: parallel)
        stampFeatures(parallel: parallel)
    }

    /// Diffuse haemoglobin of the session (the bare skin's redness between patches).
    static func diffuseHaemoglobin(_ patient: SyntheticPatient, _ session: SessionState) -> Double {
        patient.diffuseHaemoglobin * session.rednessFactor + session.postProcedureHaemoglobin
    }

    /// Melanin offset of the session (brightening), optical density.
    static func melaninOffset(_ patient: SyntheticPatient, _ session: SessionState, _ pigments: PigmentModel) -> Double {
        pigments.melaninOffset(forLightening: session.brighteningLStar,
                               haemoglobin: diffuseHaemoglobin(patient, session))
    }

    // MARK: - Textures

    private mutating func fillTextures(parallel: Bool) {
        let ppm = patient.pixelsPerMillimetre
        let minX = Double(bounds.minX) / ppm, minY = Double(bounds.minY) / ppm
        let maxX = Double(bounds.maxX) / ppm, maxY = Double(bounds.maxY) / ppm
        let seed = patient.noiseSeed
        func noise(_ key: UInt64, _ spacing: Double) -> ValueNoise {
            ValueNoise(seed: PixelHash.mix(seed ^ key), spacing: spacing, minX: minX, minY: minY, maxX: maxX, maxY: maxY)
        }
        let mottleCoarse = noise(1, 6), mottleFine = noise(2, 1.5), redMottle = noise(3, 4)
        let furrowA = noise(4, 0.35), furrowB = noise(5, 0.8), grain = noise(6, 0.12)
        let mottleAmplitude = Float(patient.mottlingMelanin), redAmplitude = Float(patient.mottlingHaemoglobin)
        let relief = Float(patient.microReliefMicrometres)
        let melaninBase = Float(Self.melaninOffset(patient, session, pigments))
        let haemoglobinBase = Float(Self.diffuseHaemoglobin(patient, session))
        let width = width, originX = bounds.minX, originY = bounds.minY
        surface.withUnsafeMutableBufferPointer { surfaceBuffer in
            melanin.withUnsafeMutableBufferPointer { melaninBuffer in
                haemoglobin.withUnsafeMutableBufferPointer { haemoglobinBuffer in
                    let s = SendablePointer(surfaceBuffer.baseAddress!), m = SendablePointer(melaninBuffer.baseAddress!)
                    let e = SendablePointer(haemoglobinBuffer.baseAddress!)
                    RowBands.forEach(rowCount: height, parallel: parallel) { rows in
                        for y in rows {
                            let ym = Double(originY + y) / ppm
                            for x in 0..<width {
                                let xm = Double(originX + x) / ppm
                                let i = y * width + x
                                let mottle = 0.65 * mottleCoarse.sample(x: xm, y: ym) + 0.35 * mottleFine.sample(x: xm, y: ym)
                                m.pointer[i] = melaninBase + mottleAmplitude * mottle
                                e.pointer[i] = haemoglobinBase + redAmplitude * redMottle.sample(x: xm, y: ym)
                                let ridgeA = 1 - abs(furrowA.sample(x: xm, y: ym)), ridgeB = 1 - abs(furrowB.sample(x: xm, y: ym))
                                let a2 = ridgeA * ridgeA, b2 = ridgeB * ridgeB
                                s.pointer[i] = relief * (0.25 * grain.sample(x: xm, y: ym) - 0.6 * a2 * a2 - 0.4 * b2 * b2)
                            }
                        }
                    }
                }
            }
        }
    }

    // MARK: - Features

    /// 1 − smoothstep over [start, start + width]: 1 below, 0 above, ½ at the middle.
    @inline(__always)
    static func falloff(_ value: Double, start: Double, width: Double) -> Double {
        let t = min(max((value - start) / width, 0), 1)
        return 1 - t * t * (3 - 2 * t)
    }

    private mutating func stampFeatures(parallel: Bool) {
        let ppm = patient.pixelsPerMillimetre
        let ox = Double(bounds.minX), oy = Double(bounds.minY)
        let width = width, height = height
        let session = session, patient = patient
        let scarNoise = ValueNoise(seed: PixelHash.mix(patient.noiseSeed ^ 7), spacing: 0.15,
                                   minX: ox / ppm, minY: oy / ppm, maxX: Double(bounds.maxX) / ppm,
                                   maxY: Double(bounds.maxY) / ppm)
        let pores = patient.pores.filter { session.isVisible($0) }
        let lineTracks = patient.lines.map { line in
            Self.track(x: line.x - ox, y: line.y - oy, angle: line.angle, lengthPixels: line.lengthMillimetres * ppm,
                       curvaturePerPixel: line.curvaturePerMillimetre / ppm)
        }
        let hairTracks = patient.hairs.map { hair in
            Self.track(x: hair.x - ox, y: hair.y - oy, angle: hair.angle, lengthPixels: hair.lengthMillimetres * ppm,
                       curvaturePerPixel: hair.curvaturePerMillimetre / ppm)
        }

        surface.withUnsafeMutableBufferPointer { surfaceBuffer in
        melanin.withUnsafeMutableBufferPointer { melaninBuffer in
        haemoglobin.withUnsafeMutableBufferPointer { haemoglobinBuffer in
        cavity.withUnsafeMutableBufferPointer { cavityBuffer in
        groove.withUnsafeMutableBufferPointer { grooveBuffer in
        hair.withUnsafeMutableBufferPointer { hairBuffer in
            let s = SendablePointer(surfaceBuffer.baseAddress!), m = SendablePointer(melaninBuffer.baseAddress!)
            let e = SendablePointer(haemoglobinBuffer.baseAddress!), c = SendablePointer(cavityBuffer.baseAddress!)
            let g = SendablePointer(grooveBuffer.baseAddress!), h = SendablePointer(hairBuffer.baseAddress!)
            RowBands.forEach(rowCount: height, parallel: parallel) { rows in
                /// Visits canvas pixels within `radius` of (cx, cy) in this band's rows.
                func visit(_ cx: Double, _ cy: Double, _ radius: Double, _ body: (Int, Double, Double) -> Void) {
                    let y0 = max(Int((cy - radius).rounded(.up)), rows.lowerBound)
                    let y1 = min(Int((cy + radius).rounded(.down)), rows.upperBound - 1, height - 1)
                    let x0 = max(Int((cx - radius).rounded(.up)), 0), x1 = min(Int((cx + radius).rounded(.down)), width - 1)
                    guard y0 <= y1, x0 <= x1 else { return }
                    for y in y0...y1 {
                        for x in x0...x1 { body(y * width + x, Double(x) - cx, Double(y) - cy) }
                    }
                }

                for pore in pores {
                    let a = pore.radiusMillimetres * session.poreRadiusFactor * ppm, b = a / pore.elongation
                    let co = cosine(pore.orientation), si = sine(pore.orientation)
                    let depth = pore.depthMicrometres
                    visit(pore.x - ox, pore.y - oy, 1.4 * a + 1) { i, dx, dy in
                        let u = (dx * co + dy * si) / a, v = (-dx * si + dy * co) / b
                        let rho = (u * u + v * v).squareRoot()
                        guard rho < 1.4 else { return }
                        let pit = Float(depth * Self.falloff(rho, start: 0.6, width: 0.8))
                        s.pointer[i] -= pit
                        c.pointer[i] += pit
                    }
                }

                for scar in patient.scars {
                    let radius = scar.radiusMillimetres * ppm
                    let depth = scar.depthMicrometres * session.scarDepthFactor
                    let rough = scar.roughnessMicrometres * session.scarRoughnessFactor
                    let inner = 1 - scar.wall / 2
                    visit(scar.x - ox, scar.y - oy, radius * (1 + scar.wall / 2) + 1) { i, dx, dy in
                        let rho = (dx * dx + dy * dy).squareRoot() / radius
                        let weight = Self.falloff(rho, start: inner, width: scar.wall)
                        guard weight > 0 else { return }
                        let xm = (dx + scar.x) / ppm, ym = (dy + scar.y) / ppm
                        s.pointer[i] += Float(weight * (-depth + rough * Double(scarNoise.sample(x: xm, y: ym))))
                    }
                }

                for spot in patient.spots {
                    let radius = spot.radiusMillimetres * ppm
                    let amplitude = spot.melanin * session.spotContrastFactor
                    let reach = radius * (1 + spot.harmonics.reduce(0) { $0 + abs($1.amplitude) }) * 1.15 + 1
                    visit(spot.x - ox, spot.y - oy, reach) { i, dx, dy in
                        let theta = atan2(dy, dx)
                        var outline = 1.0
                        for harmonic in spot.harmonics {
                            outline += harmonic.amplitude * cosine(Double(harmonic.order) * theta + harmonic.phase)
                        }
                        let rho = (dx * dx + dy * dy).squareRoot() / (radius * outline)
                        guard rho < 1.15 else { return }
                        m.pointer[i] += Float(amplitude * Self.falloff(rho, start: 0.85, width: 0.3))
                    }
                }

                for patch in patient.rednessPatches {
                    let sigma = patch.sigmaMillimetres * ppm
                    let amplitude = patch.haemoglobin * session.rednessFactor
                    visit(patch.x - ox, patch.y - oy, 3.5 * sigma) { i, dx, dy in
                        e.pointer[i] += Float(amplitude * naturalExp(-(dx * dx + dy * dy) / (2 * sigma * sigma)))
                    }
                }

                for (line, track) in zip(patient.lines, lineTracks) {
                    let sigma = line.widthMillimetres * ppm
                    let depth = Float(line.depthMicrometres * session.lineDepthFactor)
                    for point in track {
                        visit(point.x, point.y, 3.5 * sigma) { i, dx, dy in
                            let value = -depth * Float(naturalExp(-(dx * dx + dy * dy) / (2 * sigma * sigma)))
                            if value < g.pointer[i] { g.pointer[i] = value }
                        }
                    }
                }

                for (strand, track) in zip(patient.hairs, hairTracks) {
                    let sigma = max(strand.widthMillimetres * ppm / 2.355, 0.35)
                    let opacity = Float(strand.opacity)
                    for point in track {
                        visit(point.x, point.y, 3.5 * sigma) { i, dx, dy in
                            let value = opacity * Float(naturalExp(-(dx * dx + dy * dy) / (2 * sigma * sigma)))
                            if value > h.pointer[i] { h.pointer[i] = value }
                        }
                    }
                }
            }
        }
        }
        }
        }
        }
        }
    }

    /// Points every half pixel along an arc, in canvas pixels.
    static func track(x: Double, y: Double, angle: Double, lengthPixels: Double,
                      curvaturePerPixel: Double) -> [(x: Double, y: Double)] {
        let steps = max(1, Int((lengthPixels / 0.5).rounded(.up)))
        return (0...steps).map { k in
            arcPoint(x: x, y: y, angle: angle, curvature: curvaturePerPixel, distance: lengthPixels * Double(k) / Double(steps))
        }
    }

    // MARK: - Shading

    /// Lights the layers with the session's light and returns the reflectance planes.
    func shade(parallel: Bool) -> SkinCanvas {
        let ppm = patient.pixelsPerMillimetre
        let width = width, height = height
        let base = pigments.base
        let baseR = Float(base.0), baseG = Float(base.1), baseB = Float(base.2)
        let ma = PigmentModel.melaninAbsorption, ha = PigmentModel.haemoglobinAbsorption
        let melR = Float(ma.0), melG = Float(ma.1), melB = Float(ma.2)
        let hbR = Float(ha.0), hbG = Float(ha.1), hbB = Float(ha.2)
        let lightX = Float(cosine(session.lightElevation) * cosine(session.lightAzimuth))
        let lightY = Float(cosine(session.lightElevation) * sine(session.lightAzimuth))
        let lightZ = Float(sine(session.lightElevation))
        // Height differences over two pixels (micrometres) to a dimensionless slope.
        let slopeScale = Float(ppm / 2000)
        let ambient = SkinRenderer.Constants.ambient, absorption = SkinRenderer.Constants.cavityAbsorption, share = SkinRenderer.Constants.lineCavityShare
        let edge = SkinRenderer.Constants.skinEdgeMillimetres * ppm / min(patient.skinRadiusX, patient.skinRadiusY)
        let hairColour = SkinRenderer.Constants.hair, backdrop = SkinRenderer.Constants.backdrop
        let ox = Double(bounds.minX), oy = Double(bounds.minY)
        let backdropNoise = ValueNoise(seed: PixelHash.mix(patient.noiseSeed ^ 8), spacing: 1.0,
                                       minX: ox / ppm, minY: oy / ppm, maxX: Double(bounds.maxX) / ppm,
                                       maxY: Double(bounds.maxY) / ppm)
        let size = Size(width: width, height: height)
        var red = Image<Gray32>.uninitialized(size: size)
        var green = Image<Gray32>.uninitialized(size: size)
        var blue = Image<Gray32>.uninitialized(size: size)
        let patient = patient
        red.withUnsafeMutableBufferPointer { redBuffer in
        green.withUnsafeMutableBufferPointer { greenBuffer in
        blue.withUnsafeMutableBufferPointer { blueBuffer in
        surface.withUnsafeBufferPointer { surfaceBuffer in
        groove.withUnsafeBufferPointer { grooveBuffer in
        melanin.withUnsafeBufferPointer { melaninBuffer in
        haemoglobin.withUnsafeBufferPointer { haemoglobinBuffer in
        cavity.withUnsafeBufferPointer { cavityBuffer in
        hair.withUnsafeBufferPointer { hairBuffer in
            let layers = SendableLayers(surface: surfaceBuffer, groove: grooveBuffer, melanin: melaninBuffer,
                                        haemoglobin: haemoglobinBuffer, cavity: cavityBuffer, hair: hairBuffer)
            let r = SendablePointer(UnsafeMutableRawPointer(redBuffer.baseAddress!).assumingMemoryBound(to: Float.self))
            let g = SendablePointer(UnsafeMutableRawPointer(greenBuffer.baseAddress!).assumingMemoryBound(to: Float.self))
            let b = SendablePointer(UnsafeMutableRawPointer(blueBuffer.baseAddress!).assumingMemoryBound(to: Float.self))
            RowBands.forEach(rowCount: height, parallel: parallel) { rows in
                for y in rows {
                    let up = max(y - 1, 0) * width, down = min(y + 1, height - 1) * width, row = y * width
                    let v = (oy + Double(y) - patient.skinCentreY) / patient.skinRadiusY
                    for x in 0..<width {
                        let i = row + x
                        let left = row + max(x - 1, 0), right = row + min(x + 1, width - 1)
                        let hRight: Float = layers.surface[right] + layers.groove[right]
                        let hLeft: Float = layers.surface[left] + layers.groove[left]
                        let hDown: Float = layers.surface[down + x] + layers.groove[down + x]
                        let hUp: Float = layers.surface[up + x] + layers.groove[up + x]
                        let hx: Float = (hRight - hLeft) * slopeScale
                        let hy: Float = (hDown - hUp) * slopeScale
                        let facing: Float = max(lightZ - hx * lightX - hy * lightY, 0)
                        let tilt: Float = (1 + hx * hx + hy * hy).squareRoot()
                        let lambert: Float = facing / (lightZ * tilt)
                        let shade = (ambient + (1 - ambient) * lambert)
                            * Foundation.exp(-absorption * (layers.cavity[i] - share * layers.groove[i]))
                        let m = layers.melanin[i], e = layers.haemoglobin[i]
                        var cr = baseR * Foundation.exp(-(m * melR + e * hbR)) * shade
                        var cg = baseG * Foundation.exp(-(m * melG + e * hbG)) * shade
                        var cb = baseB * Foundation.exp(-(m * melB + e * hbB)) * shade
                        let alpha = layers.hair[i]
                        cr += (hairColour.0 - cr) * alpha
                        cg += (hairColour.1 - cg) * alpha
                        cb += (hairColour.2 - cb) * alpha
                        // The skin outline: the face curves away (darker) towards its edge, then backdrop.
                        let u = (ox + Double(x) - patient.skinCentreX) / patient.skinRadiusX
                        let rho = (u * u + v * v).squareRoot()
                        if rho > 0.8 {
                            let turn = Float(1 - 0.35 * (1 - Self.falloff(rho, start: 0.8, width: 0.2)))
                            let skin = Float(Self.falloff(rho, start: 1 - edge / 2, width: edge))
                            let xm = (ox + Double(x)) / ppm, ym = (oy + Double(y)) / ppm
                            let cloth = 1 + 0.15 * backdropNoise.sample(x: xm, y: ym)
                            cr = cr * turn * skin + backdrop.0 * cloth * (1 - skin)
                            cg = cg * turn * skin + backdrop.1 * cloth * (1 - skin)
                            cb = cb * turn * skin + backdrop.2 * cloth * (1 - skin)
                        }
                        r.pointer[i] = cr
                        g.pointer[i] = cg
                        b.pointer[i] = cb
                    }
                }
            }
        }
        }
        }
        }
        }
        }
        }
        }
        }
        return SkinCanvas(red: red, green: green, blue: blue, originX: bounds.minX, originY: bounds.minY)
    }
}

struct SendableLayers: @unchecked Sendable {
    let surface: UnsafeBufferPointer<Float>, groove: UnsafeBufferPointer<Float>, melanin: UnsafeBufferPointer<Float>
    let haemoglobin: UnsafeBufferPointer<Float>, cavity: UnsafeBufferPointer<Float>, hair: UnsafeBufferPointer<Float>
}
