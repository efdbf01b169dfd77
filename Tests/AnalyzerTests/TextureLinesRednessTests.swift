import AnalysisKit
import FineLinesAnalyzer
import Foundation
import ImageCore
import RednessAnalyzer
import ScarTextureAnalyzer
import Synthesis
import Testing

@Suite("Redness, scar texture and fine-line analyzers")
struct TextureLinesRednessTests {
    @Test("redness: mean a* near the truth and its change within 5 points, every tone band")
    func redness() throws {
        let course = try sharedCourse.get()
        let analyzer = RednessAnalyzer(settings: .init())
        for patient in 0..<4 {
            let ita = course.plan.patients[patient].patient.itaDegrees
            let pair = try course.pair(patient: patient, session: 2)
            let result = try analyzer.analyze(pair, in: AnalysisContext())
            let a = try #require(result.value("meanAStar"))
            let truthBefore = course.truths[patient][0].summary.redness.meanAStar
            let truthAfter = course.truths[patient][2].summary.redness.meanAStar
            let change = SyntheticCourse.percentChange(a.before, a.after!)
            let trueChange = SyntheticCourse.percentChange(truthBefore, truthAfter)
            let ei = try #require(result.value("erythemaIndex"))
            let area = try #require(result.value("redAreaPercent"))
            print("redness \(toneBand(ita)) (ITA \(Int(ita))°): a* \(a.before) → \(a.after!) vs true \(truthBefore) → \(truthAfter); change \(change) % vs \(trueChange) %; EI \(ei.before) → \(ei.after!); red area \(area.before) → \(area.after!)")
            #expect(abs(a.before - truthBefore) < 1.0)
            #expect(change < 0 && abs(change - trueChange) <= 5)
            #expect(ei.after! < ei.before && area.after! <= area.before)
            #expect(!result.flags.contains("postProcedure"))
        }
    }

    @Test("redness: a photo two days after a procedure is marked post-procedure")
    func postProcedure() throws {
        let course = try sharedCourse.get()
        let before = AnalysisPhoto(rgb: course.photos[0][0])
        let pair = try AlignedPair.prepare(before: before, after: AnalysisPhoto(rgb: course.photos[0][1]), region: course.region,
                                           pixelsPerMillimetre: course.pixelsPerMillimetre,
                                           afterCapture: CaptureMetadata(daysSinceProcedure: 2))
        let result = try RednessAnalyzer(settings: .init()).analyze(pair, in: AnalysisContext())
        #expect(result.flags.contains("postProcedure"))
        #expect(result.notes.contains { $0.contains("2 days") })
    }

    @Test("scar texture: within days of a procedure the texture is reported but not judged, and leaves the composite")
    func texturePostProcedure() throws {
        let course = try sharedCourse.get()
        let before = AnalysisPhoto(rgb: course.photos[0][0]), after = AnalysisPhoto(rgb: course.photos[0][1])
        let analyzer = ScarTextureAnalyzer(settings: .init())
        for (days, recent) in [(2, true), (28, false)] {
            let pair = try AlignedPair.prepare(before: before, after: after, region: course.region,
                                               pixelsPerMillimetre: course.pixelsPerMillimetre,
                                               afterCapture: CaptureMetadata(daysSinceProcedure: days))
            let result = try analyzer.analyze(pair, in: AnalysisContext())
            #expect(result.flags.contains("postProcedure") == recent, "\(days) days")
            for metric in ScarTextureAnalyzer.descriptor.metrics where metric.direction != .neutral {
                let value = try #require(result.value(metric.id))
                #expect((value.withheldReason != nil) == recent, "\(metric.id) \(days) days: \(value.withheldReason ?? "judged")")
                #expect(value.after != nil, "the values are still reported")
            }
        }
    }

    @Test("scar texture: roughness change within 5 points of the truth, every tone band")
    func roughness() throws {
        let course = try sharedCourse.get()
        let analyzer = ScarTextureAnalyzer(settings: .init())
        for patient in 0..<4 {
            let ita = course.plan.patients[patient].patient.itaDegrees
            let pair = try course.pair(patient: patient, session: 2)
            let result = try analyzer.analyze(pair, in: AnalysisContext())
            func trueRoughness(_ s: TruthSummary) -> Double {
                let p = s.scars.areaPercent / 100
                return (p * s.scars.textureLStar * s.scars.textureLStar + (1 - p) * s.scars.surroundingTextureLStar * s.scars.surroundingTextureLStar).squareRoot()
            }
            let truthBefore = trueRoughness(course.truths[patient][0].summary)
            let truthAfter = trueRoughness(course.truths[patient][2].summary)
            let r = try #require(result.value("roughness"))
            let change = SyntheticCourse.percentChange(r.before, r.after!)
            let trueChange = SyntheticCourse.percentChange(truthBefore, truthAfter)
            print("texture \(toneBand(ita)) (ITA \(Int(ita))°): roughness \(r.before) → \(r.after!) vs true \(truthBefore) → \(truthAfter); change \(change) % vs \(trueChange) %;",
                  result.values.map { "\($0.metric) \(String(format: "%.4g", $0.before))→\(String(format: "%.4g", $0.after!))" },
                  "true scars \(course.truths[patient][0].summary.scars.count)")
            // The analyzer pre-smooths L* (σ = 0.05 mm) so the warp's resampling does not read as
            // smoother skin; that removes the finest texture, so the absolute value runs below the
            // truth's. The change is what must agree.
            #expect(change < 0 && abs(change - trueChange) <= 5)
            #expect((0.6...1.2).contains(r.before / truthBefore))
        }
    }

