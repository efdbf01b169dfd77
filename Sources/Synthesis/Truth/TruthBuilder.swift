import ImageCore
import Foundation

/// Computes the ground truth of a session: feature lists from the model, image statistics from the
/// clean canvas (the skin under the reference light, before the camera).
enum TruthBuilder {
    /// The measurement region in baseline pixels: the central 70 % × 70 % of the frame.
    static func region(_ size: Size) -> (minX: Double, minY: Double, maxX: Double, maxY: Double) {
        (0.15 * Double(size.width), 0.15 * Double(size.height), 0.85 * Double(size.width), 0.85 * Double(size.height))
    }

    static func session(patient: SyntheticPatient, state: SessionState, canvas: SkinCanvas, photos: [PhotoCapture],
                        options: SynthesisOptions, parallel: Bool) -> SessionTruth {
        let summary = summarise(patient: patient, state: state, canvas: canvas, options: options, parallel: parallel)
        let photoTruths = photos.map { photo(patient: patient, state: state, capture: $0, options: options) }
        return SessionTruth(state: state, summary: summary, photos: photoTruths)
    }

    // MARK: - Per photo

    static func photo(patient: SyntheticPatient, state: SessionState, capture: PhotoCapture,
                      options: SynthesisOptions) -> PhotoTruth {
        let inverse = capture.baselineFromPhoto.inverse ?? .identity
        let width = Double(capture.size.width), height = Double(capture.size.height)
        let ppmBase = patient.pixelsPerMillimetre, ppm = capture.pixelsPerMillimetre
        let pigments = PigmentModel(lStar: patient.baseLStar, aStar: patient.baseAStar, bStar: patient.baseBStar)
        let e0 = SkinLayers.diffuseHaemoglobin(patient, state)
        let m0 = SkinLayers.melaninOffset(patient, state, pigments)
        let bare = pigments.lab(melanin: m0, haemoglobin: e0)

        func place(_ x: Double, _ y: Double) -> (x: Double, y: Double)? {
            guard patient.isSkin(x: x, y: y), let p = inverse.apply(x: x, y: y),
                  p.x >= 0, p.y >= 0, p.x <= width - 1, p.y <= height - 1 else { return nil }
            return (round(p.x, 2), round(p.y, 2))
        }
        func path(x: Double, y: Double, angle: Double, length: Double, curvature: Double) -> [[Double]] {
            let steps = max(1, Int(length.rounded(.up)))
            return (0...steps).compactMap { k -> [Double]? in
                let point = arcPoint(x: x, y: y, angle: angle, curvature: curvature / ppmBase,
                                     distance: length * ppmBase * Double(k) / Double(steps))
                guard let p = inverse.apply(x: point.x, y: point.y) else { return nil }
                return [round(p.x, 2), round(p.y, 2)]
            }
        }
        let inFrame: ([Double]) -> Bool = { $0[0] >= 0 && $0[1] >= 0 && $0[0] <= width - 1 && $0[1] <= height - 1 }

        let pores = patient.pores.filter { state.isVisible($0) }.compactMap { pore -> PoreTruth? in
            guard let p = place(pore.x, pore.y) else { return nil }
            let radius = pore.radiusMillimetres * state.poreRadiusFactor
            return PoreTruth(id: pore.id, x: p.x, y: p.y, radiusPixels: round(radius * ppm, 3),
                             radiusMillimetres: round(radius, 4), elongation: round(pore.elongation, 3),
                             areaSquareMillimetres: round(Double.pi * radius * radius / pore.elongation, 5),
                             depthMicrometres: round(pore.depthMicrometres, 2))
        }
        let spots = patient.spots.compactMap { spot -> SpotTruth? in
            guard let p = place(spot.x, spot.y) else { return nil }
            let melanin = spot.melanin * state.spotContrastFactor
            let dark = pigments.lab(melanin: m0 + melanin, haemoglobin: e0)
            let dl = dark.l - bare.l, da = dark.a - bare.a, db = dark.b - bare.b
            return SpotTruth(id: spot.id, x: p.x, y: p.y, radiusPixels: round(spot.radiusMillimetres * ppm, 2),
                             radiusMillimetres: round(spot.radiusMillimetres, 3),
                             areaSquareMillimetres: round(spot.areaSquareMillimetres, 4), melanin: round(melanin, 4),
                             deltaE: round((dl * dl + da * da + db * db).squareRoot(), 3), deltaLStar: round(dl, 3))
        }
        let scars = patient.scars.compactMap { scar -> ScarTruth? in
            guard let p = place(scar.x, scar.y) else { return nil }
            return ScarTruth(id: scar.id, x: p.x, y: p.y, radiusPixels: round(scar.radiusMillimetres * ppm, 2),
                             radiusMillimetres: round(scar.radiusMillimetres, 3),
                             areaSquareMillimetres: round(scar.areaSquareMillimetres, 4),
                             depthMicrometres: round(scar.depthMicrometres * state.scarDepthFactor, 2),
                             roughnessMicrometres: round(scar.roughnessMicrometres * state.scarRoughnessFactor, 3))
        }
        let patches = patient.rednessPatches.compactMap { patch -> PatchTruth? in
            guard let p = place(patch.x, patch.y) else { return nil }
            let haemoglobin = patch.haemoglobin * state.rednessFactor
            let red = pigments.lab(melanin: m0, haemoglobin: e0 + haemoglobin)
            return PatchTruth(id: patch.id, x: p.x, y: p.y, sigmaPixels: round(patch.sigmaMillimetres * ppm, 2),
                              haemoglobin: round(haemoglobin, 4), deltaAStar: round(red.a - bare.a, 3))
        }
        let lines = patient.lines.compactMap { line -> LineTruth? in
            let points = path(x: line.x, y: line.y, angle: line.angle, length: line.lengthMillimetres,
                              curvature: line.curvaturePerMillimetre)
            guard points.contains(where: inFrame) else { return nil }
            return LineTruth(id: line.id, points: points, lengthMillimetres: round(line.lengthMillimetres, 3),
                             widthMillimetres: round(line.widthMillimetres, 4),
                             depthMicrometres: round(line.depthMicrometres * state.lineDepthFactor, 2))
        }
        let hairs = patient.hairs.compactMap { hair -> HairTruth? in
            let points = path(x: hair.x, y: hair.y, angle: hair.angle, length: hair.lengthMillimetres,
                              curvature: hair.curvaturePerMillimetre)
            guard points.contains(where: inFrame) else { return nil }
            return HairTruth(id: hair.id, points: points, widthMillimetres: round(hair.widthMillimetres, 4))
        }
        let r = region(options.size)
        let corners = [(r.minX, r.minY), (r.maxX, r.minY), (r.maxX, r.maxY), (r.minX, r.maxY)].map { corner -> [Double] in
            let p = inverse.apply(x: corner.0, y: corner.1) ?? (.nan, .nan)
            return [round(p.x, 2), round(p.y, 2)]
        }
        let jpeg = capture.stem + ".jpg"
        return PhotoTruth(
            file: jpeg, pngFile: options.writesPNG ? capture.stem + ".png" : nil, repeatIndex: capture.repeatIndex,
            width: capture.size.width, height: capture.size.height,
            pixelsPerMillimetre: round(capture.pixelsPerMillimetre, 5),
            baselineFromPhoto: capture.baselineFromPhoto.matrix.map { round($0, 10) },
            photoFromBaseline: inverse.matrix.map { round($0, 10) },
            gain: round(capture.gain, 5), colourCast: capture.colourCast.map { round($0, 5) },
            gradientX: round(capture.gradientX, 5), gradientY: round(capture.gradientY, 5),
            vignetting: capture.vignetting, readNoise: capture.readNoise, shotNoise: capture.shotNoise,
            glare: capture.glare.map {
                GlareSpot(x: round($0.x, 2), y: round($0.y, 2), sigmaMajor: round($0.sigmaMajor, 2),
                          sigmaMinor: round($0.sigmaMinor, 2), angle: round($0.angle, 4), intensity: round($0.intensity, 4))
            },
            measurementRegion: corners, pores: pores, spots: spots, scars: scars, rednessPatches: patches, lines: lines,
            hairs: hairs)
    }

