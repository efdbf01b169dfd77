import Foundation
import ImageCore
import Synthesis
import Testing
@testable import Alignment

/// Pairs that must not be called aligned.
@Suite("Alignment refuses what it cannot do")
struct RefusalTests {
    static let size = Size(width: 512, height: 384)

    @Test("Different patients are failed, never aligned", arguments: [(7 as UInt64, 1), (8, 0), (9, 1)])
    func differentPatients(seed: UInt64, patient: Int) throws {
        let mine = try SyntheticPair(size: Self.size, afterToBefore: .identity)
        let other = try SyntheticPair(seed: seed, patient: patient, size: Self.size, afterToBefore: .identity)
        let registration = align(before: mine.before, after: other.after)
        guard case .failed(let reason) = registration.verdict else {
            Issue.record("verdict \(registration.verdict)")
            return
        }
        #expect(!reason.isEmpty)
    }

    @Test("A flat photo has too little texture")
    func flat() throws {
        let pair = try SyntheticPair(size: Self.size, afterToBefore: .identity)
        let grey = Image(size: Self.size, repeating: RGB8(red: 180, green: 140, blue: 120))
        let registration = align(before: pair.before, after: grey)
        #expect(registration.verdict.name == "failed")
        #expect(registration.verdict.reason?.contains("texture") == true)
        #expect(registration.residualPixels == nil)
    }

    @Test("Random noise against skin is failed")
    func noise() throws {
        let pair = try SyntheticPair(size: Self.size, afterToBefore: .identity)
        var state: UInt64 = 99
        let noise = Image(size: Self.size, pixels: (0..<Self.size.width * Self.size.height).map { _ in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let v = UInt8(truncatingIfNeeded: state >> 56)
            return RGB8(red: v, green: v, blue: v)
        })
        #expect(align(before: pair.before, after: noise).verdict.name == "failed")
    }

    @Test("Photos that do not overlap are failed")
    func noOverlap() throws {
        let truth = SyntheticPair.motion(degrees: 0, scale: 1, shiftX: 1.05, shiftY: 0, size: Self.size)
        let pair = try SyntheticPair(size: Self.size, afterToBefore: truth)
        #expect(align(before: pair.before, after: pair.after).verdict.name == "failed")
    }

    @Test("A transform beyond the stated range is low confidence with the reason")
    func extreme() throws {
        let truth = SyntheticPair.motion(degrees: 60, scale: 1, shiftX: 0, shiftY: 0, size: Self.size)
        let pair = try SyntheticPair(size: Self.size, afterToBefore: truth)
        let registration = align(before: pair.before, after: pair.after, options: AlignmentOptions(maximumRotationDegrees: 45))
        if case .lowConfidence(let reason) = registration.verdict {
            #expect(reason.contains("rotation"))
            #expect(SyntheticPair.cornerError(registration.transform, truth, afterSize: Self.size) < 0.2)
        } else {
            // Beyond the range the global stage may also find nothing; it must never say aligned.
            #expect(registration.verdict.name == "failed")
        }
    }

    @Test("Tiny photos and an empty mask give a reason, not a trap")
    func degenerate() throws {
        let tiny = Image(size: Size(width: 20, height: 20), repeating: RGB8(red: 1, green: 2, blue: 3))
        #expect(align(before: tiny, after: tiny).verdict.name == "failed")
        let one = Image(size: Size(width: 1, height: 1), repeating: RGB8(red: 1, green: 2, blue: 3))
        #expect(align(before: one, after: tiny).verdict.name == "failed")
        let pair = try SyntheticPair(size: Self.size, afterToBefore: .identity)
        let empty = Image(size: Self.size, repeating: Gray8(value: 0))
        let registration = align(before: pair.before, after: pair.after, options: AlignmentOptions(mask: empty))
        #expect(registration.verdict.name == "failed")
    }
}
