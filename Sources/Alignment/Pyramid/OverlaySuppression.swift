import Foundation
import ImageCore

/// Finds compact near-white structures — a device's burned-in score or date, glare specks — and
/// paints them out of a log-luminance level before matching.
///
/// Neither persists on the skin: burned-in text stays put in the frame while the skin moves under
/// it, and glare follows the light. Left in, their sharp edges pull a registration towards the
/// frame (the identity) or towards the light. A pixel is a candidate when its smallest 8-bit sRGB
/// channel is at least ``brightLevel`` (white and near-white only: skin, even bright skin under
/// strong light, keeps a colour). Candidates are gathered at the level's resolution (a level pixel
/// is a candidate when any full-resolution pixel of its block is), grouped into 8-connected
/// components, and those whose bounding-box diagonal is at most ``maximumExtent`` of the level's
/// longer side are left out (large white areas — a backdrop, clothing, paper — are structure of
/// the scene and stay), grown by ``margin`` level pixels for the blur of their edges. The pixels left
/// out are replaced by the normalised Gaussian average (σ ``paintSigma``) of the pixels around that
/// are kept, and are excluded from refinement in both photos with the hairs.
struct OverlaySuppression: Sendable {
    static let brightLevel: UInt8 = 235
    static let maximumExtent = 0.15
    static let margin = 2
    static let paintSigma = 3.0

    /// Candidate pixels (255) at pyramid level `levels`, in one pass over the photo: a level pixel
    /// is a candidate when any full-resolution pixel of its 2^levels block is (the level's size is
    /// ⌈w/2^levels⌉ × ⌈h/2^levels⌉, as the pyramid's halvings give); nil when the photo has none.
    static func candidates(_ image: Image<RGB8>, levels: Int, parallel: Bool) -> Image<Gray8>? {
        let shift = max(0, levels), block = 1 << shift
        let size = Size(width: (image.width + block - 1) / block, height: (image.height + block - 1) / block)
        var found = false
        let mask = Image<Gray8>(size: size) { (out: UnsafeMutableBufferPointer<Gray8>) in
            for i in 0..<out.count { out[i] = Gray8(value: 0) }
            image.withUnsafeBufferPointer { p in
                for y in 0..<image.height {
                    let row = y * image.width, outRow = (y >> shift) * size.width
                    for x in 0..<image.width {
                        let v = p[row + x]
                        if min(v.red, v.green, v.blue) >= brightLevel {
                            out[outRow + (x >> shift)] = Gray8(value: 255)
                            found = true
                        }
                    }
                }
            }
        }
        return found ? mask : nil
    }

    /// The level with the overlays painted out, and the pixels left out (255), or nil when there
    /// are none or `candidates` does not fit the level.
    static func suppress(_ level: Image<Gray32>, candidates: Image<Gray8>, parallel: Bool) -> (image: Image<Gray32>, mask: Image<Gray8>)? {
        guard candidates.size == level.size, candidates.pixels.contains(where: { $0.value != 0 }) else { return nil }
        let components = Kernels.ConnectedComponents.fast(candidates, connectivity: .eight)
        let longSide = Double(max(level.width, level.height))
        var compact = [Bool](repeating: false, count: components.regions.count + 1)
        var any = false
        for region in components.regions {
            let diagonal = hypot(Double(region.maxX - region.minX + 1), Double(region.maxY - region.minY + 1))
            if diagonal <= maximumExtent * longSide {
                compact[region.label] = true
                any = true
            }
        }
        guard any else { return nil }
        let chosen = Image<Gray8>(size: level.size) { (out: UnsafeMutableBufferPointer<Gray8>) in
            components.labels.withUnsafeBufferPointer { labels in
                for i in 0..<out.count { out[i] = Gray8(value: compact[Int(labels[i])] ? 255 : 0) }
            }
        }
        let mask = Kernels.Morphology.fast(chosen, .dilate, radius: margin, parallel: parallel)
        // Normalised convolution of the kept pixels.
        let kept = Image<Gray32>(size: level.size, pixels: mask.pixels.map { Gray32(value: $0.value == 0 ? 1 : 0) })
        let weighted = Image<Gray32>(size: level.size) { (out: UnsafeMutableBufferPointer<Gray32>) in
            level.withUnsafeBufferPointer { l in
                mask.withUnsafeBufferPointer { m in
                    for i in 0..<out.count { out[i] = Gray32(value: m[i].value == 0 ? l[i].value : 0) }
                }
            }
        }
        let numerator = Kernels.RecursiveGaussian.fast(weighted, sigma: paintSigma, parallel: parallel)
        let denominator = Kernels.RecursiveGaussian.fast(kept, sigma: paintSigma, parallel: parallel)
        var keptSum = 0.0, keptCount = 0
        level.withUnsafeBufferPointer { l in
            mask.withUnsafeBufferPointer { m in
                for i in 0..<l.count where m[i].value == 0 {
                    keptSum += Double(l[i].value)
                    keptCount += 1
                }
            }
        }
        let fallback = Float(keptCount > 0 ? keptSum / Double(keptCount) : 0)
        let painted = Image<Gray32>(size: level.size) { (out: UnsafeMutableBufferPointer<Gray32>) in
            level.withUnsafeBufferPointer { l in
                mask.withUnsafeBufferPointer { m in
                    numerator.withUnsafeBufferPointer { n in
                        denominator.withUnsafeBufferPointer { d in
                            for i in 0..<out.count {
                                guard m[i].value != 0 else { out[i] = l[i]; continue }
                                out[i] = Gray32(value: d[i].value > 1e-3 ? n[i].value / d[i].value : fallback)
                            }
                        }
                    }
                }
            }
        }
        return (painted, mask)
    }

    /// Pixel-wise OR of two masks of one size.
    static func union(_ a: Image<Gray8>, _ b: Image<Gray8>) -> Image<Gray8> {
        Image<Gray8>(size: a.size) { (out: UnsafeMutableBufferPointer<Gray8>) in
            a.withUnsafeBufferPointer { x in
                b.withUnsafeBufferPointer { y in
                    for i in 0..<out.count { out[i] = Gray8(value: x[i].value != 0 || y[i].value != 0 ? 255 : 0) }
                }
            }
        }
    }
}
