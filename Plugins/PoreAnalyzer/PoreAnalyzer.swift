public import AnalysisKit
import Foundation
import ImageCore

/// Counts and sizes open pores: small dark pits, found as blobs in scale space.
///
/// The plane is the optical density D = −ln Y of the linear luminance (a pore's shadow adds to it).
/// At scales σₖ = rₖ/√2 for radii r from `minimumRadiusMillimetres` to `maximumRadiusMillimetres`
/// (eight steps, geometric; pixels at 20 px/mm when the scale is unknown), the scale-normalised
/// Laplacian of Gaussian Rₖ = −σₖ²(Dxx + Dyy) is computed [1, 2]. A pore is a local maximum of R
/// over its 3×3×3 neighbourhood in space and scale with R > `threshold` × its noise level (below), centred
/// on the measured skin. The threshold is in units of the response's robust spread on the skin at
/// that scale (raised where the skin is locally rough); the scale itself is chosen on the plain
/// normalised response. Its radius is √2·σ at the best scale; its elongation index is √(λ₁/λ₂) of
/// the Hessian of −D there.
/// - Maxima at the largest scale are larger than pores and left to Pigmentation (spots).
/// - Elongation index above `maximumElongation` is a line, left to FineLines.
///
/// Metrics (lower is better): `count`; `density` per cm² of measured skin (per megapixel without a
/// scale); `meanArea` π r² in mm² (px² without a scale); `areaPercent` Σ π r² over the skin area;
/// `elongation` mean elongation index (1 = round). Per tile: the same on the tile, pores counted in
/// the tile holding their centre. Respects the mask; 8-bit input.
///
/// References:
/// 1. Lindeberg T. Feature detection with automatic scale selection. Int J Comput Vis 30(2):79–116,
///    1998. doi:10.1023/A:1008045108935
/// 2. van der Walt S et al. scikit-image: image processing in Python (blob_log). PeerJ 2:e453, 2014.
///    doi:10.7717/peerj.453
/// 3. Flament F et al. Facial skin pores: a multiethnic study. Clin Cosmet Investig Dermatol
///    8:85–93, 2015. doi:10.2147/CCID.S74401
public struct PoreAnalyzer: Analyzer {
    public struct Settings: AnalyzerSettings {
        public static let revision = 1
        public var minimumRadiusMillimetres = 0.04
        public var maximumRadiusMillimetres = 0.4
        /// Smallest blob response, in robust standard deviations of the response on the skin at its scale.
        public var threshold = 5.0
        public var maximumElongation = 3.0
        /// Local RMS response (σ = 1 mm) over its median above which the skin is too rough (a scar)
        /// for pores to be counted.
        public var maximumRoughness = 1.5

        public init() {}
    }

    public static let descriptor = AnalyzerDescriptor(
        id: "org.skindelta.pores", name: "Pores",
        summary: "Open pores by scale-space blob detection: count, density, size, area and elongation.",
        version: "1.0.0",
        metrics: [
            MetricDescriptor(id: "count", name: "Pores", unit: "count", direction: .lowerIsBetter,
                             description: "Dark blobs of pore size (radius 0.04–0.4 mm) on the measured skin."),
            MetricDescriptor(id: "density", name: "Pore density", unit: "/cm²", direction: .lowerIsBetter,
                             description: "Pores per cm² of measured skin (per megapixel when the scale is unknown)."),
            MetricDescriptor(id: "meanArea", name: "Mean pore area", unit: "mm²", direction: .lowerIsBetter,
                             description: "Mean of π r² with r = √2 σ at each pore's best scale."),
            MetricDescriptor(id: "areaPercent", name: "Pore area", unit: "%", direction: .lowerIsBetter,
                             description: "Sum of the pores' areas over the measured skin area."),
            MetricDescriptor(id: "elongation", name: "Pore elongation", unit: "1", direction: .lowerIsBetter,
                             description: "Mean √(λ1/λ2) of the Hessian at each pore (1 for round pores)."),
        ],
        claims: [
            ClaimDescriptor(id: "pores", name: "Pores",
                            description: "Visible open pores per cm² of skin; fewer is better.",
                            headlineMetric: "density", metrics: ["density", "count", "meanArea", "areaPercent", "elongation"]),
        ])

    public let settings: Settings

    public init(settings: Settings) {
        self.settings = settings
    }

    /// A detected pore, baseline pixels.
    public struct Pore: Sendable, Equatable {
        public var x: Double
        public var y: Double
        public var radius: Double
        public var elongation: Double
        public var response: Double
    }

