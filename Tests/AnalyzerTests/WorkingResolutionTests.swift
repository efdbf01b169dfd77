import AnalysisKit
import Foundation
import ImageCore
import PigmentationAnalyzer
import RednessAnalyzer
import Testing

/// The pipeline hands each analyzer the pair reduced to its declared working resolution. These
/// tests measure what that costs: on the rendered course at 20 px/mm, every metric at the working
/// resolution against the same metric at full resolution, and each change against the truth's
/// direction.
@Suite("Analyzers at their working resolution")
struct WorkingResolutionTests {
    /// Stated tolerances, per metric: the largest difference of the change (percentage points)
    /// between the working and the full resolution (one spot more or less moves the count by 1/7).
    /// Spot area and contrast: a spot just above the smallest spot area (0.4 mm²) at full
    /// resolution can fall under it at half resolution (on the darkest band one such spot moves the
    /// area by 6 % and the mean contrast by 5 %, and the tan band's area change by 2.3 points).
    static let changeTolerance: [String: Double] = [
        "lStarSD": 2, "bStarSD": 2, "itaSD": 2, "melaninIndexSD": 2, "spotAreaPercent": 3, "spotCount": 15, "spotMeanDeltaE": 2,
        "meanAStar": 0.5, "erythemaIndex": 0.5, "redAreaPercent": 10,
    ]
    /// And the largest difference of each value, percent of the full-resolution value.
    static let valueTolerance: [String: Double] = [
        "lStarSD": 2, "bStarSD": 3, "itaSD": 2, "melaninIndexSD": 2, "spotAreaPercent": 7, "spotMeanDeltaE": 6,
        "meanAStar": 0.5, "erythemaIndex": 0.5,
    ]

    /// The analyzers that work below the course's 20 px/mm (texture, lines and pores need it all).
    static let analyzers: [any Analyzer] = [PigmentationAnalyzer(settings: .init()), RednessAnalyzer(settings: .init())]

    @Test("every metric's change at the working resolution is within its stated tolerance of full resolution, every tone band")
    func changesAgree() throws {
        let course = try sharedCourse.get()
        for analyzer in Self.analyzers {
            let descriptor = type(of: analyzer).descriptor
            let levels = AlignedPair.reductionLevels(pixelsPerMillimetre: course.pixelsPerMillimetre,
                                                     working: descriptor.workingPixelsPerMillimetre)
            #expect(levels == (descriptor.workingPixelsPerMillimetre == 5 ? 2 : 1), "\(descriptor.id)")
            for patient in 0..<4 {
                let band = toneBand(course.plan.patients[patient].patient.itaDegrees)
                let pair = try course.pair(patient: patient, session: 2)
                let full = try analyzer.analyze(pair, in: AnalysisContext())
                let working = try analyzer.analyze(pair.reduced(levels: levels), in: AnalysisContext())
                for (metric, tolerance) in Self.changeTolerance {
                    guard let f = full.value(metric), let w = working.value(metric), let fa = f.after, let wa = w.after,
                          abs(f.before) > 1e-9, abs(w.before) > 1e-9 else { continue }
                    let fullChange = SyntheticCourse.percentChange(f.before, fa), workingChange = SyntheticCourse.percentChange(w.before, wa)
                    print("\(descriptor.id) \(metric) \(band): full \(f.before) → \(fa) (\(fullChange) %), working \(w.before) → \(wa) (\(workingChange) %)")
                    #expect(abs(workingChange - fullChange) <= tolerance,
                            "\(descriptor.id) \(metric) \(band): \(workingChange) % at the working resolution, \(fullChange) % at full")
                    if let valueTolerance = Self.valueTolerance[metric] {
                        for (a, b) in [(w.before, f.before), (wa, fa)] {
                            #expect(abs(a - b) <= valueTolerance / 100 * abs(b), "\(descriptor.id) \(metric) \(band): \(a) against \(b) at full resolution")
                        }
                    }
                }
            }
        }
    }
}
