import Alignment
import AnalysisKit
import FineLinesAnalyzer
import Foundation
import ImageCore
import PigmentationAnalyzer
import PoreAnalyzer
import RednessAnalyzer
import ScarTextureAnalyzer
import Synthesis
import Testing

let allAnalyzers: [any Analyzer.Type] = [
    PigmentationAnalyzer.self, PoreAnalyzer.self, ScarTextureAnalyzer.self, RednessAnalyzer.self, FineLinesAnalyzer.self,
]

@Suite("Analyzers: nuisance and determinism")
struct NuisanceAndDeterminismTests {
    @Test("results are identical on 1 and N threads")
    func determinism() throws {
        let course = try sharedCourse.get()
        let analyzers = try AnalyzerRegistry(allAnalyzers).configure()
        let single = try course.pair(patient: 1, session: 1, parallel: false)
        let multi = try course.pair(patient: 1, session: 1, parallel: true)
        #expect(single.mask == multi.mask)
        for analyzer in analyzers {
            let a = try analyzer.run(single, in: AnalysisContext(parallel: false))
            let b = try analyzer.run(multi, in: AnalysisContext(parallel: true))
            #expect(a == b, "\(analyzer.descriptor.id) differs between 1 and N threads")
        }
    }

    @Test("camera motion and a change of light alone move no metric beyond its noise")
    func nuisanceOnly() throws {
        let size = Size(width: 640, height: 480)
        let motion = SyntheticPair.motion(degrees: 4, scale: 1.04, shiftX: 0.03, shiftY: -0.02, size: size)
        let light = SyntheticPair.Lighting(gain: 0.85, colourCast: [1.05, 0.99, 0.96])
        let synthetic = try SyntheticPair(seed: 11, patient: 1, size: size, afterToBefore: motion, lighting: light, afterSession: 0)
        let registration = align(before: synthetic.before, after: synthetic.after)
        #expect(registration.verdict.isUsable)
        let photos = try #require(PairResampling.resample(before: synthetic.before, after: synthetic.after,
                                                          afterToBefore: registration.transform))
        let region = RegionOfInterest.rectangle(x: 96, y: 72, width: 448, height: 336)
        let pair = try AlignedPair.prepare(before: photos.before, after: photos.after, region: region,
                                           colourReference: region, pixelsPerMillimetre: 20)
        #expect(pair.colourCorrection != nil)
        // A metric's noise: the spread of its per-tile after − before differences, as a standard
        // error of the mean over tiles; a change beyond 3 standard errors (and beyond 5 % of the
        // value, for counts of a few objects) would be called real.
        for analyzer in try AnalyzerRegistry(allAnalyzers).configure() {
            let result = try analyzer.run(pair)
            for (value, tiles) in zip(result.values, result.tiles) {
                let differences = zip(tiles.before, tiles.after!).map { $1 - $0 }
                let n = Double(differences.count)
                let mean = differences.reduce(0, +) / n
                let sd = (differences.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / max(1, n - 1)).squareRoot()
                let standardError = sd / n.squareRoot()
                let delta = value.after! - value.before
                let tolerance = max(3 * standardError * abs(value.before) / max(abs(tiles.before.reduce(0, +) / n), 1e-9),
                                    0.05 * abs(value.before), 1e-9)
                print("nuisance \(analyzer.descriptor.id) \(value.metric): \(value.before) → \(value.after!) (Δ \(delta), tolerance \(tolerance))")
                #expect(abs(delta) <= tolerance, "\(analyzer.descriptor.id) \(value.metric) moved \(delta) with no true change")
            }
        }
    }
}
