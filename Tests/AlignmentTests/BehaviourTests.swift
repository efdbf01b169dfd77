import Foundation
import ImageCore
import Synthesis
import Testing
@testable import Alignment

@Suite("Alignment behaviour: determinism, masks, warping")
struct BehaviourTests {
    static let size = Size(width: 512, height: 384)

    @Test("The same result on one core and on all cores")
    func determinism() throws {
        let truth = SyntheticPair.motion(degrees: -7, scale: 1.1, shiftX: 0.05, shiftY: 0.02, size: Self.size)
        let pair = try SyntheticPair(size: Self.size, afterToBefore: truth, lighting: .changed)
        let serial = align(before: pair.before, after: pair.after, options: AlignmentOptions(parallel: false))
        let parallel = align(before: pair.before, after: pair.after, options: AlignmentOptions(parallel: true))
        #expect(serial == parallel)
        #expect(align(before: pair.before, after: pair.after) == parallel)
    }

    @Test("A mask restricts the refinement and still aligns; a prepared baseline gives the same result")
    func mask() throws {
        let truth = SyntheticPair.motion(degrees: 5, scale: 0.95, shiftX: -0.04, shiftY: 0.03, size: Self.size)
        let pair = try SyntheticPair(size: Self.size, afterToBefore: truth, lighting: .changed)
        // Left half only.
        let mask = Image(size: Self.size, pixels: (0..<Self.size.width * Self.size.height).map {
            Gray8(value: $0 % Self.size.width < Self.size.width / 2 ? 255 : 0)
        })
        let masked = align(before: pair.before, after: pair.after, options: AlignmentOptions(mask: mask))
        #expect(masked.verdict == .aligned)
        #expect(SyntheticPair.cornerError(masked.transform, truth, afterSize: Self.size) < 0.15)
        let whole = align(before: pair.before, after: pair.after)
        #expect(masked.transform != whole.transform)

        let baseline = AlignmentPyramid(pair.before)
        #expect(align(before: baseline, after: AlignmentPyramid(pair.after)) == whole)
    }

    @Test("The warped after photo matches the before photo inside the validity mask")
    func warp() throws {
        let truth = SyntheticPair.motion(degrees: 12, scale: 1.15, shiftX: 0.1, shiftY: -0.05, size: Self.size)
        let pair = try SyntheticPair(size: Self.size, afterToBefore: truth)
        let registration = align(before: pair.before, after: pair.after)
        let warped = try #require(registration.warp(pair.after, outputSize: Self.size))
        let before = pair.before.pixels, after = warped.image.pixels, mask = warped.mask.pixels
        var covered = 0, sum = 0.0
        for i in 0..<before.count where mask[i].value == 255 {
            covered += 1
            sum += abs(Double(before[i].green) - Double(after[i].green))
        }
        let coverage = Double(covered) / Double(before.count)
        #expect(abs(coverage - registration.overlap) < 0.05)
        // Same skin, independent noise: the mean difference is that of the noise (a few codes).
        #expect(sum / Double(covered) < 4)
        // Misplaced by 3 px, the difference is larger.
        let shifted = ProjectiveTransform.affine(a: 1, b: 0, c: 3, d: 0, e: 1, f: 0).concatenating(registration.transform)
        var wrong = registration
        wrong.transform = shifted
        let bad = try #require(wrong.warp(pair.after, outputSize: Self.size))
        let badPixels = bad.image.pixels, badMask = bad.mask.pixels
        var badSum = 0.0, badCount = 0
        for i in 0..<before.count where badMask[i].value == 255 {
            badCount += 1
            badSum += abs(Double(before[i].green) - Double(badPixels[i].green))
        }
        #expect(badSum / Double(badCount) > 1.1 * sum / Double(covered))
        let board = AlignmentOverlay.checkerboard(before: pair.before, warpedAfter: warped.image, mask: warped.mask, tile: 32)
        #expect(board.pixels[0] == before[0] || mask[0].value == 0)
    }
}
