import Foundation
import ImageCodec
import ImageCore
@testable import Synthesis
import Testing

/// The generator checked against its own parameters.
@Suite("Synthetic sessions")
struct GeneratorTests {
    @Test("the same options give identical photos and ground truth on one thread and on all")
    func deterministicAcrossThreads() throws {
        let plan = try SynthesisPlan(options: SynthesisFixtures.options(sessions: 3, repeats: 2))
        let course = try #require(plan.patients.first)
        for (state, photos) in zip(course.sessions, course.photos) {
            let serial = SessionRendering(patient: course.patient, state: state, photos: photos, options: plan.options,
                                          parallel: false)
            let parallel = SessionRendering(patient: course.patient, state: state, photos: photos, options: plan.options,
                                            parallel: true)
            #expect(serial.images == parallel.images)
            #expect(serial.truth == parallel.truth)
            let encoder = JPEGEncoder(quality: 90)
            #expect(try serial.images.map { try encoder.encode($0) } == parallel.images.map { try encoder.encode($0) })
        }
        // A second plan from the same options is the same plan.
        let again = try SynthesisPlan(options: plan.options)
        #expect(again.patients.map(\.patient) == plan.patients.map(\.patient))
        #expect(again.patients.map(\.photos) == plan.patients.map(\.photos))
    }

    @Test("different seeds give different skin")
    func seedsDiffer() throws {
        let a = try SynthesisPlan(options: SynthesisFixtures.options(seed: 1)).patients[0].patient
        let b = try SynthesisPlan(options: SynthesisFixtures.options(seed: 2)).patients[0].patient
        #expect(a.pores != b.pores)
    }

    @Test("rendered pores are where the ground truth says, within a pixel, after camera motion")
    func poresAtTruePositions() throws {
        let options = SynthesisFixtures.options(seed: 5, sessions: 2, size: Size(width: 400, height: 300),
                                                camera: SynthesisFixtures.movingCameraSteadyLight(noise: false))
        let plan = try SynthesisPlan(options: options)
        let course = plan.patients[0]
        // Light from straight above, so the pits' shading is symmetric: a low light darkens the wall
        // facing away from it and moves a pore's dark centroid by up to a pixel towards the light.
        var overhead = course.sessions[1]
        overhead.lightElevation = Double.pi / 2
        let rendering = SessionRendering(patient: course.patient, state: overhead, photos: course.photos[1], options: options)
        let photo = try #require(rendering.truth.photos.first)
        #expect(photo.baselineFromPhoto != ProjectiveTransform.identity.matrix, "the follow-up must have moved")
        let lightness = SynthesisFixtures.lightness(rendering.images[0])
        let width = photo.width, height = photo.height
        // Isolated pores: no other feature within reach.
        func far(_ x: Double, _ y: Double, from points: [(Double, Double, Double)]) -> Bool {
            points.allSatisfy { ($0.0 - x) * ($0.0 - x) + ($0.1 - y) * ($0.1 - y) > $0.2 * $0.2 }
        }
        var obstacles = photo.scars.map { ($0.x, $0.y, $0.radiusPixels * 1.6 + 8) }
        obstacles += photo.spots.map { ($0.x, $0.y, $0.radiusPixels * 1.6 + 8) }
        obstacles += (photo.lines.flatMap(\.points) + photo.hairs.flatMap(\.points)).map { ($0[0], $0[1], 28.0) }
        var errors: [Double] = []
        for pore in photo.pores where pore.radiusPixels >= 2 {
            let reach = 2.2 * pore.radiusPixels + 2
            guard pore.x > reach + 2, pore.y > reach + 2, Double(width) - pore.x > reach + 2, Double(height) - pore.y > reach + 2,
                  far(pore.x, pore.y, from: obstacles),
                  far(pore.x, pore.y, from: photo.pores.filter { $0.id != pore.id }.map { ($0.x, $0.y, reach + 2 * $0.radiusPixels) })
            else { continue }
            // Reference lightness: the median of a ring around the pore.
            var ring: [Double] = []
            var window: [(Double, Double, Double)] = []
            for y in Int(pore.y - reach)...Int(pore.y + reach) {
                for x in Int(pore.x - reach)...Int(pore.x + reach) {
                    let d = ((Double(x) - pore.x) * (Double(x) - pore.x) + (Double(y) - pore.y) * (Double(y) - pore.y)).squareRoot()
                    let value = lightness[y * width + x]
                    if d > 1.6 * pore.radiusPixels && d <= reach { ring.append(value) }
                    if d <= 1.5 * pore.radiusPixels + 1 { window.append((Double(x), Double(y), value)) }
                }
            }
            let reference = ring.sorted()[ring.count / 2]
            // Darkness-weighted centroid (pits are dark from their own shadow).
            var sw = 0.0, sx = 0.0, sy = 0.0
            for (x, y, value) in window {
                let w = max(reference - value, 0)
                sw += w; sx += w * x; sy += w * y
            }
            guard sw > 0 else { continue }
            errors.append(((sx / sw - pore.x) * (sx / sw - pore.x) + (sy / sw - pore.y) * (sy / sw - pore.y)).squareRoot())
        }
        #expect(errors.count >= 10, "too few isolated pores to check: \(errors.count)")
        let sorted = errors.sorted()
        #expect(sorted[sorted.count / 2] < 0.15, "median pore position error \(sorted[sorted.count / 2]) px")
        #expect(sorted.last! < 0.5, "largest pore position error \(sorted.last!) px")
    }

