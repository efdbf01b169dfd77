import Foundation
import ImageCore
import Synthesis
import Testing
@testable import Alignment

@Suite("Alignment accuracy on synthetic pairs")
struct AccuracyTests {
    @Test("A moved, zoomed and relit after photo is found to within a small fraction of a pixel")
    func movedPair() throws {
        let size = Size(width: 640, height: 480)
        let truth = AlignmentFixtures.motion(degrees: 12, scale: 1.2, shiftX: 0.1, shiftY: -0.05, size: size)
        let pair = try AlignmentFixtures.pair(size: size, truth: truth, lighting: .changed)
        let registration = align(before: pair.before, after: pair.after)
        let error = AlignmentFixtures.cornerError(registration.transform, truth, afterSize: size)
        print("verdict", registration.verdict, "model", registration.model, "error", error, "corr", registration.correlation,
              "overlap", registration.overlap, "residual", registration.residualPixels ?? -1, "it", registration.iterations,
              "kp", registration.keypoints, "matches", registration.matches, "inliers", registration.inliers)
        #expect(error < 0.05)
        #expect(registration.verdict == .aligned)
    }
}
