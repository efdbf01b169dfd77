public import AnalysisKit
import Foundation
import ImageCore

/// Counts and sizes open pores: small dark pits, found as blobs in scale space.
///
/// The plane is the optical density D = −ln Y of the linear luminance (a pore's shadow adds to it).
/// At scales σₖ = rₖ/√2 for radii r from `minimumRadiusMillimetres` (but never under 1.6 px:
/// ``minimumRadiusPixels``) to `maximumRadiusMillimetres` (eight steps, geometric; pixels at 20 px/mm
/// when the scale is unknown), the scale-normalised
/// Laplacian of Gaussian Rₖ = −σₖ²(Dxx + Dyy) is computed [1, 2]. A pore is a local maximum of R
/// over its 3×3×3 neighbourhood in space and scale with R > `threshold` × its noise level (below), centred
/// on the measured skin. The threshold is in units of the response's robust spread on the skin at
/// that scale, shared by the two photos of a pair (at least the level pooled over both,
/// ``detectPair(_:mask:pixelsPerMillimetre:parallel:)``), and raised where the skin is locally
/// rough; the scale itself is chosen on the plain
/// normalised response. Its radius is √2·σ at the best scale; its elongation index is √(λ₁/λ₂) of
/// the Hessian of −D there.
/// - A pore counts where its filter's reach (2r + 2 px) lies on the skin, clear of hairs, glare and
///   the edge of the overlap, and stands for the pores of its size on the whole skin (its weight,
///   the skin's area over the skin's area clear of that reach: ``clearOfEdges(_:mask:parallel:)``).
///   Counts are therefore edge-corrected estimates, not always whole numbers.
/// - Maxima at the largest scale are larger than pores and left to Pigmentation (spots).
/// - Elongation index above `maximumElongation` is a line, left to FineLines.
///
/// Metrics (lower is better): `count` (edge-corrected); `density` per cm² of measured skin (per megapixel without a
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
        public static let revision = 2
        public var minimumRadiusMillimetres = 0.04
        public var maximumRadiusMillimetres = 0.4
        /// Smallest blob response, in robust standard deviations of the response on the skin at its scale.
        public var threshold = 5.0
        public var maximumElongation = 3.0
        /// Local RMS response (σ = 1 mm) over its median above which the skin is too rough (a scar)
        /// for pores to be counted.
        public var maximumRoughness = 1.5
        /// On a registered pair, a pore found on either photo is present on the other when that photo
        /// has a blob within the pore's radius whose response exceeds this fraction of `threshold`.
        public var presenceFraction = 0.5

        public init() {}
    }

    public static let descriptor = AnalyzerDescriptor(
        id: "org.skindelta.pores", name: "Pores",
        summary: "Open pores by scale-space blob detection: count, density, size, area and elongation.",
        version: "1.4.0",
        metrics: [
            MetricDescriptor(id: "count", name: "Pores", unit: "count", direction: .lowerIsBetter,
                             description: "Dark blobs of pore size (radius 0.04–0.4 mm) on the measured skin.", meaningfulChangePercent: 4,
                             meaningfulChange: 4),
            MetricDescriptor(id: "density", name: "Pore density", unit: "/cm²", direction: .lowerIsBetter,
                             description: "Pores per cm² of measured skin (per megapixel when the scale is unknown).", meaningfulChangePercent: 4),
            MetricDescriptor(id: "meanArea", name: "Mean pore area", unit: "mm²", direction: .lowerIsBetter,
                             description: "Mean of π r² with r = √2 σ at each pore's best scale.", meaningfulChangePercent: 17),
            MetricDescriptor(id: "areaPercent", name: "Pore area", unit: "%", direction: .lowerIsBetter,
                             description: "Sum of the pores' areas over the measured skin area.", meaningfulChangePercent: 27),
            MetricDescriptor(id: "elongation", name: "Pore elongation", unit: "1", direction: .lowerIsBetter,
                             description: "Mean √(λ1/λ2) of the Hessian at each pore (1 for round pores).", meaningfulChangePercent: 14),
        ],
        claims: [
            ClaimDescriptor(id: "pores", name: "Pores",
                            description: "Visible open pores per cm² of skin; fewer is better.",
                            headlineMetric: "density", metrics: ["density", "count", "meanArea", "areaPercent", "elongation"]),
        ],
        workingPixelsPerMillimetre: 20)

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
        /// How many pores of the measured skin this one stands for (≥ 1): the skin's area over the
        /// area where a pore of this radius is clear of the mask's edges (see ``clearOfEdges``).
        public var weight: Double = 1
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
        let detected = detectPair(pair.photos, mask: pair.mask, pixelsPerMillimetre: ppm, parallel: context.parallel)
        for (index, pores) in detected.enumerated() {
            let areas = pores.map { Double.pi * $0.radius * $0.radius * $0.weight }
            var values: [String: (value: Double, tiles: [Double])] = [:]
            let tiles = pair.tiles.tiles
            var tileCount = [Double](repeating: 0, count: tiles.count), tileArea = tileCount, tileElongation = tileCount
            for (k, pore) in pores.enumerated() {
                guard let t = pair.tiles.tileIndex(x: Int(pore.x.rounded()), y: Int(pore.y.rounded())) else { continue }
                tileCount[t] += pore.weight; tileArea[t] += areas[k]; tileElongation[t] += pore.weight * pore.elongation
            }
            let n = pores.reduce(0) { $0 + $1.weight }
            values["count"] = (n, tileCount)
            values["density"] = (n / densityArea, zip(tileCount, tiles).map { count, tile in
                count / (scaled ? Double(tile.maskPixels) / (ppm * ppm) / 100 : Double(tile.maskPixels) / 1e6)
            })
            values["meanArea"] = (n > 0 ? areas.reduce(0, +) / n * areaScale : 0,
                                  zip(tileArea, tileCount).map { $1 > 0 ? $0 / $1 * areaScale : 0 })
            values["areaPercent"] = (100 * areas.reduce(0, +) / maskPixels,
                                     zip(tileArea, tiles).map { 100 * $0 / Double(max(1, $1.maskPixels)) })
            values["elongation"] = (n > 0 ? pores.reduce(0) { $0 + $1.weight * $1.elongation } / n : 1,
                                    zip(tileElongation, tileCount).map { $1 > 0 ? $0 / $1 : 1 })
            perPhoto.append(values)
            result.overlays.append(OverlayLayer(id: "pores", photo: index == 0 ? .before : .after,
                                                content: .points(pores.map { .init(x: $0.x, y: $0.y, radius: $0.radius) })))
        }
        result.record(Self.descriptor, perPhoto, units: scaled ? [:] : ["density": "/MP", "meanArea": "px²"])
        return result
    }

    /// The smallest radius searched, pixels, whatever the scale: 1.6 px (σ = 1.13 px). Blobs below
    /// about one pixel of σ are not resolved by the pixel grid: their responses are the pixels' own
    /// noise, demosaicing and JPEG rounding, and they come and go between two captures of the same
    /// skin. With 0.8 px, 40 % of the pores found on one noise-only recapture of a real dermoscopy
    /// photo (`Scripts/noise-study.py`, seed 7) were not found on the other, and pore count was called
    /// changed on 6 of the 40 pairs; with 1.6 px, on none. Smaller pores need a closer photo.
    static let minimumRadiusPixels = 1.6

    /// The radii of the scale steps, pixels (σ = r/√2).
    public func radii(pixelsPerMillimetre ppm: Double) -> [Double] {
        let low = max(Self.minimumRadiusPixels, settings.minimumRadiusMillimetres * ppm), high = max(low * 1.5, settings.maximumRadiusMillimetres * ppm)
        let steps = 8
        return (0..<steps).map { low * pow(high / low, Double($0) / Double(steps - 1)) }
    }

    /// The level of the 2×-reduced density pyramid a scale of `sigma` full-resolution pixels is
    /// computed at: the coarsest that keeps σ at 1 px or more there (at most 4 levels). Small
    /// scales stay at full resolution; a blob of σ = 4 px is found as well on a plane with a quarter
    /// of the pixels.
    static func octave(sigma: Double) -> Int {
        var level = 0
        while level < 4, sigma / Double(1 << (level + 1)) >= 1 { level += 1 }
        return level
    }

    /// Pores of one photo, in raster order of their centres, with the photo's own noise level.
    public func detect(_ photo: AnalysisPhoto, mask: Image<Gray8>, pixelsPerMillimetre ppm: Double, parallel: Bool) -> [Pore] {
        let found = candidates(photo, mask: mask, pixelsPerMillimetre: ppm, bar: settings.threshold, parallel: parallel)
        return Self.clearOfEdges(Self.suppressOverlaps(found.pores.filter { $0.response > settings.threshold }), mask: mask, parallel: parallel)
    }

    /// The pores whose filter reach lies on the skin: the centre at least 2r + 2 px from the nearest
    /// pixel off the mask (a hair, glare, the edge of the overlap), r the pore's radius. The
    /// Laplacian of Gaussian at a pore's scale reaches about 2r; a hair within that reach on one
    /// photo of a pair darkens the response there and the pore comes and goes with the hair's lie
    /// (the 2 px cover the hair's fringe beyond the mask's border). On real close-ups whose hairs
    /// lay differently in the two photos, a quarter of the pores of an unchanged pair were found on
    /// one photo only, lined up along the other photo's hairs.
    ///
    /// Each pore kept stands for the pores of its size on the whole skin: its ``Pore/weight`` is the
    /// skin's area over the skin's area at least its reach from the edges (an edge correction, as
    /// for counts in a sampling frame), so counts and areas estimate the whole measured skin and do
    /// not fall with the length of the mask's border. Both photos of a pair share the mask and so
    /// the weights.
    static func clearOfEdges(_ pores: [Pore], mask: Image<Gray8>, parallel: Bool) -> [Pore] {
        let offSkin = Image(size: mask.size, pixels: mask.pixels.map { Gray8(value: $0.value == 0 ? 255 : 0) })
        guard PlaneMath.count(offSkin) > 0 else { return pores }
        let distance = Kernels.DistanceTransform.fast(offSkin, parallel: parallel)
        // Skin pixels by squared distance (up to the largest reach): the skin clear of a reach is a
        // suffix sum.
        let largest = Int(min(4096, (pores.map { 2 * $0.radius + 2 }.max() ?? 0).rounded(.up) + 1))
        let cap = largest * largest
        var histogram = [Int](repeating: 0, count: cap + 1)
        mask.withUnsafeBufferPointer { m in
            distance.withUnsafeBufferPointer { d in
                for i in 0..<m.count where m[i].value != 0 { histogram[min(cap, Int(d[i]))] += 1 }
            }
        }
        var clear = histogram
        for k in stride(from: cap - 1, through: 0, by: -1) { clear[k] += clear[k + 1] }
        let skinPixels = clear[0]
        let width = mask.width, height = mask.height
        return pores.compactMap { pore in
            let x = min(width - 1, max(0, Int(pore.x.rounded()))), y = min(height - 1, max(0, Int(pore.y.rounded())))
            let reach = 2 * pore.radius + 2, reachSquared = reach * reach
            guard Double(distance[y * width + x]) >= reachSquared else { return nil }
            let clearPixels = clear[min(cap, Int(reachSquared.rounded(.up)))]
            var kept = pore
            kept.weight = Double(skinPixels) / Double(max(1, clearPixels))
            return kept
        }
    }

    /// Pores of the photos of a pair (baseline first) with a noise level per scale shared by the
    /// photos: the level pooled over them, √(mean of the squared response spreads), or a photo's own
    /// when that is higher. A photo whose response spread is lower (softer, less noisy, or a JPEG
    /// that smoothed the finest scales) is held to the pooled bar instead of setting a lower one for
    /// itself; a noisier photo keeps its own, so its noise is not counted as pores. On relit,
    /// re-encoded real photos the per-photo bars counted JPEG blocks and sensor noise as pores in one
    /// photo and not the other: pore count called changed on 19 of 40 noise-only pairs of
    /// `Scripts/noise-study.py` (whole-frame masks), 2 of 40 with the shared level. The roughness
    /// factor stays each photo's own (it is local structure, relative to the photo).
    ///
    /// Two photos (a registered pair) are then measured on one list of pores: every pore found on
    /// either photo (above `threshold`; one found on both counted once), looked for on each photo
    /// as a blob within its radius (at least 1.5 px) above `presenceFraction` × `threshold`, and
    /// measured there (radius, elongation) when present. A pore a softer or re-encoded follow-up
    /// shows more faintly still counts on it; one that is gone leaves no blob. On the darkest
    /// dermoscopy photo of the shared real data re-encoded as JPEG with nothing changed, each photo's
    /// own detections lost a third of the pores (155 → 105) and were called an improvement.
    public func detectPair(_ photos: [AnalysisPhoto], mask: Image<Gray8>, pixelsPerMillimetre ppm: Double, parallel: Bool) -> [[Pore]] {
        let presence = photos.count == 2 ? settings.presenceFraction : 1
        let found = photos.map { candidates($0, mask: mask, pixelsPerMillimetre: ppm, bar: settings.threshold * presence, parallel: parallel) }
        guard let first = found.first else { return [] }
        let shared = first.spreads.indices.map { k in (found.reduce(0) { $0 + $1.spreads[k] * $1.spreads[k] } / Double(found.count)).squareRoot() }
        let threshold = settings.threshold
        // Responses against the shared noise level.
        let relative = found.map { detection in
            zip(detection.pores, detection.scales).map { pore, k -> Pore in
                var pore = pore
                pore.response *= detection.spreads[k] / max(detection.spreads[k], shared[k])
                return pore
            }
        }
        let detected = relative.map { Self.suppressOverlaps($0.filter { $0.response > threshold }) }
        guard photos.count == 2 else { return detected.map { Self.clearOfEdges($0, mask: mask, parallel: parallel) } }
        let union = Self.clearOfEdges(Self.suppressOverlaps(detected[0] + detected[1]), mask: mask, parallel: parallel)
        return relative.map { blobs in
            let faint = Self.SpatialIndex(blobs.filter { $0.response > threshold * presence })
            return union.compactMap { pore in
                faint.strongest(near: pore.x, pore.y, within: max(pore.radius, 1.5)).map { found in
                    var found = found
                    found.weight = pore.weight
                    return found
                }
            }
        }
    }

    /// Blobs bucketed by position for "the strongest blob near a point".
    struct SpatialIndex {
        let pores: [Pore]
        var buckets: [Int64: [Int]] = [:]
        static let cell = 16

        init(_ pores: [Pore]) {
            self.pores = pores
            for (i, pore) in pores.enumerated() { buckets[Self.key(Int(pore.x) / Self.cell, Int(pore.y) / Self.cell), default: []].append(i) }
        }

        static func key(_ bx: Int, _ by: Int) -> Int64 { Int64(bx) << 32 | Int64(by & 0x7FFF_FFFF) }

        /// The strongest blob whose centre lies within `radius` of (x, y); nil for none.
        func strongest(near x: Double, _ y: Double, within radius: Double) -> Pore? {
            let bx = Int(x) / Self.cell, by = Int(y) / Self.cell
            let reach = max(1, Int((radius / Double(Self.cell)).rounded(.up)))
            var best: Pore?
            for dx in -reach...reach {
                for dy in -reach...reach {
                    for i in buckets[Self.key(bx + dx, by + dy)] ?? [] {
                        let p = pores[i]
                        guard (p.x - x) * (p.x - x) + (p.y - y) * (p.y - y) <= radius * radius else { continue }
                        if best.map({ p.response > $0.response }) ?? true { best = p }
                    }
                }
            }
            return best
        }
    }

    /// Blob candidates of one photo before overlap suppression: each with its response relative to
    /// the photo's own noise level, the index of its scale, and the response spread per scale.
    struct Candidates {
        var pores: [Pore]
        var scales: [Int]
        var spreads: [Double]
    }

    /// `bar`: the smallest response kept, in units of the photo's own noise level.
    func candidates(_ photo: AnalysisPhoto, mask: Image<Gray8>, pixelsPerMillimetre ppm: Double, bar: Double, parallel: Bool) -> Candidates {
        let radii = radii(pixelsPerMillimetre: ppm)
        let width = photo.size.width, height = photo.size.height
        var pyramid = [photo.density]
        // The running maximum over the scales already tested (a candidate at scale c must beat
        // every smaller scale strictly, as the first largest response wins), the responses of the
        // last three scales, and the Hessian and local roughness of the scale being tested.
        var runningMaximum = Image<Gray32>.uninitialized(size: photo.size)
        var window: [ScaleResponse] = []
        var found: [Candidate] = []
        var spreads: [Double] = []
        let threshold = Float(bar), maximumRoughness = Float(settings.maximumRoughness)
        for (k, radius) in radii.enumerated() {
            let sigma = radius / 2.0.squareRoot()
            let level = Self.octave(sigma: sigma)
            while pyramid.count <= level { pyramid.append(Kernels.Downsample2x.fast(pyramid[pyramid.count - 1], parallel: parallel)) }
            let scale = Self.scaleResponse(pyramid[level], levels: level, sigma: sigma, size: photo.size, parallel: parallel)
            let q = PlaneMath.sampledPercentiles(scale.response, [25, 75], mask: mask, step: 2)
            let spread = Float(q[0].isNaN ? 1 : max((q[1] - q[0]) / 1.349, 1e-4))
            spreads.append(Double(spread))
            var current = scale
            current.spread = spread
            current.local = localRMS(scale.response, mask: mask, sigma: ppm, parallel: parallel)
            // A later scale that beats a candidate's response at its pixel takes the pixel over.
            if k >= 2 {
                current.response.withUnsafeBufferPointer { r in
                    found.removeAll { $0.scale <= k - 2 && r[$0.index].value > $0.value }
                }
            }
            window.append(current)
            if window.count > 3 { window.removeFirst() }
            guard k >= 1 else { continue }
            let c = k - 1, centre = window.count - 2
            if width >= 3, height >= 3 {
                // The maxima scan also takes the tested scale into the running maximum, row by row.
                found += Self.maxima(window, centre: centre, scale: c, runningMaximum: &runningMaximum, first: c == 0, mask: mask,
                                     threshold: threshold, maximumRoughness: maximumRoughness)
            } else {
                Self.merge(window[centre].response, into: &runningMaximum, first: c == 0)
            }
        }
        // A candidate stands when its elongation is not a line's.
        let maximumElongation = Float(settings.maximumElongation)
        var pores: [Pore] = [], poreScales: [Int] = []
        for candidate in found.sorted(by: { $0.index < $1.index }) where candidate.elongation <= maximumElongation {
            pores.append(Pore(x: Double(candidate.index % width), y: Double(candidate.index / width), radius: radii[candidate.scale],
                              elongation: Double(candidate.elongation), response: Double(candidate.value / candidate.noise)))
            poreScales.append(candidate.scale)
        }
        return Candidates(pores: pores, scales: poreScales, spreads: spreads)
    }

    /// One scale of the search: its normalised response on the full grid, the elongation index
    /// on the grid it was computed on (`levels` 2× reductions), the robust spread and the local
    /// RMS response.
    struct ScaleResponse {
        var response: Image<Gray32>
        /// The squared elongation index λ₁/λ₂ (∞ where the smaller eigenvalue is not positive).
        var elongations: Image<Gray32>
        var levels: Int
        var spread: Float = 1
        var local: (plane: Image<Gray32>, median: Double, levels: Int)?

        /// The elongation index at full-resolution pixel (x, y): that of the nearest pixel of the
        /// grid it was computed on. The plane holds its square (λ₁/λ₂): the root is only taken
        /// where a candidate asks.
        func elongation(x: Int, y: Int) -> Float {
            elongations[x: min(x >> levels, elongations.width - 1), y: min(y >> levels, elongations.height - 1)].value.squareRoot()
        }
    }

    /// A pixel that is a maximum of its scale-space neighbourhood above its noise level.
    struct Candidate {
        var index: Int
        var scale: Int
        var value: Float
        var noise: Float
        var elongation: Float
    }

    /// The scale-normalised response R = −σ²(Dxx + Dyy) and the squared elongation index λ₁/λ₂ of
    /// the Hessian of −D at scale `sigma` (full-resolution pixels), computed on `reduced` (the
    /// density reduced `levels` times, with the blur its 2×2 averaging already applied taken off
    /// σ); R is brought back to the full grid bilinearly, the elongation stays on the reduced grid
    /// (its root, the index √(λ₁/λ₂), is taken per candidate).
    static func scaleResponse(_ reduced: Image<Gray32>, levels: Int, sigma: Double, size: Size, parallel: Bool) -> ScaleResponse {
        let f = Double(1 << levels)
        // Averaging f×f blocks adds (f² − 1)/12 px² of variance in each direction.
        let sigmaReduced = max((sigma * sigma - (f * f - 1) / 12).squareRoot(), 0.5 * f) / f
        let h = Kernels.Hessian.fast(reduced, sigma: sigmaReduced, parallel: parallel)
        let s2 = Float((sigma / f) * (sigma / f))
        var plane = Image<Gray32>.uninitialized(size: reduced.size)
        var elongation = Image<Gray32>.uninitialized(size: reduced.size)
        h.xx.withUnsafeBufferPointer { xx in
            h.xy.withUnsafeBufferPointer { xy in
                h.yy.withUnsafeBufferPointer { yy in
                    plane.withUnsafeMutableBufferPointer { out in
                        elongation.withUnsafeMutableBufferPointer { e in
                            // Eight pixels at a time (the same IEEE operations as one at a time), then the rest.
                            typealias V = SIMD8<Float>
                            let count = out.count, vectorEnd = count - count % V.scalarCount
                            let pxx = UnsafeRawPointer(xx.baseAddress!), pxy = UnsafeRawPointer(xy.baseAddress!)
                            let pyy = UnsafeRawPointer(yy.baseAddress!)
                            let pout = UnsafeMutableRawPointer(out.baseAddress!), pe = UnsafeMutableRawPointer(e.baseAddress!)
                            let scale = V(repeating: -s2), infinity = V(repeating: .infinity)
                            var i = 0
                            while i < vectorEnd {
                                let offset = i * MemoryLayout<Float>.stride
                                let a = scale * pxx.loadUnaligned(fromByteOffset: offset, as: V.self)
                                let b = scale * pxy.loadUnaligned(fromByteOffset: offset, as: V.self)
                                let d = scale * pyy.loadUnaligned(fromByteOffset: offset, as: V.self)
                                pout.storeBytes(of: a + d, toByteOffset: offset, as: V.self)
                                let half = (a - d) / 2
                                let mean = (a + d) / 2, spread = (half * half + b * b).squareRoot()
                                let small = mean - spread
                                let ratio = (mean + spread) / small
                                pe.storeBytes(of: infinity.replacing(with: ratio, where: small .> 0), toByteOffset: offset, as: V.self)
                                i += V.scalarCount
                            }
                            while i < count {
                                // Hessian of −D, scale-normalised: positive eigenvalues on a pit.
                                let a = -s2 * xx[i].value, b = -s2 * xy[i].value, d = -s2 * yy[i].value
                                out[i] = Gray32(value: a + d)
                                let mean = (a + d) / 2, spread = (((a - d) / 2) * ((a - d) / 2) + b * b).squareRoot()
                                let small = mean - spread
                                e[i] = Gray32(value: small > 0 ? (mean + spread) / small : .infinity)
                                i += 1
                            }
                        }
                    }
                }
            }
        }
        let full = levels > 0 ? Kernels.BilinearUpsample.fast(plane, levels: levels, outputSize: size, parallel: parallel) : plane
        return ScaleResponse(response: full, elongations: elongation, levels: levels)
    }

    /// The candidates of scale `scale` (the centre of `window`, its neighbours in scale on either
    /// side, two or three planes): mask pixels whose response beats every smaller scale's
    /// (`runningMaximum`, nil for the first scale), exceeds `threshold` × the noise level (the
    /// spread, raised by the local roughness; none where the skin is rougher than
    /// `maximumRoughness`) and is the maximum of its 3×3×3 neighbourhood, ties going to the first
    /// pixel in raster order. Pixels on the frame's edge are never candidates.
    ///
    /// `runningMaximum` holds the maximum over the smaller scales (nothing yet when `first`); each
    /// row, once scanned, takes the tested scale in (``mergeRow(_:into:count:first:)``).
    static func maxima(_ window: [ScaleResponse], centre: Int, scale: Int, runningMaximum: inout Image<Gray32>, first: Bool,
                       mask: Image<Gray8>, threshold: Float, maximumRoughness: Float) -> [Candidate] {
        let tested = window[centre]
        let width = mask.width, height = mask.height
        let spread = tested.spread, bar = threshold * spread
        let local = tested.local!
        let typical = Float(max(local.median.isNaN ? 1 : local.median, 1e-6))
        let shift = local.levels, localWidth = local.plane.width
        let planes = window.map { $0.response }
        var out: [Candidate] = []
        withExtendedLifetime(planes) {
            let pointers = planes.map { $0.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: Float.self) } }
            let r = pointers[centre]
            runningMaximum.withUnsafeMutableBufferPointer { maximum in
                let running = UnsafeMutableRawPointer(maximum.baseAddress!).assumingMemoryBound(to: Float.self)
                let best: UnsafeMutablePointer<Float>? = first ? nil : running
                mask.withUnsafeBufferPointer { m in
                    local.plane.withUnsafeBufferPointer { rough in
                        let bars = SIMD8<Float>(repeating: bar)
                        Self.mergeRow(r, into: running, count: width, first: first)
                        for y in 1..<(height - 1) {
                            defer { Self.mergeRow(r + y * width, into: running + y * width, count: width, first: first) }
                            let row = y * width, localRow = (y >> shift) * localWidth
                            var x = 1
                            while x < width - 1 {
                                // Most pixels are below the bar: eight of them are passed over at once.
                                if x + 8 <= width - 1,
                                   !any(UnsafeRawPointer(r + row + x).loadUnaligned(as: SIMD8<Float>.self) .> bars) {
                                    x += 8
                                    continue
                                }
                                defer { x += 1 }
                                let i = row + x
                                let value = r[i]
                                guard value > bar, m[i].value != 0 else { continue }
                                if let best, !(value > best[i]) { continue }
                                let roughness = rough[localRow + (x >> shift)].value / typical
                                // Rough areas (scars) are left to ScarTexture: no pore is counted there.
                                let noise = roughness > maximumRoughness ? Float.infinity : spread * max(1, roughness)
                                guard value > threshold * noise else { continue }
                                var isMaximum = true
                                check: for (offset, neighbours) in pointers.enumerated() {
                                    let same = offset == centre
                                    for dy in -1...1 {
                                        for dx in -1...1 where !(dx == 0 && dy == 0 && same) {
                                            let v = neighbours[i + dy * width + dx]
                                            if v > value || (v == value && (dy < 0 || (dy == 0 && dx < 0))) { isMaximum = false; break check }
                                        }
                                    }
                                }
                                if isMaximum {
                                    out.append(Candidate(index: i, scale: scale, value: value, noise: noise,
                                                         elongation: tested.elongation(x: x, y: y)))
                                }
                            }
                        }
                        Self.mergeRow(r + (height - 1) * width, into: running + (height - 1) * width, count: width, first: first)
                    }
                }
            }
        }
        return out
    }

    /// `count` values of `plane` taken into the running maximum (copied into it when `first`).
    @inline(__always)
    static func mergeRow(_ plane: UnsafePointer<Float>, into maximum: UnsafeMutablePointer<Float>, count: Int, first: Bool) {
        if first {
            maximum.update(from: plane, count: count)
        } else {
            for x in 0..<count where plane[x] > maximum[x] { maximum[x] = plane[x] }
        }
    }

    /// `plane` taken into the running maximum (copied into it when `first`): ``mergeRow(_:into:count:first:)``
    /// over the whole plane.
    static func merge(_ plane: Image<Gray32>, into maximum: inout Image<Gray32>, first: Bool) {
        plane.withUnsafeBufferPointer { p in
            maximum.withUnsafeMutableBufferPointer { m in
                mergeRow(UnsafeRawPointer(p.baseAddress!).assumingMemoryBound(to: Float.self),
                         into: UnsafeMutableRawPointer(m.baseAddress!).assumingMemoryBound(to: Float.self), count: m.count, first: first)
            }
        }
    }

    /// The local RMS of `plane` (Gaussian σ = `sigma` pixels) and its median on the skin, computed
    /// at the coarsest 2×-reduced level that keeps σ at 2 px or more (at most 4× coarser): a field
    /// smooth at the 1 mm scale needs no finer grid. Full-resolution pixel (x, y) reads reduced pixel
    /// (x >> levels, y >> levels).
    func localRMS(_ plane: Image<Gray32>, mask: Image<Gray8>, sigma: Double, parallel: Bool) -> (plane: Image<Gray32>, median: Double, levels: Int) {
        var levels = 0
        while levels < 2, sigma / Double(1 << (levels + 1)) >= 2 { levels += 1 }
        // The squares are made at the first reduction, not as a plane of their own.
        var squares = levels > 0 ? Kernels.Downsample2x.squares(plane, parallel: parallel) : PlaneMath.map(plane) { $0 * $0 }
        var reducedMask = levels > 0 ? Kernels.MaskDownsample2x.fast(mask, parallel: parallel) : mask
        for _ in 1..<max(levels, 1) {
            squares = Kernels.Downsample2x.fast(squares, parallel: parallel)
            reducedMask = Kernels.MaskDownsample2x.fast(reducedMask, parallel: parallel)
        }
        let rms = PlaneMath.map(PlaneMath.blur(squares, sigma: sigma / Double(1 << levels), parallel: parallel)) { $0.squareRoot() }
        var median = Kernels.Statistics.median(rms, mask: reducedMask)
        if median.isNaN { median = Kernels.Statistics.median(rms) }
        return (rms, median, levels)
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