    @Test("a no-change session pair differs only by the declared transform")
    func noChangePairMatchesUnderDeclaredTransform() throws {
        let options = SynthesisFixtures.options(seed: 9, sessions: 2, size: Size(width: 320, height: 240), course: .unchanged,
                                                camera: SynthesisFixtures.movingCameraSteadyLight(noise: false))
        let plan = try SynthesisPlan(options: options)
        let course = plan.patients[0]
        let before = SessionRendering(patient: course.patient, state: course.sessions[0], photos: course.photos[0], options: options)
        let after = SessionRendering(patient: course.patient, state: course.sessions[1], photos: course.photos[1], options: options)
        #expect(before.truth.summary == after.truth.summary, "the skin must not change")
        let truth = after.truth.photos[0]
        let photoFromBaseline = ProjectiveTransform(matrix: truth.photoFromBaseline)

        func rms(_ transform: ProjectiveTransform) -> Double {
            let warped = Kernels.Warp.fast(SynthesisFixtures.linearPlanes(after.images[0]), sourceFromTarget: transform,
                                           outputSize: options.size, interpolation: .bicubic)
            let reference = SynthesisFixtures.linearPlanes(before.images[0])
            let mask = warped.mask.pixels
            var sum = 0.0, n = 0
            for c in 0..<3 {
                let a = warped.planes[c].pixels, b = reference[c].pixels
                for y in 8..<(options.size.height - 8) {
                    for x in 8..<(options.size.width - 8) {
                        let i = y * options.size.width + x
                        // Only where the after photo covers the point with a margin for interpolation.
                        guard mask[i].value == 255, mask[i - 3].value == 255, mask[i + 3].value == 255,
                              mask[i - 3 * options.size.width].value == 255, mask[i + 3 * options.size.width].value == 255
                        else { continue }
                        let d = Double(a[i].value - b[i].value)
                        sum += d * d; n += 1
                    }
                }
            }
            return (sum / Double(max(n, 1))).squareRoot()
        }
        let declared = rms(photoFromBaseline)
        let shifted = rms(photoFromBaseline.concatenating(.affine(a: 1, b: 0, c: 1, d: 0, e: 1, f: 0)))
        // Double resampling of fine texture leaves a small residual; one pixel off is several times larger.
        #expect(declared < 0.006, "RMS linear difference under the declared transform: \(declared)")
        #expect(shifted > 3 * declared, "one pixel off (\(shifted)) must be clearly worse than declared (\(declared))")
    }

