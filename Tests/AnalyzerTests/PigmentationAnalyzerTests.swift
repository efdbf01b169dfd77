import AnalysisKit
import Foundation
import ImageCodec
import ImageCore
import PigmentationAnalyzer
import Synthesis
import Testing

@Suite("Pigmentation analyzer")
struct PigmentationAnalyzerTests {
    @Test("spot area within 10 % of the rendered outlines and contrast change within 5 points, every tone band")
    func spots() throws {
        let course = try sharedCourse.get()
        let analyzer = PigmentationAnalyzer(settings: .init())
        for patient in 0..<4 {
            let ita = course.plan.patients[patient].patient.itaDegrees
            let pair = try course.pair(patient: patient, session: 2)
            let result = try analyzer.analyze(pair, in: AnalysisContext())
            let truth = course.spotTruthPixels(patient: patient, mask: pair.mask)
            let truthPercent = 100 * Double(truth.pixels) / Double(PlaneMath.count(pair.mask))
            let area = try #require(result.value("spotAreaPercent"))
            let count = try #require(result.value("spotCount"))
            for measured in [area.before, area.after!] {
                let error = 100 * (measured - truthPercent) / max(truthPercent, 1e-9)
                print("pigmentation \(toneBand(ita)) (ITA \(Int(ita))°): spot area \(measured) % vs \(truthPercent) %, error \(error) %")
                #expect(abs(error) <= 10, "\(toneBand(ita)): spot area \(measured) % vs true \(truthPercent) %")
            }
            #expect(abs(count.before - Double(truth.spots)) <= 1 && abs(count.after! - Double(truth.spots)) <= 1)
            guard course.truths[patient][0].summary.spots.count > 0 else { continue }
            let contrast = try #require(result.value("spotMeanDeltaE"))
            let measuredChange = SyntheticCourse.percentChange(contrast.before, contrast.after!)
            let trueChange = SyntheticCourse.percentChange(course.truths[patient][0].summary.spots.meanDeltaE,
                                                           course.truths[patient][2].summary.spots.meanDeltaE)
            print("pigmentation \(toneBand(ita)): spot ΔE change \(measuredChange) % vs true \(trueChange) %")
            #expect(measuredChange < 0 && abs(measuredChange - trueChange) <= 5)
        }
    }

    @Test("tone SDs match the truth's low-pass SDs within 15 % and fall with the treatment")
    func tone() throws {
        let course = try sharedCourse.get()
        let analyzer = PigmentationAnalyzer(settings: .init())
        for patient in 0..<4 {
            let pair = try course.pair(patient: patient, session: 2)
            let result = try analyzer.analyze(pair, in: AnalysisContext())
            let l = try #require(result.value("lStarSD"))
            let truthBefore = course.truths[patient][0].summary.tone.lowPassSDLStar
            let truthAfter = course.truths[patient][2].summary.tone.lowPassSDLStar
            print("pigmentation: σL* \(l.before) → \(l.after!) vs true \(truthBefore) → \(truthAfter)")
            #expect(abs(l.before - truthBefore) / truthBefore <= 0.15)
            #expect((l.after! - l.before) * (truthAfter - truthBefore) > 0)
        }
    }

    /// The bundled sample course (made by the project's renderer; its spots do not change between
    /// P002's first and last sessions' photos beyond the treatment's fading): the last photo has a
    /// large glare near the frame's left edge, whose halo once lifted the background and turned
    /// the plain skin around it into spots (5.2 % of the skin against 1.6 % on the first photo, at the working resolution).
    /// Each photo is measured alone, so spots that faded under the just-noticeable difference on
    /// the last photo are not found there (1.67 → 1.11 %); what must not happen is a gain.
    @Test("a glare's halo makes no ring of spots: spot area of the sample course's P002 does not grow by more than 25 % between sessions")
    func glareHalo() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("SampleImages/sessions/P002")
        var areas: [Double] = []
        for photo in ["s01_2026-01-05/P002_s01_r1.jpg", "s04_2026-03-02/P002_s04_r1.jpg"] {
            let image = try ImageDecoder().decode(contentsOf: folder.appendingPathComponent(photo).path).image.rgb8
            // Measured as the pipeline measures it: at the analyzer's working resolution, 10 px/mm.
            let pair = try AlignedPair.prepare(before: AnalysisPhoto(rgb: image), after: nil, pixelsPerMillimetre: 20).reduced(levels: 1)
            let result = try PigmentationAnalyzer(settings: .init()).analyze(pair, in: AnalysisContext())
            let area = try #require(result.value("spotAreaPercent")).before
            print("sample course P002 \(photo): spot area \(area) %")
            areas.append(area)
        }
        #expect(areas[0] > 0.5 && areas[1] <= 1.25 * areas[0], "spot area \(areas[0]) % → \(areas[1]) %")
    }
}
