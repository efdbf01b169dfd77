import AnalysisKit
import Foundation
import ImageCore
import Scoring
import Testing

@Suite("Pair comparison and composite score")
struct PairComparisonTests {
    static let descriptor = AnalyzerDescriptor(
        id: "org.skindelta.redness", name: "Redness", summary: "Test.", version: "1.0.0",
        metrics: [
            MetricDescriptor(id: "meanAStar", name: "a*", unit: "a*", direction: .lowerIsBetter, description: "Mean a*."),
            MetricDescriptor(id: "tone", name: "Tone", unit: "L*", direction: .neutral, description: "Descriptive."),
        ])

    static func grid() -> TileGrid {
        TileGrid(mask: Image(size: Size(width: 100, height: 100), repeating: Gray8(value: 255)), pixelsPerMillimetre: 2)
    }

    static func result(tiles: Int, shift: Double) -> AnalysisResult {
        var result = AnalysisResult()
        let before = (0..<tiles).map { 10 + Double($0 % 5) * 0.1 }
        let after = before.enumerated().map { $1 + shift + (Double($0 % 3) - 1) * 0.05 }
        result.record("meanAStar", [(before.reduce(0, +) / Double(tiles), before), (after.reduce(0, +) / Double(tiles), after)])
        result.record("tone", [(60, before), (61, after)])
        return result
    }

    @Test("a clear fall of a lower-is-better metric is an improvement; the score agrees; neutral metrics are not scored")
    func improvement() {
        let grid = Self.grid()
        let comparison = PairComparison(measured: [.init(descriptor: Self.descriptor, result: Self.result(tiles: grid.tiles.count, shift: -1))],
                                        tiles: grid, gate: QualityGate(alignment: .aligned, beforeQuality: nil, afterQuality: nil))
        let a = comparison.metrics[0]
        #expect(a.verdict == .improved && a.ciHigh < 0 && a.ciLow <= a.delta && a.delta <= a.ciHigh)
        #expect(comparison.metrics[1].verdict == .notScored)
        #expect(comparison.score.verdict == .improved && comparison.score.value > 0)
        #expect(comparison.score.weights == ["org.skindelta.redness": 1])
        #expect(comparison.warnings.isEmpty)
    }

    @Test("failed alignment withholds every verdict with the reason; low confidence widens the interval")
    func gate() {
        let grid = Self.grid()
        let measured = [PairComparison.Measured(descriptor: Self.descriptor, result: Self.result(tiles: grid.tiles.count, shift: -1))]
        let failed = PairComparison(measured: measured, tiles: grid,
                                    gate: QualityGate(alignment: .failed(reason: "different skin"), beforeQuality: nil, afterQuality: nil))
        #expect(failed.metrics.allSatisfy { $0.verdict == .notScored && $0.reason?.contains("different skin") == true })
        #expect(failed.score.verdict == .notScored)
        let sound = PairComparison(measured: measured, tiles: grid, gate: QualityGate(alignment: .aligned, beforeQuality: nil, afterQuality: nil))
        let doubtful = PairComparison(measured: measured, tiles: grid,
                                      gate: QualityGate(alignment: .lowConfidence(reason: "overlap 30 %"), beforeQuality: nil, afterQuality: nil))
        let w0 = sound.metrics[0].ciHigh - sound.metrics[0].ciLow, w1 = doubtful.metrics[0].ciHigh - doubtful.metrics[0].ciLow
        #expect(abs(w1 - 1.5 * w0) < 1e-9)
        #expect(doubtful.metrics[0].reason?.contains("overlap 30 %") == true)
    }

    @Test("a withheld metric gets no verdict, with its reason, and the composite leaves it out and names it")
    func withheld() {
        let grid = Self.grid()
        var result = Self.result(tiles: grid.tiles.count, shift: -1)
        result.withhold("meanAStar", because: "a colour cast")
        let comparison = PairComparison(measured: [.init(descriptor: Self.descriptor, result: result)], tiles: grid,
                                        gate: QualityGate(alignment: .aligned, beforeQuality: nil, afterQuality: nil))
        let a = comparison.metrics[0]
        #expect(a.verdict == .notScored && a.reason == "a colour cast" && a.ciHigh < 0)
        #expect(comparison.score.verdict == .notScored && comparison.score.weights.isEmpty)
        #expect(comparison.score.leftOut == ["org.skindelta.redness/meanAStar: a colour cast"])
    }

    @Test("comparisons of a patient's sessions: baseline and previous, per view")
    func comparisons() {
        let record = PatientRecord(id: "P1", sessions: [
            .init(date: "2026-03-01", index: 2, captures: [.init(photo: "c.jpg")]),
            .init(date: "2026-01-01", index: 0, captures: [.init(photo: "a.jpg"), .init(photo: "a2.jpg", repeatIndex: 1)]),
            .init(date: "2026-02-01", index: 1, captures: [.init(photo: "b.jpg")]),
        ])
        let pairs = record.comparisons(view: "default")
        #expect(pairs.map { "\($0.before.date)→\($0.after.date) \($0.kind.rawValue)" } == [
            "2026-01-01→2026-02-01 baseline", "2026-01-01→2026-03-01 baseline", "2026-02-01→2026-03-01 previous",
        ])
        #expect(record.views == ["default"])
    }
}
