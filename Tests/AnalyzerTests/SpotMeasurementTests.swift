import AnalysisKit
import Foundation
import ImageCore
@testable import PigmentationAnalyzer
import Testing

/// The pieces of the spot measurement on planes whose answer is known by construction: the seed
/// bar beside a lesion, and how a spot's outline is read on the other photo of a pair.
@Suite("Spot measurement, piece by piece")
struct SpotMeasurementTests {
    static let side = 200

    /// ΔD of plain skin (normal, σ = `sigma`, from a fixed stream) with a dark disc of `darkening`
    /// and `radius` px at the centre.
    static func plane(sigma: Float, lesionRadius radius: Double, darkening: Float) -> Image<Gray32> {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func uniform() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return (Double(state >> 11) + 0.5) / Double(1 << 53)
        }
        let c = Double(side - 1) / 2
        return Image(size: Size(width: side, height: side), pixels: (0..<(side * side)).map { i in
            let noise = Float((-2 * log(uniform())).squareRoot() * cos(2 * Double.pi * uniform())) * sigma
            let x = Double(i % side) - c, y = Double(i / side) - c
            return Gray32(value: noise + (x * x + y * y <= radius * radius ? darkening : 0))
        })
    }

    static var everywhere: Image<Gray8> {
        Image(size: Size(width: side, height: side), pixels: [Gray8](repeating: Gray8(value: 255), count: side * side))
    }

    @Test("the seed bar leaves out a lesion larger than any spot, unless the lesion is the frame")
    func seedBarBesideLesion() {
        // 10 px/mm: the largest spot (120 mm²) is 12,000 px; a lesion of radius 70 px covers 15,400 px, 38 % of the frame.
        let largest = 120.0 * 10 * 10
        let beside = Self.plane(sigma: 0.05, lesionRadius: 70, darkening: 0.6)
        let pooled = 4 * PigmentationAnalyzer.brightSideSpread(beside, mask: Self.everywhere)
        let bar = PigmentationAnalyzer.seedThreshold(beside, mask: Self.everywhere, largestSpotPixels: largest, pixelsPerMillimetre: 10,
                                                     parallel: false)
        print("seed bar beside a lesion: pooled \(pooled), skin only \(bar) (4σ of the skin: 0.2)")
        #expect(pooled > 0.25, "the lesion inflates the pooled spread")
        #expect(abs(bar - 0.2) <= 0.02, "the bar is four spreads of the plain skin")
        // No lesion: the same bar as pooled.
        let plain = Self.plane(sigma: 0.05, lesionRadius: 0, darkening: 0)
        #expect(PigmentationAnalyzer.seedThreshold(plain, mask: Self.everywhere, largestSpotPixels: largest, pixelsPerMillimetre: 10,
                                                   parallel: false) == 4 * PigmentationAnalyzer.brightSideSpread(plain, mask: Self.everywhere))
        // A lesion over nearly the whole frame: too little skin outside it, the pooled bar stands.
        let filled = Self.plane(sigma: 0.05, lesionRadius: 130, darkening: 0.6)
        #expect(PigmentationAnalyzer.seedThreshold(filled, mask: Self.everywhere, largestSpotPixels: largest, pixelsPerMillimetre: 10,
                                                   parallel: false) == 4 * PigmentationAnalyzer.brightSideSpread(filled, mask: Self.everywhere))
    }

    /// −ΔD (the analyzer's darkening planes are ΔD negated) of a disc of `darkening` and `radius`
    /// px at (30, 30) in a 60 × 60 frame, with an optional hair: a 3 px band across the disc.
    static func darkening(radius: Double, darkening: Float, hair: Float = 0) -> [Float] {
        (0..<3600).map { i in
            let x = Double(i % 60) - 30, y = Double(i / 60) - 30
            var d: Float = x * x + y * y <= radius * radius ? darkening : 0
            if abs(x - y) <= 1.5 { d += hair }
            return -d
        }
    }

    static func search(_ d: [Float], spots: [PigmentationAnalyzer.Spot]) -> PigmentationAnalyzer.SpotSearch {
        let blank = Image<Gray32>(size: Size(width: 60, height: 60), pixels: [Gray32](repeating: Gray32(value: 0), count: 3600))
        let skin = Image<Gray8>(size: Size(width: 60, height: 60), pixels: [Gray8](repeating: Gray8(value: 255), count: 3600))
        return PigmentationAnalyzer.SpotSearch(spots: spots, darkening: d, threshold: 0.1, density: blank, background: blank, clean: skin,
                                               grown: [Bool](repeating: false, count: 3600))
    }

    @Test("a spot's outline on the other photo: a hair across it, a uniform fade and a slightly wider outline are read as they are")
    func outlineOnOtherPhoto() throws {
        let before = Self.darkening(radius: 10, darkening: 0.4)
        let disc = before.indices.filter { -before[$0] >= 0.2 }
        let spot = PigmentationAnalyzer.Spot(pixels: disc, centroidX: 30, centroidY: 30, half: -0.2)
        let skin = [Bool](repeating: true, count: 3600)
        // (The hair's own pixels in the 3 px margin count too: 10 of them. Scaled by the peak
        // instead of the median, the outline level rose 3-fold and only the hair was left.)
        for (name, after, expected, tolerance) in [
            ("a hair across the spot on the after photo", Self.darkening(radius: 10, darkening: 0.4, hair: 0.8), disc.count, 0.05),
            ("the spot faded to 60 %", Self.darkening(radius: 10, darkening: 0.24), disc.count, 0.02),
            ("the outline 1 px wider", Self.darkening(radius: 11, darkening: 0.4), Self.darkening(radius: 11, darkening: 0.4).filter { $0 <= -0.2 }.count, 0.02),
        ] {
            let regions = PigmentationAnalyzer.union([Self.search(before, spots: [spot]), Self.search(after, spots: [])], width: 60, skin: skin,
                                                     margin: 3)
            let region = try #require(regions.first)
            let onBefore = try #require(PigmentationAnalyzer.darkPixels(of: region, darkening: before, threshold: 0.1, width: 60))
            let onAfter = try #require(PigmentationAnalyzer.darkPixels(of: region, darkening: after, threshold: 0.1, width: 60))
            print("\(name): \(onBefore.count) px before, \(onAfter.count) px after (expected \(expected))")
            #expect(onBefore.count == disc.count, "\(name): the photo that found the spot keeps its outline")
            #expect(Double(abs(onAfter.count - expected)) <= tolerance * Double(expected), "\(name)")
        }
    }
}
