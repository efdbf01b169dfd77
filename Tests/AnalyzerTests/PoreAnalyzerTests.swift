import AnalysisKit
import Foundation
import ImageCore
import PoreAnalyzer
import Synthesis
import Testing

@Suite("Pore analyzer")
struct PoreAnalyzerTests {
    /// Rendered pores whose centre lies on the measured skin.
    static func truePores(_ course: SyntheticCourse, patient: Int, session: Int, mask: Image<Gray8>) -> Int {
        let m = mask.pixels
        return course.truths[patient][session].photos[0].pores.filter {
            let x = Int($0.x.rounded()), y = Int($0.y.rounded())
            return x >= 0 && y >= 0 && x < mask.width && y < mask.height && m[y * mask.width + x].value != 0
        }.count
    }

    @Test("pore count within 5 % of the rendered pores and its change within 5 points, every tone band")
    func poreCount() throws {
        let course = try sharedCourse.get()
        let analyzer = PoreAnalyzer(settings: .init())
        for patient in 0..<4 {
            let ita = course.plan.patients[patient].patient.itaDegrees
            let pair = try course.pair(patient: patient, session: 2)
            let result = try analyzer.analyze(pair, in: AnalysisContext())
            let count = try #require(result.value("count"))
            let truthBefore = Double(Self.truePores(course, patient: patient, session: 0, mask: pair.mask))
            let truthAfter = Double(Self.truePores(course, patient: patient, session: 2, mask: pair.mask))
            for (measured, truth) in [(count.before, truthBefore), (count.after!, truthAfter)] {
                let error = 100 * (measured - truth) / truth
                print("pores \(toneBand(ita)) (ITA \(Int(ita))°): \(Int(measured)) vs \(Int(truth)) true, error \(error) %")
                #expect(abs(error) <= 5, "\(toneBand(ita)): \(measured) pores vs \(truth) true")
            }
            let change = SyntheticCourse.percentChange(count.before, count.after!)
            let trueChange = SyntheticCourse.percentChange(truthBefore, truthAfter)
            print("pores \(toneBand(ita)): change \(change) % vs true \(trueChange) %")
            #expect(change < 0 && abs(change - trueChange) <= 5)
            let density = try #require(result.value("density"))
            #expect(density.unit == nil && abs(density.before - count.before / (Double(PlaneMath.count(pair.mask)) / 400 / 100)) < 1e-9)
        }
    }
}
