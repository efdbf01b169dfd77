public import ImageCore

/// The automatic skin mask of one photo and the capture-quality numbers that come with it.
///
/// A pixel is skin when all of these hold (CIELAB D65, statistics over the candidate pixels):
/// 1. it is a valid pixel with a skin-like colour: under ``SkinRule/colourGate``, hue angle
///    h = atan2(b*, a*) in 10°…90°, chroma C* = √(a*² + b*²) ≥ 4 and L* in 12…98 (excludes
///    backdrop, eyes' whites, clothes); under ``SkinRule/wholeFrame`` (close-ups where skin fills
///    the frame), any L* in 12…98;
/// 2. it is not specular glare: not (L* above a bar and C* < 0.7 median C*), and not clipped white
///    (every linear channel at 0.98 or more). The bar is max(median L* + 12, 78) under the
///    whole-frame rule (the floor keeps matte skin that is lighter than a large dark lesion filling
///    a close-up) and max(median L* + 12, min(78, median L* + 20)) under the hue gate, where a
///    highlight on dark skin stays under 78 (70 on the bundled sample course's darkest patient,
///    median 44) while lit facial skin stays under median + 20 (on the shared real portrait, a bar
///    of median + 12 alone took the lit forehead and cheeks for glare). The chroma bound is 0.7, not
///    0.6: a soft highlight on reddened skin kept 0.67 of the median chroma at its core. Each
///    highlight's halo is added to it (``growIntoHalo(_:lightness:chroma:valid:pixelsPerMillimetre:)``)
///    and glare is grown by ``glareMarginMillimetres``.
///    One clipped channel is not glare: bright skin often clips red alone, and a highlight is white
///    (such pixels count in ``CaptureQuality/clippedPercent``, not as glare). Only glare on skin counts:
///    a connected highlight whose border is mostly not skin (white clothing, a backdrop) is neither;
/// 3. it is not dark shadow, brows or hair mass: L* ≥ 0.55 × median L*;
/// 4. it is not a hair: connected dark pixels (L* more than 8 + 0.15 × median L* below the
///    mean over a 2 mm window, ``hairWindowMillimetres``, see `localMean`) whose component is elongated (major/minor axis > 4) and longer than
///    1 mm are removed, grown by one pixel. Round dark blobs (pores, spots) stay.
/// Lips are excluded by rule 1 where their hue falls below 10°.
public struct SkinMask: Sendable {
    /// 255 on skin, 0 elsewhere.
    public var mask: Image<Gray8>
    /// 255 on specular glare (grown).
    public var glare: Image<Gray8>
    public var quality: CaptureQuality
    /// The colour rule the candidates were picked by.
    public var rule: SkinRule

    public static let glareMarginMillimetres = 0.3
    /// Half the side of the window whose mean a hair is told from, mm (rule 4).
    public static let hairWindowMillimetres = 1.0

