import Alignment
import AnalysisKit
import Foundation
import ImageCore
import Scoring
import Synthesis
import Testing

@Suite("Scoring on synthetic repeat captures and courses")
struct RepeatCaptureScoringTests {
    /// Scores `after` against `before` through the whole pipeline: alignment, warp, masks, every
    /// analyzer, intervals and verdicts.
    static func score(before: Image<RGB8>, after: Image<RGB8>, region: RegionOfInterest, ppm: Double) throws -> PairComparison {
        let registration = align(before: before, after: after)
        let photos = try #require(PairResampling.resample(before: before, after: after, afterToBefore: registration.transform))
        let pair = try AlignedPair.prepare(before: photos.before, after: photos.after, region: region, pixelsPerMillimetre: ppm)
        let measured = try AnalyzerRegistry(allAnalyzers).configure().map {
            PairComparison.Measured(descriptor: $0.descriptor, result: try $0.run(pair))
        }
        let state: QualityGate.AlignmentState = registration.verdict.isUsable ? .aligned : .failed(reason: registration.verdict.reason ?? "")
        return PairComparison(measured: measured, tiles: pair.tiles,
                              gate: QualityGate(alignment: state, beforeQuality: pair.beforeQuality, afterQuality: pair.afterQuality))
    }

    @Test("two captures of unchanged skin in one session: every metric is noDetectableChange or noMeaningfulChange")
    func repeatCaptures() throws {
        var camera = CameraVariation()
        camera.maximumGlareSpots = 0
        let size = Size(width: 640, height: 480)
        let options = SynthesisOptions(seed: 5, patients: 4, sessions: 1, repeats: 2, size: size, fieldWidthMillimetres: 32,
                                       course: .unchanged, camera: camera)
        let plan = try SynthesisPlan(options: options)
        var quiet: [String: Int] = [:], total = 0, scored = 0, calls = 0
        for course in plan.patients {
            let rendering = SessionRendering(patient: course.patient, state: course.sessions[0], photos: course.photos[0], options: options)
            let region = RegionOfInterest.rectangle(x: 96, y: 72, width: 448, height: 336)
            let comparison = try Self.score(before: rendering.images[0], after: rendering.images[1], region: region, ppm: 20)
            total += 1
            for metric in comparison.metrics {
                let key = "\(metric.analyzer)/\(metric.metric)"
                quiet[key, default: 0] += 0
                if metric.verdict != .notScored { scored += 1 } else { quiet[key, default: 0] += 1; continue }
                if metric.verdict == .noDetectableChange || metric.verdict == .noMeaningfulChange { quiet[key, default: 0] += 1 }
                else { calls += 1; print("repeat \(course.patient.id): \(key) \(metric.verdict.rawValue) Δ \(metric.delta) [\(metric.ciLow), \(metric.ciHigh)]") }
            }
        }
        for (key, count) in quiet.sorted(by: { $0.key < $1.key }) { print("repeat quiet \(key): \(count)/\(total)") }
        // A 95 % interval calls about one metric in twenty "changed" on unchanged skin by chance;
        // a metric called changed on most pairs would be a bias, not chance.
        print("repeat: \(calls) of \(scored) scored metric comparisons called a change")
        #expect(Double(calls) <= 0.05 * Double(scored) + 1)
        let biased = quiet.filter { total - $0.value > total / 2 }.map(\.key)
        #expect(biased.isEmpty, "metrics called changed on most repeat pairs: \(biased)")
    }
}
