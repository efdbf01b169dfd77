public import AnalysisKit
import Foundation
import ImageCore

/// Finds fine lines (shallow wrinkles) as dark ridges of L* and measures their length and depth.
///
/// At scales σ in `scalesMillimetres` (pixels at 20 px/mm without a scale), the Hessian of L* is
/// scale-normalised (σ²H) with eigenvalues |λ₁| ≤ |λ₂|. A dark line has λ₂ > 0. The Frangi
/// vesselness [1] V = exp(−R_B²/2β²)·(1 − exp(−S²/2c²)), R_B = λ₁/λ₂, S = √(λ₁² + λ₂²), is taken
/// at the best scale (β = 0.5, c = `structureScale` in L* units — fixed, not image-dependent, so
/// sessions compare). Line pixels have V > `threshold`; connected line pixels form a line when the
/// component is elongated (axis ratio > 3) and at least `minimumLengthMillimetres` long. Lines are
/// looked for, and every metric measured, on the skin mask eroded by twice the largest scale
/// (``measurable(_:reach:parallel:)``), so hairs, glare and the overlap's edge left out of the mask do
/// not leave line-shaped flanks behind.
///
/// Metrics (lower is better):
/// - `lineDensity`: total line length per cm² of skin (mm/cm²; without a scale, pixels of line per
///   megapixel of skin, px/MP); a line's length is its
///   component's major axis (4√λ of its second moments), good for the gently curved lines of skin.
/// - `lineAreaPercent`: line pixels over the skin.
/// - `meanResponse`: mean V on line pixels (0…1).
/// - `depthIndex`: mean λ₂ (scale-normalised, L* units) over the line pixels of both photos
///   together (lines of the mean vesselness), measured on each photo: the same lines, so a
///   shallower groove lowers it even when it still counts as a line, and neither photo's noise is
///   favoured. It is proportional to the groove's darkness, a 2D proxy of depth that depends
///   on the light's direction.
///
/// References:
/// 1. Frangi AF, Niessen WJ, Vincken KL, Viergever MA. Multiscale vessel enhancement filtering.
///    MICCAI 1998, LNCS 1496:130–137. doi:10.1007/BFb0056195
/// 2. Ng CC, Yap MH, Costen N, Li B. Automatic wrinkle detection using hybrid Hessian filter.
///    ACCV 2014, LNCS 9005:609–622. doi:10.1007/978-3-319-16811-1_40
public struct FineLinesAnalyzer: Analyzer {
    public struct Settings: AnalyzerSettings {
        public static let revision = 1
        public var scalesMillimetres = [0.08, 0.12, 0.16]
        public var structureScale = 0.5
        public var threshold = 0.3
        public var minimumLengthMillimetres = 1.5

        public init() {}
    }

    public static let descriptor = AnalyzerDescriptor(
        id: "org.skindelta.fine-lines", name: "Fine lines",
        summary: "Fine lines as dark ridges (multi-scale Frangi): length density, area, response and depth index.",
        version: "1.3.1",
        metrics: [
            MetricDescriptor(id: "lineDensity", name: "Line density", unit: "mm/cm²", direction: .lowerIsBetter,
                             description: "Total length of detected fine lines per cm² of skin."),
            MetricDescriptor(id: "lineAreaPercent", name: "Line area", unit: "%", direction: .lowerIsBetter,
                             description: "Pixels on fine lines over the measured skin.", meaningfulChangePercent: 80),
            MetricDescriptor(id: "meanResponse", name: "Line response", unit: "1", direction: .lowerIsBetter,
                             description: "Mean Frangi vesselness on the line pixels (0–1)."),
            MetricDescriptor(id: "depthIndex", name: "Line depth index", unit: "L*", direction: .lowerIsBetter,
                             description: "Mean scale-normalised ridge strength on the lines found on both photos together.", meaningfulChangePercent: 6,
                             needsRegistrationBecause: "it is read on the same line pixels in both photos; lines picked on each photo alone favour that photo's noise, so fewer, fainter lines would read as deeper ones"),
        ],
        claims: [
            ClaimDescriptor(id: "fineLines", name: "Fine lines",
                            description: "How deep the fine lines are, as their ridge strength in L*; shallower is better.",
                            headlineMetric: "depthIndex", metrics: ["depthIndex", "lineDensity", "lineAreaPercent", "meanResponse"]),
        ],
        workingPixelsPerMillimetre: 20)

    public let settings: Settings

    public init(settings: Settings) {
        self.settings = settings
    }