    /// Computes the mask of `photo`; `pixelsPerMillimetre` sets the window sizes (20 px/mm is
    /// assumed when it is unknown); `rule` picks the candidates (nil: ``SkinRule/automatic(for:)``).
    public init(_ photo: AnalysisPhoto, pixelsPerMillimetre: Double?, rule: SkinRule? = .colourGate, parallel: Bool = true) {
        let rule = rule ?? SkinRule.automatic(for: photo)
        let wholeFrame = rule == .wholeFrame
        self.rule = rule
        let ppm = PhysicalScale.windowScale(pixelsPerMillimetre)
        let size = photo.size, count = size.width * size.height
        let l = photo.lab.l, a = photo.lab.a, b = photo.lab.b
        // 1. Candidates and their chroma.
        var candidate = [UInt8](repeating: 0, count: count)
        var chroma = Image<Gray32>.uninitialized(size: size)
        var clipped = 0, validCount = 0
        l.withUnsafeBufferPointer { lp in
            a.withUnsafeBufferPointer { ap in
                b.withUnsafeBufferPointer { bp in
                    photo.valid.withUnsafeBufferPointer { vp in
                        photo.red.withUnsafeBufferPointer { rp in
                            photo.green.withUnsafeBufferPointer { gp in
                                photo.blue.withUnsafeBufferPointer { blp in
                                    chroma.withUnsafeMutableBufferPointer { cp in
                                        for i in 0..<count {
                                            let av = ap[i].value, bv = bp[i].value, lv = lp[i].value
                                            let c = (av * av + bv * bv).squareRoot()
                                            cp[i] = Gray32(value: c)
                                            guard vp[i].value != 0 else { continue }
                                            validCount += 1
                                            if rp[i].value >= 1 || gp[i].value >= 1 || blp[i].value >= 1 { clipped += 1 }
                                            if wholeFrame ? (lv >= 12 && lv <= 98) : SkinRule.passesHueGate(l: lv, a: av, b: bv, c: c) {
                                                candidate[i] = 255
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        let candidateImage = Image(size: size, pixels: candidate.map { Gray8(value: $0) })
        let stats = Kernels.Statistics.percentiles(l, [50], mask: candidateImage)
        let medianL = stats[0].isNaN ? 50 : Float(stats[0])
        let medianCValue = Kernels.Statistics.percentiles(chroma, [50], mask: candidateImage)[0]
        let medianC = medianCValue.isNaN ? 10 : Float(medianCValue)

        // 2–3. Glare and shadow.
        let lightnessBar = wholeFrame ? max(medianL + 12, 78) : max(medianL + 12, min(78, medianL + 20))
        var glare = [UInt8](repeating: 0, count: count)
        l.withUnsafeBufferPointer { lp in
            chroma.withUnsafeBufferPointer { cp in
                photo.red.withUnsafeBufferPointer { rp in
                    photo.green.withUnsafeBufferPointer { gp in
                        photo.blue.withUnsafeBufferPointer { blp in
                            photo.valid.withUnsafeBufferPointer { vp in
                                for i in 0..<count where vp[i].value != 0 {
                                    let lv = lp[i].value
                                    let specular = lv > lightnessBar && cp[i].value < 0.7 * medianC
                                    let saturated = min(rp[i].value, gp[i].value, blp[i].value) >= 0.98
                                    if specular || saturated { glare[i] = 255 }
                                    if lv < 0.55 * medianL { candidate[i] = 0 }
                                }
                            }
                        }
                    }
                }
            }
        }
        if glare.contains(255) {
            Self.keepGlareOnSkin(&glare, candidate: candidate, chroma: chroma, minimumChroma: 0.3 * medianC, size: size)
            Self.growIntoHalo(&glare, lightness: l, chroma: chroma, valid: photo.valid, pixelsPerMillimetre: ppm)
        }
        let glareRadius = max(1, Int((Self.glareMarginMillimetres * ppm).rounded()))
        // Nothing to grow on a photo without glare.
        let grownGlare = glare.contains(255)
            ? Kernels.Morphology.fast(Image(size: size, pixels: glare.map { Gray8(value: $0) }), .dilate, radius: glareRadius, parallel: parallel)
            : Image(size: size, repeating: Gray8(value: 0))

        // 4. Hairs: elongated dark components.
        // A 2 mm window: a hair darkens its own window's mean by its share of the window, and
        // hairs 0.5 mm wide at the scale assumed without one (a dermoscope's close-ups are finer
        // than that scale) lost half their contrast to a 1 mm window and were found in dashes.
        let windowRadius = max(2, Int((Self.hairWindowMillimetres * ppm).rounded()))
        let local = Self.localMean(l, radius: windowRadius, parallel: parallel)
        let darkThreshold = 8 + 0.15 * medianL
        var dark = [UInt8](repeating: 0, count: count)
        l.withUnsafeBufferPointer { lp in
            local.withUnsafeBufferPointer { mp in
                for i in 0..<count where candidate[i] != 0 && lp[i].value < mp[i].value - darkThreshold { dark[i] = 255 }
            }
        }
        let components = Kernels.ConnectedComponents.fast(Image(size: size, pixels: dark.map { Gray8(value: $0) }),
                                                          connectivity: .eight)
        var hairLabels = Set<Int32>()
        for region in components.regions {
            let axes = region.axisLengths
            if region.elongation > 4, axes.major > ppm { hairLabels.insert(Int32(region.label)) }
        }
        var hair = [UInt8](repeating: 0, count: count)
        if !hairLabels.isEmpty {
            for i in 0..<count where components.labels[i] > 0 && hairLabels.contains(components.labels[i]) { hair[i] = 255 }
        }
        let grownHair = hairLabels.isEmpty
            ? Image(size: size, repeating: Gray8(value: 0))
            : Kernels.Morphology.fast(Image(size: size, pixels: hair.map { Gray8(value: $0) }), .dilate, radius: 1, parallel: parallel)

        var skin = [Gray8](repeating: Gray8(value: 0), count: count)
        var skinCount = 0, glareCount = 0, candidateCount = 0
        grownGlare.withUnsafeBufferPointer { gp in
            grownHair.withUnsafeBufferPointer { hp in
                for i in 0..<count where candidate[i] != 0 || gp[i].value != 0 {
                    candidateCount += 1
                    if gp[i].value != 0 { glareCount += 1; continue }
                    if candidate[i] != 0 && hp[i].value == 0 { skin[i] = Gray8(value: 255); skinCount += 1 }
                }
            }
        }
        let cleaned = Kernels.Morphology.fast(Image(size: size, pixels: skin), .open, radius: 1, parallel: parallel)
        mask = cleaned
        self.glare = grownGlare
        quality = CaptureQuality.measure(photo, skin: cleaned, validPixels: validCount, clippedPixels: clipped,
                                         glarePercent: candidateCount > 0 ? 100 * Double(glareCount) / Double(candidateCount) : 0,
                                         pixelsPerMillimetre: pixelsPerMillimetre, parallel: parallel)
    }

    /// Largest glare component, as a fraction of the skin candidates: anything larger is a lit
    /// backdrop or garment (the grey backdrop of the shared real portrait, bordered by hair and an
    /// orange suit, is a fifth of its frame).
    public static let maximumGlareFraction = 0.1

    /// Keeps the glare components that lie on skin: those no larger than ``maximumGlareFraction`` of
    /// the skin candidates whose outer border (the 4-neighbours
    /// outside the component, inside the frame) is at least half skin — candidates of skin-like
    /// chroma (at least `minimumChroma`, 0.3 × the median chroma). A highlight on skin is surrounded
    /// by skin; white or cream clothing, a white backdrop or a window is bordered mostly by its own
    /// greyish shading, and is neither skin nor glare (on the shared real portrait, the white suit
    /// made 52 % of the frame's skin candidates "glare" and widened every interval).
    static func keepGlareOnSkin(_ glare: inout [UInt8], candidate: [UInt8], chroma: Image<Gray32>, minimumChroma: Float, size: Size) {
        let maximumGlareFraction = Self.maximumGlareFraction
        let width = size.width, height = size.height
        let components = Kernels.ConnectedComponents.fast(Image(size: size, pixels: glare.map { Gray8(value: $0) }), connectivity: .eight)
        let labels = components.labels
        var skinBorder = [Int](repeating: 0, count: components.regions.count + 1), otherBorder = skinBorder
        chroma.withUnsafeBufferPointer { c in
            for y in 0..<height {
                for x in 0..<width {
                    let i = y * width + x
                    let label = Int(labels[i])
                    guard label > 0 else { continue }
                    for (dx, dy) in [(1, 0), (-1, 0), (0, 1), (0, -1)] {
                        let nx = x + dx, ny = y + dy
                        guard nx >= 0, ny >= 0, nx < width, ny < height else { continue }
                        let j = ny * width + nx
                        guard labels[j] == 0 else { continue }
                        if candidate[j] != 0 && c[j].value >= minimumChroma { skinBorder[label] += 1 } else { otherBorder[label] += 1 }
                    }
                }
            }
        }
        // A highlight is a small part of the skin: a component as large as a tenth of the skin
        // candidates is a lit backdrop or garment, whatever borders it.
        let largest = Double(candidate.reduce(0) { $0 + ($1 != 0 ? 1 : 0) }) * maximumGlareFraction
        var areas = [Int](repeating: 0, count: components.regions.count + 1)
        for region in components.regions { areas[region.label] = region.area }
        for i in glare.indices where labels[i] > 0 {
            let label = Int(labels[i])
            if skinBorder[label] < otherBorder[label] || Double(areas[label]) > largest { glare[i] = 0 }
        }
    }

    /// How far beyond a highlight's core its halo is looked for, at most, mm.
    public static let haloReachMillimetres = 6.0
    /// How far beyond a highlight's core its halo is looked for, in the core's equivalent radii
    /// √(area/π) (at most ``haloReachMillimetres``).
    public static let haloReachFactor = 12.0
    /// Lightness above the surrounding skin (L*) that a halo pixel has at least.
    public static let haloLightness: Float = 3

    /// Adds each highlight's halo to it: a specular highlight is a bright core (the glare rule)
    /// inside a soft lobe of specular light, still lighter and less saturated than the skin around
    /// it, that the core's rule does not reach (on the bundled sample course, a highlight masked over
    /// 20 px of radius lit the skin up to 100 px from its centre, 28 L* above it at the core's edge,
    /// and raised the photo's σL* by 43 %). The reach R is ``haloReachFactor`` equivalent radii of
    /// the core, at most ``haloReachMillimetres``; distances are counted in 4-connected steps from
    /// the core over valid pixels. The halo is the pixels within R of the core, connected to it
    /// through halo pixels, whose L* exceeds the upper quartile of L* on the ring at R…R + 1 mm (a
    /// ring crossing a dark lesion still gives the skin's level) by more than ``haloLightness`` and
    /// whose chroma is no higher than the ring's median (specular light is white: it
    /// lightens and desaturates). A lighter patch of skin keeps its chroma or is not connected to a
    /// highlight; a light gradient changes L* by well under 3 over 6 mm; a thin bright band (a
    /// dermoscope's rim) has a small equivalent radius and so a short reach.
    static func growIntoHalo(_ glare: inout [UInt8], lightness l: Image<Gray32>, chroma: Image<Gray32>, valid: Image<Gray8>,
                             pixelsPerMillimetre ppm: Double) {
        let width = l.width, height = l.height
        let components = Kernels.ConnectedComponents.fast(Image(size: l.size, pixels: glare.map { Gray8(value: $0) }), connectivity: .eight)
        guard !components.regions.isEmpty else { return }
        let core = glare
        var depth = [Int32](repeating: -1, count: width * height)
        let ringWidth = max(1, Int(ppm.rounded()))
        /// Calls `body` with each 4-neighbour of pixel `i` inside the frame.
        func forEachNeighbour(of i: Int, _ body: (Int) -> Void) {
            let x = i % width, y = i / width
            if x > 0 { body(i - 1) }
            if x + 1 < width { body(i + 1) }
            if y > 0 { body(i - width) }
            if y + 1 < height { body(i + width) }
        }
        l.withUnsafeBufferPointer { lp in
            chroma.withUnsafeBufferPointer { cp in
                valid.withUnsafeBufferPointer { vp in
                    for region in components.regions {
                        let reach = Int(min(haloReachFactor * (Double(region.area) / Double.pi).squareRoot(), haloReachMillimetres * ppm).rounded())
                        guard reach >= 1 else { continue }
                        var seeds: [Int] = []
                        for y in region.minY...region.maxY {
                            for x in region.minX...region.maxX where components.labels[y * width + x] == Int32(region.label) {
                                seeds.append(y * width + x)
                            }
                        }
                        // Steps from the core, out to the ring's outer edge.
                        var visited = seeds
                        for i in seeds { depth[i] = 0 }
                        var head = 0
                        var ringL: [Float] = [], ringC: [Float] = []
                        while head < visited.count {
                            let i = visited[head]; head += 1
                            let d = depth[i]
                            guard d < Int32(reach + ringWidth) else { continue }
                            forEachNeighbour(of: i) { j in
                                guard depth[j] < 0, vp[j].value != 0, core[j] == 0 else { return }
                                depth[j] = d + 1
                                visited.append(j)
                                if d + 1 > Int32(reach) { ringL.append(lp[j].value); ringC.append(cp[j].value) }
                            }
                        }
                        defer { for i in visited { depth[i] = -1 } }
                        guard ringL.count >= 20 else { continue }
                        // The ring's upper quartile of L*: a ring that crosses a lesion takes the skin's level.
                        let lightest = Kernels.Statistics.select(&ringL, ringL.count * 3 / 4) + haloLightness
                        let mostChroma = Kernels.Statistics.select(&ringC, ringC.count / 2)
                        // The halo: from the core, through pixels within the reach that are lighter and no more saturated.
                        var queue = seeds
                        head = 0
                        while head < queue.count {
                            let i = queue[head]; head += 1
                            forEachNeighbour(of: i) { j in
                                guard glare[j] == 0, depth[j] > 0, depth[j] <= Int32(reach), lp[j].value > lightest,
                                      cp[j].value <= mostChroma else { return }
                                glare[j] = 255
                                queue.append(j)
                            }
                        }
                    }
                }
            }
        }
    }

    /// The mean of `l` over the (2r + 1)² window around each pixel. From r = 4 on it is taken on L*
    /// reduced 2× (`Kernels.Downsample2x`, a window of radius r/2 rounded there, 2·(2⌊r/2⌋ + 1)
    /// full-resolution pixels across) and brought back bilinearly: the local background a hair is
    /// told from is smooth at the window's scale, and a quarter of the pixels carry it.
    static func localMean(_ l: Image<Gray32>, radius: Int, parallel: Bool) -> Image<Gray32> {
        guard radius >= 4, l.width >= 8, l.height >= 8 else {
            return Kernels.LocalStatistics.fast(l, radius: radius, mask: nil, parallel: parallel).mean
        }
        let half = Kernels.Downsample2x.fast(l, parallel: parallel)
        let mean = Kernels.LocalStatistics.fast(half, radius: radius / 2, mask: nil, parallel: parallel).mean
        return Kernels.BilinearUpsample.fast(mean, levels: 1, outputSize: l.size, parallel: parallel)
    }
}