    @Test("sensor noise has the declared standard deviation")
    func noiseMatchesModel() throws {
        var camera = CameraVariation.fixed
        camera.readNoise = 0.004
        camera.shotNoise = 0.0004
        let noisy = SynthesisFixtures.options(seed: 3, sessions: 1, camera: camera)
        let clean = SynthesisFixtures.options(seed: 3, sessions: 1, camera: .fixed)
        let a = try SynthesisPlan(options: noisy).patients[0], b = try SynthesisPlan(options: clean).patients[0]
        let canvas = SkinRenderer.canvas(patient: a.patient, session: a.sessions[0], photos: a.photos[0][0...0].map { $0 },
                                         size: noisy.size)
        let noisyImage = SkinRenderer.photo(a.photos[0][0], canvas: canvas)
        let cleanImage = SkinRenderer.photo(b.photos[0][0], canvas: canvas)
        let table = ColorSpace.linearFromSRGB8
        // Standardised residuals: (noisy − clean) / σ(clean) should have unit variance (8-bit rounding adds a little).
        var sum = 0.0, sumSquares = 0.0, n = 0.0
        for (p, q) in zip(noisyImage.pixels, cleanImage.pixels) {
            for (u, v) in [(p.green, q.green)] {
                let clean = Double(table[Int(v)])
                guard clean > 0.05, clean < 0.8 else { continue }
                let sigma = (camera.readNoise * camera.readNoise + camera.shotNoise * clean).squareRoot()
                let z = (Double(table[Int(u)]) - clean) / sigma
                sum += z; sumSquares += z * z; n += 1
            }
        }
        let mean = sum / n, sd = (sumSquares / n - mean * mean).squareRoot()
        #expect(abs(mean) < 0.05, "noise mean \(mean) σ")
        #expect(abs(sd - 1) < 0.12, "noise sd \(sd) σ")
    }