    /// Ridge maps of one photo: vesselness and λ₂ at the best scale.
    public struct RidgeMaps: Sendable {
        public var vesselness: Image<Gray32>
        public var strength: Image<Gray32>
    }

    public func ridges(_ l: Image<Gray32>, ppm: Double, parallel: Bool) -> RidgeMaps {
        var bestV = Image<Gray32>(size: l.size, repeating: Gray32(value: 0))
        var bestS = Image<Gray32>(size: l.size, repeating: Gray32(value: 0))
        let beta2 = Float(2 * 0.5 * 0.5), c2 = Float(2 * settings.structureScale * settings.structureScale)
        for scale in settings.scalesMillimetres {
            let sigma = max(0.7, scale * ppm)
            let h = Kernels.Hessian.fast(l, sigma: sigma, parallel: parallel)
            let s2 = Float(sigma * sigma)
            h.xx.withUnsafeBufferPointer { xx in
                h.xy.withUnsafeBufferPointer { xy in
                    h.yy.withUnsafeBufferPointer { yy in
                        bestV.withUnsafeMutableBufferPointer { bv in
                            bestS.withUnsafeMutableBufferPointer { bs in
                                RowBands.forEach(rowCount: l.height, parallel: parallel) { rows in
                                    Self.ridgeRows(rows.lowerBound * l.width..<rows.upperBound * l.width, s2: s2, beta2: beta2, c2: c2,
                                                   xx: xx, xy: xy, yy: yy, vesselness: bv, strength: bs)
                                }
                            }
                        }
                    }
                }
            }
        }
        return RidgeMaps(vesselness: bestV, strength: bestS)
    }

    /// ``ridges(_:ppm:parallel:)`` by the definition, one pixel at a time with the C library's
    /// exponential: the reference the vector loop is tested against.
    public func ridgesReference(_ l: Image<Gray32>, ppm: Double) -> RidgeMaps {
        var bestV = [Float](repeating: 0, count: l.pixelCount), bestS = [Float](repeating: 0, count: l.pixelCount)
        let beta2 = Float(2 * 0.5 * 0.5), c2 = Float(2 * settings.structureScale * settings.structureScale)
        for scale in settings.scalesMillimetres {
            let sigma = max(0.7, scale * ppm)
            let h = Kernels.Hessian.fast(l, sigma: sigma, parallel: false)
            let s2 = Float(sigma * sigma)
            let xx = h.xx.pixels, xy = h.xy.pixels, yy = h.yy.pixels
            for i in 0..<l.pixelCount {
                let a = s2 * xx[i].value, b = s2 * xy[i].value, d = s2 * yy[i].value
                let mean = (a + d) / 2, spread = (((a - d) / 2) * ((a - d) / 2) + b * b).squareRoot()
                let e1 = mean + spread, e2 = mean - spread
                let (small, large) = abs(e1) <= abs(e2) ? (e1, e2) : (e2, e1)
                guard large > 0 else { continue }
                let rb = small / large, s = small * small + large * large
                let v = Kernels.Exponential.reference(-rb * rb / beta2) * (1 - Kernels.Exponential.reference(-s / c2))
                if v > bestV[i] { bestV[i] = v; bestS[i] = large }
            }
        }
        return RidgeMaps(vesselness: Image(size: l.size, pixels: bestV.map { Gray32(value: $0) }),
                         strength: Image(size: l.size, pixels: bestS.map { Gray32(value: $0) }))
    }

