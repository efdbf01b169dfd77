import ImageCore
import Foundation

/// Finds hairs on one log-luminance level and paints them out before matching.
///
/// Hairs are the strongest structure in a close-up and they do not persist between sessions (they
/// lie differently, grow, are shaved), so a registration that follows them is pulled off the skin.
/// A hair is a long, narrow, dark structure: the pixels where the grey closing with an 11 × 11
/// square (``Kernels/GreyMorphology``) lies at least ``threshold(level:closed:)`` above the
/// log-luminance (a black-hat: at least 10 % darker than the skin around, and 4 times darker than
/// the skin's typical narrow texture, and narrower than 11 px), grouped into
/// 8-connected components, of which those at least ``minimumLength`` pixels across (bounding-box
/// diagonal) are left out. Hairs cross each other, so a tangle of them is one component: no width
/// or elongation test is made on the component as a whole. Pores, dots and small moles are compact
/// components and stay; a pigment network connected over more than ``minimumLength`` is left out
/// with the hairs (it is dark, narrow structure too), which costs the registration some texture
/// but never misleads it. The pixels left out, grown by one pixel, are replaced by the closing
/// (the skin around them), so the band-pass shows no hair and no halo, and are excluded from
/// refinement in both photos.
///
/// Sizes are in pixels of the level (refinement runs at a longer side of at most 1024 px, where a
/// hair of 0.05–0.15 mm is 0.5–10 px wide for fields of 15–100 mm).
struct HairSuppression: Sendable {
    /// The level with its hairs replaced by the closing.
    let image: Image<Gray32>
    /// 255 on hair pixels (grown by one pixel), 0 elsewhere.
    let hair: Image<Gray8>
    /// Share of the level's pixels in ``hair``.
    let fraction: Double

    static let radius = 5
    static let contrast: Float = 0.1
    static let textureMultiple: Float = 4
    static let minimumLength = 24.0

    /// Finds the hairs of `level`; with `enabled` false, none.
    init(_ level: Image<Gray32>, enabled: Bool = true, parallel: Bool) {
        let size = level.size
        guard enabled, size.width > 0, size.height > 0 else {
            image = level
            hair = Image<Gray8>(size: size, pixels: [Gray8](repeating: Gray8(value: 0), count: size.width * size.height))
            fraction = 0
            return
        }
        let closed = Kernels.GreyMorphology.fast(level, .close, radius: Self.radius, parallel: parallel)
        let threshold = Self.threshold(level: level, closed: closed)
        let candidates = Image<Gray8>(size: size) { (out: UnsafeMutableBufferPointer<Gray8>) in
            level.withUnsafeBufferPointer { l in
                closed.withUnsafeBufferPointer { c in
                    for i in 0..<out.count { out[i] = Gray8(value: c[i].value - l[i].value >= threshold ? 255 : 0) }
                }
            }
        }
        let components = Kernels.ConnectedComponents.fast(candidates, connectivity: .eight)
        var isHair = [Bool](repeating: false, count: components.regions.count + 1)
        var any = false
        for region in components.regions {
            let diagonal = hypot(Double(region.maxX - region.minX + 1), Double(region.maxY - region.minY + 1))
            if diagonal >= Self.minimumLength {
                isHair[region.label] = true
                any = true
            }
        }
        guard any else {
            image = level
            hair = Image<Gray8>(size: size, pixels: [Gray8](repeating: Gray8(value: 0), count: size.width * size.height))
            fraction = 0
            return
        }
        let thin = Image<Gray8>(size: size) { (out: UnsafeMutableBufferPointer<Gray8>) in
            components.labels.withUnsafeBufferPointer { labels in
                for i in 0..<out.count { out[i] = Gray8(value: isHair[Int(labels[i])] ? 255 : 0) }
            }
        }
        let grown = Kernels.Morphology.fast(thin, .dilate, radius: 1, parallel: parallel)
        var count = 0
        image = Image<Gray32>(size: size) { (out: UnsafeMutableBufferPointer<Gray32>) in
            level.withUnsafeBufferPointer { l in
                closed.withUnsafeBufferPointer { c in
                    grown.withUnsafeBufferPointer { g in
                        for i in 0..<out.count {
                            let masked = g[i].value != 0
                            count += masked ? 1 : 0
                            out[i] = masked ? c[i] : l[i]
                        }
                    }
                }
            }
        }
        hair = grown
        fraction = Double(count) / Double(max(1, size.width * size.height))
    }

    /// The black-hat a hair must reach: ``contrast``, or ``textureMultiple`` times the median
    /// black-hat of the level (taken on a strided sample of about 16,000 pixels) when the skin's
    /// own narrow dark texture is stronger, so that pores and furrows of coarse skin are not taken
    /// for hairs.
    static func threshold(level: Image<Gray32>, closed: Image<Gray32>) -> Float {
        let count = level.width * level.height
        guard count > 0 else { return contrast }
        let step = max(1, count / 16_384)
        var sample: [Float] = []
        sample.reserveCapacity(count / step + 1)
        level.withUnsafeBufferPointer { l in
            closed.withUnsafeBufferPointer { c in
                for i in Swift.stride(from: 0, to: count, by: step) { sample.append(c[i].value - l[i].value) }
            }
        }
        sample.sort()
        return max(contrast, textureMultiple * sample[sample.count / 2])
    }

    /// A hair mask one level coarser: a pixel is hair when any pixel of its 2 × 2 block is
    /// (the complement of the all-set reduction of the complement).
    static func coarser(_ mask: Image<Gray8>, parallel: Bool) -> Image<Gray8> {
        let clear = Image<Gray8>(size: mask.size, pixels: mask.pixels.map { Gray8(value: $0.value == 0 ? 255 : 0) })
        let reduced = Kernels.MaskDownsample2x.fast(clear, parallel: parallel)
        return Image<Gray8>(size: reduced.size, pixels: reduced.pixels.map { Gray8(value: $0.value == 0 ? 255 : 0) })
    }
}