    public func analyze(_ pair: AlignedPair, in context: AnalysisContext) throws -> AnalysisResult {
        let scaled = pair.pixelsPerMillimetre != nil
        let ppm = PhysicalScale.windowScale(pair.pixelsPerMillimetre)
        let maskPixels = Double(max(1, PlaneMath.count(pair.mask)))
        // Area unit: mm² (or px²); density unit: per cm² (or per MP).
        let areaScale = scaled ? 1 / (ppm * ppm) : 1.0
        let densityArea = scaled ? maskPixels / (ppm * ppm) / 100 : maskPixels / 1e6
        var result = AnalysisResult()
        var perPhoto: [[String: (value: Double, tiles: [Double])]] = []
        for (index, photo) in pair.photos.enumerated() {
            let pores = detect(photo, mask: pair.mask, pixelsPerMillimetre: ppm, parallel: context.parallel)
            let areas = pores.map { Double.pi * $0.radius * $0.radius }
            var values: [String: (value: Double, tiles: [Double])] = [:]
            let tiles = pair.tiles.tiles
            var tileCount = [Double](repeating: 0, count: tiles.count), tileArea = tileCount, tileElongation = tileCount
            for (k, pore) in pores.enumerated() {
                guard let t = pair.tiles.tileIndex(x: Int(pore.x.rounded()), y: Int(pore.y.rounded())) else { continue }
                tileCount[t] += 1; tileArea[t] += areas[k]; tileElongation[t] += pore.elongation
            }
            let n = Double(pores.count)
            values["count"] = (n, tileCount)
            values["density"] = (n / densityArea, zip(tileCount, tiles).map { count, tile in
                count / (scaled ? Double(tile.maskPixels) / (ppm * ppm) / 100 : Double(tile.maskPixels) / 1e6)
            })
            values["meanArea"] = (n > 0 ? areas.reduce(0, +) / n * areaScale : 0,
                                  zip(tileArea, tileCount).map { $1 > 0 ? $0 / $1 * areaScale : 0 })
            values["areaPercent"] = (100 * areas.reduce(0, +) / maskPixels,
                                     zip(tileArea, tiles).map { 100 * $0 / Double(max(1, $1.maskPixels)) })
            values["elongation"] = (n > 0 ? pores.reduce(0) { $0 + $1.elongation } / n : 1,
                                    zip(tileElongation, tileCount).map { $1 > 0 ? $0 / $1 : 1 })
            perPhoto.append(values)
            result.overlays.append(OverlayLayer(id: "pores", photo: index == 0 ? .before : .after,
                                                content: .points(pores.map { .init(x: $0.x, y: $0.y, radius: $0.radius) })))
        }
        result.record(Self.descriptor, perPhoto, units: scaled ? [:] : ["density": "/MP", "meanArea": "px²"])
        return result
    }

    /// The radii of the scale steps, pixels (σ = r/√2).
    public func radii(pixelsPerMillimetre ppm: Double) -> [Double] {
        let low = max(0.8, settings.minimumRadiusMillimetres * ppm), high = max(low * 1.5, settings.maximumRadiusMillimetres * ppm)
        let steps = 8
        return (0..<steps).map { low * pow(high / low, Double($0) / Double(steps - 1)) }
    }