    /// One scale's Frangi vesselness V = exp(−R_B²/2β²)·(1 − exp(−S²/2c²)) (R_B = |λ₁|/|λ₂|,
    /// S² = λ₁² + λ₂², |λ₁| ≤ |λ₂|, dark ridges only: λ₂ > 0) over `range` of the σ²-normalised Hessian
    /// (`xx`, `xy`, `yy`, times `s2`), kept where it beats `vesselness`, with λ₂ into `strength`.
    /// Eight pixels at a time with ``Kernels/Exponential``; pixels past the last eight likewise,
    /// one lane used.
    static func ridgeRows(_ range: Range<Int>, s2: Float, beta2: Float, c2: Float, xx: UnsafeBufferPointer<Gray32>,
                          xy: UnsafeBufferPointer<Gray32>, yy: UnsafeBufferPointer<Gray32>,
                          vesselness: UnsafeMutableBufferPointer<Gray32>, strength: UnsafeMutableBufferPointer<Gray32>) {
        typealias V = SIMD8<Float>
        let pxx = UnsafeRawPointer(xx.baseAddress!), pxy = UnsafeRawPointer(xy.baseAddress!), pyy = UnsafeRawPointer(yy.baseAddress!)
        let pv = UnsafeMutableRawPointer(vesselness.baseAddress!), ps = UnsafeMutableRawPointer(strength.baseAddress!)
        let scale = V(repeating: s2), zero = V(repeating: 0), one = V(repeating: 1)
        @inline(__always) func eight(_ a: V, _ b: V, _ d: V, best: V, kept: V) -> (V, V) {
            let mean = (a + d) / 2, half = (a - d) / 2, spread = (half * half + b * b).squareRoot()
            let e1 = mean + spread, e2 = mean - spread
            // |e| as a select (the generic pointwiseMax is not inlined here).
            let firstSmaller = e1.replacing(with: -e1, where: e1 .< zero) .<= e2.replacing(with: -e2, where: e2 .< zero)
            let small = e2.replacing(with: e1, where: firstSmaller), large = e1.replacing(with: e2, where: firstSmaller)
            let rb = small / large, s = small * small + large * large
            let structure = one - Kernels.Exponential.fast(-s / c2)
            let v = Kernels.Exponential.fast(-rb * rb / beta2) * structure
            let better = (large .> zero) .& (v .> best)
            return (best.replacing(with: v, where: better), kept.replacing(with: large, where: better))
        }
        var i = range.lowerBound
        while i + V.scalarCount <= range.upperBound {
            let offset = i * MemoryLayout<Float>.stride
            let (v, s) = eight(scale * pxx.loadUnaligned(fromByteOffset: offset, as: V.self),
                               scale * pxy.loadUnaligned(fromByteOffset: offset, as: V.self),
                               scale * pyy.loadUnaligned(fromByteOffset: offset, as: V.self),
                               best: pv.loadUnaligned(fromByteOffset: offset, as: V.self),
                               kept: ps.loadUnaligned(fromByteOffset: offset, as: V.self))
            pv.storeBytes(of: v, toByteOffset: offset, as: V.self)
            ps.storeBytes(of: s, toByteOffset: offset, as: V.self)
            i += V.scalarCount
        }
        while i < range.upperBound {
            let (v, s) = eight(V(repeating: s2 * xx[i].value), V(repeating: s2 * xy[i].value), V(repeating: s2 * yy[i].value),
                               best: V(repeating: vesselness[i].value), kept: V(repeating: strength[i].value))
            vesselness[i] = Gray32(value: v[0])
            strength[i] = Gray32(value: s[0])
            i += 1
        }
    }

    /// The largest scale of the search, pixels.
    func largestSigma(ppm: Double) -> Double {
        settings.scalesMillimetres.map { max(0.7, $0 * ppm) }.max() ?? 0.7
    }

    /// The skin on which lines are looked for: `mask` without what lies within `reach` pixels of
    /// anything it leaves out inside the frame (a hair, glare, the edge of the photos' overlap, the
    /// ROI's border). A dark structure left out of the mask still darkens its surroundings at the
    /// ridge filter's scale: along a hair, the flanks next to it read as a line (on real photos with
    /// hairs that differ between sessions, line density was called worsened where the after photo
    /// had the hairs). The frame's own edge does not erode it.
    static func measurable(_ mask: Image<Gray8>, reach: Double, parallel: Bool) -> Image<Gray8> {
        let radius = Int(reach.rounded(.up))
        guard radius > 0 else { return mask }
        return Kernels.Morphology.fast(mask, .erode, radius: radius, parallel: parallel)
    }

    struct Lines {
        var mask: Image<Gray8>
        var lengthPixels: Double
        var lengthsByCentre: [(x: Double, y: Double, length: Double)]
    }

    func lines(_ maps: RidgeMaps, mask: Image<Gray8>, ppm: Double) -> Lines {
        let t = Float(settings.threshold)
        let candidates = PlaneMath.threshold(maps.vesselness, within: mask) { $0 > t }
        let components = Kernels.ConnectedComponents.fast(candidates, connectivity: .eight)
        var keep = Set<Int32>()
        var total = 0.0
        var centres: [(x: Double, y: Double, length: Double)] = []
        for region in components.regions {
            let axes = region.axisLengths
            guard region.elongation > 3, axes.major >= settings.minimumLengthMillimetres * ppm else { continue }
            keep.insert(Int32(region.label))
            total += axes.major
            centres.append((region.centroidX, region.centroidY, axes.major))
        }
        return Lines(mask: PlaneMath.selecting(components.labels, keep, size: mask.size), lengthPixels: total, lengthsByCentre: centres)
    }