    // MARK: - Per session

    static func summarise(patient: SyntheticPatient, state: SessionState, canvas: SkinCanvas,
                          options: SynthesisOptions, parallel: Bool) -> TruthSummary {
        let ppm = patient.pixelsPerMillimetre
        let r = region(options.size)
        func inside(_ x: Double, _ y: Double) -> Bool {
            x >= r.minX && x < r.maxX && y >= r.minY && y < r.maxY && patient.isSkin(x: x, y: y)
        }
        // Region pixels (baseline integer coordinates) in canvas indices.
        let x0 = Int(r.minX.rounded(.up)), x1 = Int(r.maxX.rounded(.up)), y0 = Int(r.minY.rounded(.up)), y1 = Int(r.maxY.rounded(.up))
        let cropSize = Size(width: x1 - x0, height: y1 - y0)
        var lPlane = [Float](repeating: 0, count: cropSize.width * cropSize.height)
        var aPlane = lPlane, bPlane = lPlane
        var skin = [Bool](repeating: false, count: lPlane.count)
        let red = canvas.red.pixels, green = canvas.green.pixels, blue = canvas.blue.pixels
        for y in 0..<cropSize.height {
            for x in 0..<cropSize.width {
                let bx = x0 + x, by = y0 + y
                let ci = (by - canvas.originY) * canvas.size.width + (bx - canvas.originX)
                let lab = ColorSpace.lab(fromLinearRed: Double(red[ci].value), green: Double(green[ci].value),
                                         blue: Double(blue[ci].value))
                let i = y * cropSize.width + x
                lPlane[i] = Float(lab.l); aPlane[i] = Float(lab.a); bPlane[i] = Float(lab.b)
                skin[i] = patient.isSkin(x: Double(bx), y: Double(by))
            }
        }
        let skinCount = skin.reduce(0) { $0 + ($1 ? 1 : 0) }
        let areaSquareMillimetres = Double(skinCount) / (ppm * ppm)
        let areaSquareCentimetres = areaSquareMillimetres / 100

        func mean(_ plane: [Float], where select: (Int) -> Bool = { _ in true }) -> (mean: Double, sd: Double, n: Int) {
            var sum = 0.0, sumSquares = 0.0, n = 0
            for i in plane.indices where skin[i] && select(i) {
                let v = Double(plane[i]); sum += v; sumSquares += v * v; n += 1
            }
            guard n > 0 else { return (0, 0, 0) }
            let m = sum / Double(n)
            return (m, max(sumSquares / Double(n) - m * m, 0).squareRoot(), n)
        }
        func blurred(_ plane: [Float], sigmaMillimetres: Double) -> [Float] {
            Kernels.GaussianBlur.fast(Image<Gray32>(size: cropSize, pixels: plane.map { Gray32(value: $0) }),
                                      sigma: sigmaMillimetres * ppm, parallel: parallel).pixels.map(\.value)
        }

        let meanL = mean(lPlane), meanA = mean(aPlane), meanB = mean(bPlane)
        let lowL = mean(blurred(lPlane, sigmaMillimetres: 0.5)), lowB = mean(blurred(bPlane, sigmaMillimetres: 0.5))
        let smoothL = blurred(lPlane, sigmaMillimetres: 1)
        var detail = lPlane
        for i in detail.indices { detail[i] -= smoothL[i] }
        var inScar = [Bool](repeating: false, count: lPlane.count)
        for scar in patient.scars {
            let radius = scar.radiusMillimetres * ppm
            for y in 0..<cropSize.height {
                let dy = Double(y0 + y) - scar.y
                guard abs(dy) < radius else { continue }
                for x in 0..<cropSize.width {
                    let dx = Double(x0 + x) - scar.x
                    if dx * dx + dy * dy < radius * radius { inScar[y * cropSize.width + x] = true }
                }
            }
        }
        func rms(_ select: (Int) -> Bool) -> Double {
            var sum = 0.0, n = 0
            for i in detail.indices where skin[i] && select(i) { sum += Double(detail[i] * detail[i]); n += 1 }
            return n > 0 ? (sum / Double(n)).squareRoot() : 0
        }

        let pigments = PigmentModel(lStar: patient.baseLStar, aStar: patient.baseAStar, bStar: patient.baseBStar)
        let e0 = SkinLayers.diffuseHaemoglobin(patient, state)
        let m0 = SkinLayers.melaninOffset(patient, state, pigments)
        let bare = pigments.lab(melanin: m0, haemoglobin: e0)

        let pores = patient.pores.filter { state.isVisible($0) && inside($0.x, $0.y) }
        let poreAreas = pores.map { pore -> Double in
            let radius = pore.radiusMillimetres * state.poreRadiusFactor
            return Double.pi * radius * radius / pore.elongation
        }
        let spots = patient.spots.filter { inside($0.x, $0.y) }
        let spotDeltas = spots.map { spot -> (Double, Double) in
            let dark = pigments.lab(melanin: m0 + spot.melanin * state.spotContrastFactor, haemoglobin: e0)
            let dl = dark.l - bare.l, da = dark.a - bare.a, db = dark.b - bare.b
            return ((dl * dl + da * da + db * db).squareRoot(), dl)
        }
        let scars = patient.scars.filter { inside($0.x, $0.y) }
        var lineLength = 0.0, lineCount = 0, lineDepth = 0.0
        for line in patient.lines {
            let track = SkinLayers.track(x: line.x, y: line.y, angle: line.angle, lengthPixels: line.lengthMillimetres * ppm,
                                         curvaturePerPixel: line.curvaturePerMillimetre / ppm)
            let step = line.lengthMillimetres / Double(track.count - 1)
            let insideCount = track.dropFirst().filter { inside($0.x, $0.y) }.count
            if insideCount > 0 {
                lineCount += 1
                lineLength += Double(insideCount) * step
                lineDepth += line.depthMicrometres * state.lineDepthFactor
            }
        }
        func average(_ values: [Double]) -> Double { values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count) }