    @Test("fine lines: length density near the truth and depth change within 5 points, every tone band")
    func lines() throws {
        let course = try sharedCourse.get()
        let analyzer = FineLinesAnalyzer(settings: .init())
        for patient in 0..<4 {
            let ita = course.plan.patients[patient].patient.itaDegrees
            let pair = try course.pair(patient: patient, session: 2)
            let result = try analyzer.analyze(pair, in: AnalysisContext())
            let truth = course.truths[patient][0].summary.lines
            let truthAfter = course.truths[patient][2].summary.lines
            let density = try #require(result.value("lineDensity"))
            let depth = try #require(result.value("depthIndex"))
            let change = SyntheticCourse.percentChange(depth.before, depth.after!)
            let trueChange = SyntheticCourse.percentChange(truth.meanDepthMicrometres, truthAfter.meanDepthMicrometres)
            print("lines \(toneBand(ita)) (ITA \(Int(ita))°): density \(density.before) → \(density.after!) vs true \(truth.densityMillimetresPerSquareCentimetre); depth \(depth.before) → \(depth.after!) change \(change) % vs \(trueChange) %",
                  result.values.map { "\($0.metric) \(String(format: "%.4g", $0.before))→\(String(format: "%.4g", $0.after!))" })
            #expect(change < 0 && abs(change - trueChange) <= 5)
        }
    }

    @Test("fine lines: the eight-lane ridge filter equals the one-pixel definition to float rounding, odd sizes included")
    func ridgesMatchReference() {
        let size = Size(width: 203, height: 157)
        var state: UInt64 = 11
        func next() -> Float {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Float(state >> 40) / Float(1 << 24)
        }
        // Skin-like L* with noise and three dark lines of different widths and angles.
        let pixels = (0..<size.width * size.height).map { i -> Gray32 in
            let x = Double(i % size.width), y = Double(i / size.width)
            var value = 62 + 1.5 * Double(next())
            for (angle, offset, width) in [(0.2, 40.0, 1.2), (1.1, 90.0, 2.0), (-0.6, 150.0, 3.0)] {
                let distance = abs(x * sin(angle) - y * cos(angle) + offset)
                value -= 6 * exp(-distance * distance / (2 * width * width))
            }
            return Gray32(value: Float(value))
        }
        let l = Image(size: size, pixels: pixels)
        let analyzer = FineLinesAnalyzer(settings: .init())
        for ppm in [10.0, 20.0] {
            let fast = analyzer.ridges(l, ppm: ppm, parallel: true), reference = analyzer.ridgesReference(l, ppm: ppm)
            #expect(analyzer.ridges(l, ppm: ppm, parallel: false).vesselness == fast.vesselness)
            var worst: Float = 0, strengthsDiffer = 0
            let fastV = fast.vesselness.pixels, referenceV = reference.vesselness.pixels
            let fastS = fast.strength.pixels, referenceS = reference.strength.pixels
            for i in 0..<l.pixelCount {
                worst = max(worst, abs(fastV[i].value - referenceV[i].value))
                if fastS[i] != referenceS[i] { strengthsDiffer += 1 }
            }
            #expect(worst <= 1e-6, "ppm \(ppm): largest vesselness difference \(worst)")
            #expect(strengthsDiffer <= l.pixelCount / 1000, "ppm \(ppm): \(strengthsDiffer) strengths differ")
            #expect(reference.vesselness.pixels.contains { $0.value > 0.5 }, "the lines must read as ridges")
        }
    }

    @Test("fine lines without a scale: density in pixels of line per megapixel, labelled px/MP, the same lines as with it")
    func linesWithoutScale() throws {
        let course = try sharedCourse.get()
        let scaled = try course.pair(patient: 0, session: 2)
        let unscaled = try AlignedPair(before: scaled.before, after: scaled.after, mask: scaled.mask, pixelsPerMillimetre: nil)
        let ppm = try #require(scaled.pixelsPerMillimetre)
        // The window scale falls back to the assumed scale, so at the assumed scale the same lines are found.
        try #require(ppm == PhysicalScale.assumedPixelsPerMillimetre)
        let analyzer = FineLinesAnalyzer(settings: .init())
        let withScale = try #require(try analyzer.analyze(scaled, in: AnalysisContext()).value("lineDensity"))
        let without = try #require(try analyzer.analyze(unscaled, in: AnalysisContext()).value("lineDensity"))
        #expect(withScale.unit == nil)
        #expect(without.unit == "px/MP")
        // L px of line on M px of skin: 100 · L · ppm / M mm/cm², or 1e6 · L / M px/MP; the ratio is 1e4 / ppm.
        let factor = 1e4 / ppm
        #expect(abs(without.before - withScale.before * factor) <= 1e-9 * max(1, without.before))
        #expect(abs(without.after! - withScale.after! * factor) <= 1e-9 * max(1, without.after!))
    }
}