    public func analyze(_ pair: AlignedPair, in context: AnalysisContext) throws -> AnalysisResult {
        let ppm = PhysicalScale.windowScale(pair.pixelsPerMillimetre)
        let mask = Self.measurable(pair.mask, reach: 2 * largestSigma(ppm: ppm), parallel: context.parallel)
        let maskPixels = Double(max(1, PlaneMath.count(mask)))
        let maps = pair.photos.map { ridges($0.lab.l, ppm: ppm, parallel: context.parallel) }
        let found = maps.map { lines($0, mask: mask, ppm: ppm) }
        // The depth index is read on the lines of both photos together (the mean vesselness):
        // lines picked on one photo alone would favour that photo's noise (regression to the mean).
        let shared: Image<Gray8>
        if maps.count > 1 {
            let mean = RidgeMaps(vesselness: PlaneMath.combine(maps[0].vesselness, maps[1].vesselness) { ($0 + $1) / 2 },
                                 strength: maps[0].strength)
            shared = lines(mean, mask: mask, ppm: ppm).mask
        } else {
            shared = found[0].mask
        }
        let baselineLines = shared
        let hasBaselineLines = PlaneMath.count(baselineLines) > 0
        var result = AnalysisResult()
        var perPhoto: [[String: (value: Double, tiles: [Double])]] = []
        for index in maps.indices {
            let lineSet = found[index]
            var values: [String: (value: Double, tiles: [Double])] = [:]
            let skinSquareCentimetres = maskPixels / (ppm * ppm) / 100
            var tileLength = [Double](repeating: 0, count: pair.tiles.tiles.count)
            for line in lineSet.lengthsByCentre {
                if let t = pair.tiles.tileIndex(x: Int(line.x.rounded()), y: Int(line.y.rounded())) { tileLength[t] += line.length }
            }
            if pair.pixelsPerMillimetre != nil {
                values["lineDensity"] = (lineSet.lengthPixels / ppm / skinSquareCentimetres,
                                         zip(tileLength, pair.tiles.tiles).map { $0 / ppm / (Double($1.maskPixels) / (ppm * ppm) / 100) })
            } else {
                // Without a scale: pixels of line per megapixel of skin, never an assumed mm/cm².
                values["lineDensity"] = (lineSet.lengthPixels / (maskPixels / 1e6),
                                         zip(tileLength, pair.tiles.tiles).map { $0 / (Double(max(1, $1.maskPixels)) / 1e6) })
            }
            values["lineAreaPercent"] = (100 * Double(PlaneMath.count(lineSet.mask)) / maskPixels,
                                         pair.tiles.percentages(lineSet.mask, mask: mask))
            let response = PlaneMath.meanAndDeviation(maps[index].vesselness, mask: lineSet.mask).mean
            values["meanResponse"] = (response.isNaN ? 0 : response, pair.tiles.means(maps[index].vesselness, mask: lineSet.mask))
            let depth = hasBaselineLines ? PlaneMath.meanAndDeviation(maps[index].strength, mask: baselineLines).mean : 0
            values["depthIndex"] = (depth, pair.tiles.means(maps[index].strength, mask: baselineLines))
            perPhoto.append(values)
            result.overlays.append(OverlayLayer(id: "lines", photo: index == 0 ? .before : .after,
                                                content: .heatMap(Self.coverage(lineSet.mask))))
        }
        result.record(Self.descriptor, perPhoto, units: pair.pixelsPerMillimetre == nil ? ["lineDensity": "px/MP"] : [:])
        if !hasBaselineLines { result.notes.append("No fine line was found; the depth index is 0.") }
        return result
    }

    /// Share of line pixels per cell of a grid at most 256 cells across (255 = all).
    static func coverage(_ lines: Image<Gray8>) -> OverlayLayer.HeatMap {
        let cell = max(1, (max(lines.width, lines.height) + 255) / 256)
        let columns = (lines.width + cell - 1) / cell, rows = (lines.height + cell - 1) / cell
        var hits = [Int](repeating: 0, count: columns * rows)
        lines.withUnsafeBufferPointer { p in
            for y in 0..<lines.height {
                for x in 0..<lines.width where p[y * lines.width + x].value != 0 { hits[(y / cell) * columns + x / cell] += 1 }
            }
        }
        let area = Double(cell * cell)
        return OverlayLayer.HeatMap(columns: columns, rows: rows,
                                    values: hits.map { UInt8(min(255, (Double($0) / area * 255).rounded())) }, maximum: 1)
    }
}