        return TruthSummary(
            regionAreaSquareCentimetres: round(areaSquareCentimetres, 5),
            pores: .init(count: pores.count, densityPerSquareCentimetre: round(Double(pores.count) / areaSquareCentimetres, 4),
                         meanAreaSquareMillimetres: round(average(poreAreas), 6),
                         areaPercent: round(100 * poreAreas.reduce(0, +) / areaSquareMillimetres, 5)),
            spots: .init(count: spots.count,
                         totalAreaSquareMillimetres: round(spots.reduce(0) { $0 + $1.areaSquareMillimetres }, 4),
                         areaPercent: round(100 * spots.reduce(0) { $0 + $1.areaSquareMillimetres } / areaSquareMillimetres, 5),
                         meanDeltaE: round(average(spotDeltas.map(\.0)), 4), meanDeltaLStar: round(average(spotDeltas.map(\.1)), 4)),
            scars: .init(count: scars.count,
                         totalAreaSquareMillimetres: round(scars.reduce(0) { $0 + $1.areaSquareMillimetres }, 4),
                         areaPercent: round(100 * scars.reduce(0) { $0 + $1.areaSquareMillimetres } / areaSquareMillimetres, 5),
                         meanDepthMicrometres: round(average(scars.map { $0.depthMicrometres * state.scarDepthFactor }), 3),
                         meanRoughnessMicrometres: round(average(scars.map { $0.roughnessMicrometres * state.scarRoughnessFactor }), 4),
                         textureLStar: round(rms { inScar[$0] }, 4), surroundingTextureLStar: round(rms { !inScar[$0] }, 4)),
            redness: .init(meanAStar: round(meanA.mean, 4), diffuseHaemoglobin: round(e0, 5),
                           patchCount: patient.rednessPatches.filter { inside($0.x, $0.y) }.count),
            lines: .init(count: lineCount, totalLengthMillimetres: round(lineLength, 3),
                         densityMillimetresPerSquareCentimetre: round(lineLength / areaSquareCentimetres, 4),
                         meanDepthMicrometres: round(lineCount > 0 ? lineDepth / Double(lineCount) : 0, 3)),
            tone: .init(meanLStar: round(meanL.mean, 4), meanAStar: round(meanA.mean, 4), meanBStar: round(meanB.mean, 4),
                        itaDegrees: round(ColorSpace.ita(l: meanL.mean, b: meanB.mean), 4),
                        lowPassSDLStar: round(lowL.sd, 4), lowPassSDBStar: round(lowB.sd, 4)))
    }

    /// `value` rounded to `digits` decimals (so the JSON stays short and stable).
    static func round(_ value: Double, _ digits: Int) -> Double {
        guard value.isFinite else { return value }
        let scale = power(10, Double(digits))
        return (value * scale).rounded() / scale
    }
}