    /// Pores of one photo, in raster order of their centres.
    public func detect(_ photo: AnalysisPhoto, mask: Image<Gray8>, pixelsPerMillimetre ppm: Double, parallel: Bool) -> [Pore] {
        let density = photo.density
        let radii = radii(pixelsPerMillimetre: ppm)
        let count = density.pixelCount, scales = radii.count
        // Per scale, flat: the scale-normalised LoG (scale selection and maxima use it as is). Per
        // pixel, kept as the scales go (the first largest response wins, as a scan over the scales
        // would find it): the best scale, and the noise level and elongation index at that scale,
        // the only scale at which the detection reads them.
        var responses = [Float](repeating: 0, count: scales * count)
        var bestScale = [UInt8](repeating: 0, count: count)
        var bestNoise = [Float](repeating: 0, count: count)
        var bestElongation = [Float](repeating: 0, count: count)
        var elongations = [Float](repeating: 0, count: count)
        let maximumRoughness = Float(settings.maximumRoughness)
        for (k, radius) in radii.enumerated() {
            let sigma = radius / 2.0.squareRoot()
            let h = Kernels.Hessian.fast(density, sigma: sigma, parallel: parallel)
            let s2 = Float(sigma * sigma)
            var plane = Image<Gray32>.uninitialized(size: density.size)
            h.xx.withUnsafeBufferPointer { xx in
                h.xy.withUnsafeBufferPointer { xy in
                    h.yy.withUnsafeBufferPointer { yy in
                        plane.withUnsafeMutableBufferPointer { out in
                            elongations.withUnsafeMutableBufferPointer { e in
                                for i in 0..<count {
                                    // Hessian of −D, scale-normalised: positive eigenvalues on a pit.
                                    let a = -s2 * xx[i].value, b = -s2 * xy[i].value, d = -s2 * yy[i].value
                                    out[i] = Gray32(value: a + d)
                                    let mean = (a + d) / 2, spread = (((a - d) / 2) * ((a - d) / 2) + b * b).squareRoot()
                                    let small = mean - spread
                                    e[i] = small > 0 ? ((mean + spread) / small).squareRoot() : .infinity
                                }
                            }
                        }
                    }
                }
            }
            // Normalise by the response's robust spread on the skin at this scale, raised where the
            // skin is locally rougher than usual (scars, coarse texture) by the ratio of the local
            // RMS response (σ = 1 mm) to its median.
            let q = Kernels.Statistics.percentiles(plane, [25, 75], mask: mask)
            let spread = Float(q[0].isNaN ? 1 : max((q[1] - q[0]) / 1.349, 1e-4))
            let localRMS = PlaneMath.map(PlaneMath.blur(PlaneMath.map(plane) { $0 * $0 }, sigma: ppm, parallel: parallel)) {
                $0.squareRoot()
            }
            let median = Kernels.Statistics.median(localRMS, mask: mask)
            let typical = Float(max(median.isNaN ? 1 : median, 1e-6))
            plane.withUnsafeBufferPointer { p in
                localRMS.withUnsafeBufferPointer { local in
                    responses.withUnsafeMutableBufferPointer { r in
                        bestScale.withUnsafeMutableBufferPointer { best in
                            bestNoise.withUnsafeMutableBufferPointer { n in
                                bestElongation.withUnsafeMutableBufferPointer { bestE in
                                    elongations.withUnsafeBufferPointer { e in
                                        for i in 0..<count {
                                            let value = p[i].value
                                            r[k * count + i] = value
                                            guard k == 0 || value > r[Int(best[i]) * count + i] else { continue }
                                            best[i] = UInt8(k)
                                            let roughness = local[i].value / typical
                                            // Rough areas (scars) are left to ScarTexture: no pore is counted there.
                                            n[i] = roughness > maximumRoughness ? .infinity : spread * max(1, roughness)
                                            bestE[i] = e[i]
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        let width = photo.size.width, height = photo.size.height
        let threshold = Float(settings.threshold), maximumElongation = Float(settings.maximumElongation)
        var pores: [Pore] = []
        responses.withUnsafeBufferPointer { r in
            bestNoise.withUnsafeBufferPointer { n in
                bestElongation.withUnsafeBufferPointer { e in
                    bestScale.withUnsafeBufferPointer { bestScale in
                        mask.withUnsafeBufferPointer { m in
                            guard width >= 3, height >= 3 else { return }
                            for y in 1..<(height - 1) {
                                for x in 1..<(width - 1) where m[y * width + x].value != 0 {
                                    let i = y * width + x
                                    // Best scale at this pixel.
                                    let best = Int(bestScale[i])
                                    let value = r[best * count + i]
                                    guard value > threshold * n[i] else { continue }
                                    var isMaximum = true
                                    check: for k in max(0, best - 1)...min(scales - 1, best + 1) {
                                        let base = k * count + i
                                        for dy in -1...1 {
                                            for dx in -1...1 where !(dx == 0 && dy == 0 && k == best) {
                                                let v = r[base + dy * width + dx]
                                                // Ties go to the first pixel in raster order.
                                                if v > value || (v == value && (dy < 0 || (dy == 0 && dx < 0))) { isMaximum = false; break check }
                                            }
                                        }
                                    }
                                    guard isMaximum, best < scales - 1 else { continue }
                                    let elongation = e[i]
                                    guard elongation <= maximumElongation else { continue }
                                    pores.append(Pore(x: Double(x), y: Double(y), radius: radii[best], elongation: Double(elongation),
                                                      response: Double(value / n[i])))
                                }
                            }
                        }
                    }
                }
            }
        }
        return Self.suppressOverlaps(pores)
    }

    /// Keeps the strongest of blobs whose centres lie within the larger radius of each other
    /// (one pore seen at two non-adjacent scales), then returns them in raster order.
    static func suppressOverlaps(_ pores: [Pore]) -> [Pore] {
        let order = pores.indices.sorted { pores[$0].response != pores[$1].response ? pores[$0].response > pores[$1].response : $0 < $1 }
        var kept: [Int] = []
        // Buckets of 16 px for neighbour look-up.
        var buckets: [Int64: [Int]] = [:]
        func key(_ x: Double, _ y: Double) -> Int64 { Int64(Int(x) >> 4) << 32 | Int64(Int(y) >> 4 & 0xFFFF_FFFF) }
        for index in order {
            let pore = pores[index]
            var overlaps = false
            let bx = Int(pore.x) >> 4, by = Int(pore.y) >> 4
            search: for dx in -1...1 {
                for dy in -1...1 {
                    for other in buckets[Int64(bx + dx) << 32 | Int64((by + dy) & 0xFFFF_FFFF)] ?? [] {
                        let o = pores[other]
                        let distance = ((o.x - pore.x) * (o.x - pore.x) + (o.y - pore.y) * (o.y - pore.y)).squareRoot()
                        if distance < max(o.radius, pore.radius) { overlaps = true; break search }
                    }
                }
            }
            guard !overlaps else { continue }
            kept.append(index)
            buckets[key(pore.x, pore.y), default: []].append(index)
        }
        return kept.sorted().map { pores[$0] }
    }
}
