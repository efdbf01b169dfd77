import ImageCore

/// Which colour rule picks the skin candidates of ``SkinMask`` (its rule 1).
///
/// Both photos of a pair are masked by one rule, chosen on the before photo
/// (``automatic(for:)``) or given by the user, so the two masks mean the same thing.
public enum SkinRule: String, Sendable, Codable, CaseIterable {
    /// The skin-hue gate: hue angle 10°…90°, C* ≥ 4, L* 12…98. For faces and body photos, where
    /// backdrop, eyes, lips, hair and clothes share the frame with skin under roughly neutral light.
    case colourGate
    /// Every valid pixel with L* in 12…98 is a candidate; glare, shadow and hairs are still removed
    /// (rules 2–4). For close-ups where skin fills the frame: a skin analyser's or dermoscope's white
    /// balance can make bright skin bluish or grey (b* ≤ 0), which the hue gate would throw away.
    case wholeFrame

    /// Photos where the hue gate keeps less than this fraction of the valid pixels may be close-ups
    /// under a cool white balance.
    public static let closeUpGateFraction = 0.30
    /// Photos where the hue gate keeps more, up to this fraction, are close-ups when the gate also
    /// breaks the skin up (see ``closeUpMixing``): one dermoscopy photo of the shared real data
    /// keeps 40 % of its skin under the gate.
    public static let fragmentedGateFraction = 0.50
    /// How much the hue gate breaks the frame up: of the horizontally adjacent samples (4 px apart)
    /// on either side of the gate, the fraction of pairs that straddle it, over the smaller side's
    /// count. A face's silhouette straddles it about once per row (0.1 on a 96 px wide test photo,
    /// less on larger ones); skin whose b* is cast around zero straddles it all over (0.25 on that
    /// dermoscopy photo).
    public static let closeUpMixing = 0.2
    /// A close-up's colours cluster: at least this fraction of the valid pixels lie within
    /// ``closeUpRadius`` (ΔE in the a*b* plane) of the frame's median colour.
    public static let closeUpCompactFraction = 0.55
    public static let closeUpRadius: Float = 10
    /// The median colour of a close-up is a cast skin colour, not a saturated backdrop: its chroma
    /// stays below this.
    public static let closeUpMaximumChroma: Float = 25
    /// A close-up whose skin colour sits on the hue gate's edge (pink skin under a cool or magenta
    /// white balance) has the gate split its one colour cluster: at least ``closeUpSplitFraction`` of
    /// the pixels the gate rejects, and at least ``closeUpSplitKeptFraction`` of those it keeps, lie
    /// within ``closeUpRadius`` of the frame's median colour. On a face the rejected pixels are
    /// backdrop, hair, eyes and clothes, of other colours than the skin it keeps (a grey backdrop
    /// that fills most of the frame is the median colour, but then the skin is not); on the pink
    /// dermoscopy photo of the shared real data 97 % of the rejected and 46 % of the kept pixels are.
    public static let closeUpSplitFraction = 0.9
    public static let closeUpSplitKeptFraction = 0.25

    /// The rule for `photo`: ``wholeFrame`` when the hue gate keeps little of the frame
    /// (< ``closeUpGateFraction``, or < ``fragmentedGateFraction`` while breaking it up by at least
    /// ``closeUpMixing``) while the frame's colours form one compact cluster
    /// (≥ ``closeUpCompactFraction`` within ``closeUpRadius`` of the median a*, b*) of low chroma
    /// (< ``closeUpMaximumChroma``), or when the gate splits the frame's median colour, rejecting
    /// pixels of the colour it keeps (``closeUpSplitFraction``); ``colourGate`` otherwise. Read on every fourth pixel of every
    /// fourth row.
    ///
    /// A face against a large, even, grey backdrop that fills most of the frame can pass this test;
    /// give the rule explicitly for such photos.
    public static func automatic(for photo: AnalysisPhoto) -> SkinRule {
        let stats = sampleStatistics(photo)
        guard stats.samples > 0 else { return .colourGate }
        let gate = Double(stats.gated) / Double(stats.samples)
        let compact = Double(stats.compact) / Double(stats.samples)
        let mixing = Double(stats.straddling) / Double(max(1, min(stats.gated, stats.samples - stats.gated)))
        guard compact >= closeUpCompactFraction, stats.medianChroma < closeUpMaximumChroma else { return .colourGate }
        let rejected = stats.samples - stats.gated
        let split = rejected > 0 && Double(stats.rejectedNearMedian) >= closeUpSplitFraction * Double(rejected)
            && Double(stats.compact - stats.rejectedNearMedian) >= closeUpSplitKeptFraction * Double(stats.gated)
        return gate < closeUpGateFraction || (gate < fragmentedGateFraction && mixing >= closeUpMixing) || split ? .wholeFrame : .colourGate
    }

    /// What the outputs say when a pair was masked by ``wholeFrame``.
    public static let wholeFrameNote = "Skin: the photos were masked as close-ups where skin fills the frame (the whole-frame rule): every pixel of usable lightness (L* 12…98) counts as skin except glare, dark shadow and hairs."

    /// Whether a pixel of colour (L*, a*, b*) and chroma `c` = √(a*² + b*²) passes the hue gate of
    /// ``colourGate``.
    @inline(__always)
    static func passesHueGate(l: Float, a: Float, b: Float, c: Float) -> Bool {
        return b > 0 && a >= 0 && b >= 0.176_33 * a && c >= 4 && l >= 12 && l <= 98
    }

    private struct Statistics {
        var samples = 0, gated = 0, compact = 0, straddling = 0, rejectedNearMedian = 0
        var medianChroma: Float = 0
    }

    private static func sampleStatistics(_ photo: AnalysisPhoto) -> Statistics {
        var aValues: [Float] = [], bValues: [Float] = [], gatedValues: [Bool] = []
        var stats = Statistics()
        let width = photo.size.width, height = photo.size.height
        photo.lab.l.withUnsafeBufferPointer { lp in
            photo.lab.a.withUnsafeBufferPointer { ap in
                photo.lab.b.withUnsafeBufferPointer { bp in
                    photo.valid.withUnsafeBufferPointer { vp in
                        for y in stride(from: 0, to: height, by: 4) {
                            var previous: Bool?
                            for x in stride(from: 0, to: width, by: 4) {
                                let i = y * width + x
                                let l = lp[i].value
                                guard vp[i].value != 0, l >= 12, l <= 98 else { previous = nil; continue }
                                let a = ap[i].value, b = bp[i].value
                                stats.samples += 1
                                let gated = passesHueGate(l: l, a: a, b: b, c: (a * a + b * b).squareRoot())
                                if gated { stats.gated += 1 }
                                if let previous, previous != gated { stats.straddling += 1 }
                                previous = gated
                                aValues.append(a); bValues.append(b); gatedValues.append(gated)
                            }
                        }
                    }
                }
            }
        }
        guard stats.samples > 0 else { return stats }
        let ma = median(aValues), mb = median(bValues)
        stats.medianChroma = (ma * ma + mb * mb).squareRoot()
        let r2 = closeUpRadius * closeUpRadius
        for k in aValues.indices where (aValues[k] - ma) * (aValues[k] - ma) + (bValues[k] - mb) * (bValues[k] - mb) <= r2 {
            stats.compact += 1
            if !gatedValues[k] { stats.rejectedNearMedian += 1 }
        }
        return stats
    }

    private static func median(_ values: [Float]) -> Float {
        var values = values
        return Kernels.Statistics.select(&values, values.count / 2)
    }
}