    @Test("spot contrast in the rendered photo matches the declared ΔL*")
    func spotContrast() throws {
        let options = SynthesisFixtures.options(seed: 21, sessions: 1, size: Size(width: 1000, height: 750), camera: .fixed)
        let course = try SynthesisPlan(options: options).patients[0]
        let rendering = SessionRendering(patient: course.patient, state: course.sessions[0], photos: course.photos[0],
                                         options: options)
        let photo = rendering.truth.photos[0]
        let lightness = SynthesisFixtures.lightness(rendering.images[0])
        var checked = 0
        for spot in photo.spots {
            let r = spot.radiusPixels
            guard spot.x > 2.2 * r, spot.y > 2.2 * r, Double(photo.width) - spot.x > 2.2 * r,
                  Double(photo.height) - spot.y > 2.2 * r,
                  photo.scars.allSatisfy({ hypot($0.x - spot.x, $0.y - spot.y) > 2.2 * r + $0.radiusPixels * 1.5 })
            else { continue }
            var inner: [Double] = [], outer: [Double] = []
            for y in Int(spot.y - 2.2 * r)...Int(spot.y + 2.2 * r) {
                for x in Int(spot.x - 2.2 * r)...Int(spot.x + 2.2 * r) {
                    let d = hypot(Double(x) - spot.x, Double(y) - spot.y)
                    if d < 0.4 * r { inner.append(lightness[y * photo.width + x]) }
                    if d > 1.6 * r && d < 2.2 * r { outer.append(lightness[y * photo.width + x]) }
                }
            }
            // Medians resist pores and hairs; mottling and relief shading leave about ±1.5 L*.
            let measured = inner.sorted()[inner.count / 2] - outer.sorted()[outer.count / 2]
            #expect(abs(measured - spot.deltaLStar) < 1.5 + 0.1 * abs(spot.deltaLStar),
                    "spot \(spot.id): measured ΔL* \(measured), declared \(spot.deltaLStar)")
            checked += 1
        }
        #expect(checked >= 1)
    }

    @Test("the course moves each claim by its declared rate")
    func courseRates() throws {
        let options = SynthesisOptions(seed: 4, patients: 2, sessions: 4, size: Size(width: 200, height: 150),
                                       fieldWidthMillimetres: 10)
        let plan = try SynthesisPlan(options: options)
        let course = options.course
        for patient in plan.patients {
            let states = patient.sessions
            // Days and post-procedure flags follow the schedule: regular visits 28 days apart, a check 2 days after.
            #expect(states.map(\.day) == [0, 28, 30, 56])
            #expect(states.map(\.daysSinceProcedure) == [nil, 28, 2, 28])
            #expect(states.map(\.isPostProcedure) == [false, false, true, false])
            for state in states {
                let t = Double(state.day) / 28
                #expect(abs(state.spotContrastFactor - pow(1 + course.spotContrastRate, t)) < 1e-12)
                // Pores close in rank order: the open fraction matches the declared rate within sampling error.
                let open = Double(patient.patient.pores.filter { state.isVisible($0) }.count)
                let total = Double(patient.patient.pores.count)
                let expected = pow(1 + course.poreCountRate, t)
                #expect(abs(open / total - expected) < 4 * (expected * (1 - expected) / total).squareRoot() + 1e-9)
            }
        }
    }

    @Test("ground-truth summaries follow the course: fewer pores, fainter spots, redness spikes after a procedure")
    func summariesFollowCourse() throws {
        let options = SynthesisFixtures.options(seed: 8, sessions: 4, size: Size(width: 320, height: 240), camera: .fixed)
        let plan = try SynthesisPlan(options: options)
        let course = plan.patients[0]
        let summaries = zip(course.sessions, course.photos).map { state, photos in
            SessionRendering(patient: course.patient, state: state, photos: photos, options: options).truth.summary
        }
        #expect(summaries[3].pores.count < summaries[0].pores.count)
        #expect(summaries[3].pores.meanAreaSquareMillimetres < summaries[0].pores.meanAreaSquareMillimetres)
        if summaries[0].spots.count > 0 {
            #expect(summaries[3].spots.meanDeltaE < summaries[0].spots.meanDeltaE)
        }
        #expect(summaries[2].redness.meanAStar > summaries[1].redness.meanAStar + 2, "post-procedure redness")
        #expect(summaries[3].redness.meanAStar < summaries[0].redness.meanAStar)
        #expect(summaries[3].tone.meanLStar > summaries[0].tone.meanLStar, "brightening")
        if summaries[0].scars.count > 0 {
            #expect(summaries[3].scars.meanRoughnessMicrometres < summaries[0].scars.meanRoughnessMicrometres)
        }
    }

    @Test("bad options are refused with a reason before anything is allocated",
          arguments: [
            (SynthesisOptions(patients: 0), "patients"),
            (SynthesisOptions(sessions: 25), "sessions"),
            (SynthesisOptions(repeats: 0), "repeats"),
            (SynthesisOptions(size: Size(width: 9000, height: 100)), "side"),
            (SynthesisOptions(size: Size(width: 8000, height: 8000)), "pixels"),
            (SynthesisOptions(size: Size(width: 32, height: 32)), "at least"),
            (SynthesisOptions(jpegQuality: 0), "quality"),
            (SynthesisOptions(startDate: "2026-02-30"), "date"),
          ] as [(SynthesisOptions, String)])
    func refusesBadOptions(options: SynthesisOptions, word: String) {
        #expect {
            try options.validate()
        } throws: { error in
            (error as? SynthesisError)?.description.contains(word) == true
        }
    }

    @Test("calendar arithmetic round-trips and knows month lengths")
    func calendar() {
        #expect(SessionCalendar.day(from: "1970-01-01") == 0)
        #expect(SessionCalendar.day(from: "2024-02-29") != nil)
        #expect(SessionCalendar.day(from: "2023-02-29") == nil)
        for day in stride(from: -1000, to: 30000, by: 37) {
            #expect(SessionCalendar.day(from: SessionCalendar.text(fromDay: day)) == day)
        }
    }
}
