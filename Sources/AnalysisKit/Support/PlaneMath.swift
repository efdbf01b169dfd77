public import ImageCore

/// Small whole-plane operations analyzers share. Pixel-wise closures are for cheap per-pixel maps;
/// heavy filtering goes through the ImageCore kernels.
public enum PlaneMath {
    /// Gaussian low-pass of standard deviation `sigma` pixels: the exact separable kernel below
    /// σ = 4 px, the recursive (IIR) approximation above (constant time per pixel).
    public static func blur(_ plane: Image<Gray32>, sigma: Double, parallel: Bool = true) -> Image<Gray32> {
        sigma < 4 ? Kernels.GaussianBlur.fast(plane, sigma: sigma, parallel: parallel)
            : Kernels.RecursiveGaussian.fast(plane, sigma: sigma, parallel: parallel)
    }

    /// Normalised convolution: G(plane·w) / G(w) with w = 1 on `mask`, 0 elsewhere; the low-pass
    /// of `plane` using only mask pixels (`fallback` where no mask pixel is near).
    public static func maskedBlur(_ plane: Image<Gray32>, mask: Image<Gray8>, sigma: Double, fallback: Float,
                                  parallel: Bool = true) -> Image<Gray32> {
        let weights = map(mask) { $0 != 0 ? 1 : 0 }
        let weighted = combine(plane, weights) { $0 * $1 }
        let num = blur(weighted, sigma: sigma, parallel: parallel), den = blur(weights, sigma: sigma, parallel: parallel)
        return combine(num, den) { $1 > 1e-3 ? $0 / $1 : fallback }
    }

    /// `transform` applied to every pixel.
    @inlinable
    public static func map(_ plane: Image<Gray32>, _ transform: (Float) -> Float) -> Image<Gray32> {
        plane.withUnsafeBufferPointer { p in
            Image(size: plane.size, unsafeUninitializedPixels: { (out: UnsafeMutableBufferPointer<Gray32>) in
                for i in 0..<p.count { out[i] = Gray32(value: transform(p[i].value)) }
            })
        }
    }

    /// `transform` applied to every mask value, giving a float plane.
    @inlinable
    public static func map(_ mask: Image<Gray8>, _ transform: (UInt8) -> Float) -> Image<Gray32> {
        mask.withUnsafeBufferPointer { p in
            Image(size: mask.size, unsafeUninitializedPixels: { (out: UnsafeMutableBufferPointer<Gray32>) in
                for i in 0..<p.count { out[i] = Gray32(value: transform(p[i].value)) }
            })
        }
    }

    /// `transform` applied pixel by pixel to two planes of one size.
    @inlinable
    public static func combine(_ a: Image<Gray32>, _ b: Image<Gray32>, _ transform: (Float, Float) -> Float) -> Image<Gray32> {
        precondition(a.size == b.size, "planes differ in size")
        return a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                Image(size: a.size, unsafeUninitializedPixels: { (out: UnsafeMutableBufferPointer<Gray32>) in
                    for i in 0..<pa.count { out[i] = Gray32(value: transform(pa[i].value, pb[i].value)) }
                })
            }
        }
    }

    /// A mask (255/0) of the pixels where `predicate` holds and `within` (if given) is non-zero.
    @inlinable
    public static func threshold(_ plane: Image<Gray32>, within: Image<Gray8>? = nil,
                                 _ predicate: (Float) -> Bool) -> Image<Gray8> {
        plane.withUnsafeBufferPointer { p in
            Image(size: plane.size, unsafeUninitializedPixels: { (out: UnsafeMutableBufferPointer<Gray8>) in
                if let within {
                    within.withUnsafeBufferPointer { m in
                        for i in 0..<p.count { out[i] = Gray8(value: m[i].value != 0 && predicate(p[i].value) ? 255 : 0) }
                    }
                } else {
                    for i in 0..<p.count { out[i] = Gray8(value: predicate(p[i].value) ? 255 : 0) }
                }
            })
        }
    }

    /// Mean and population standard deviation of `plane` over `mask` (NaN when empty).
    public static func meanAndDeviation(_ plane: Image<Gray32>, mask: Image<Gray8>) -> (mean: Double, deviation: Double) {
        let s = Kernels.Statistics.summary(plane, mask: mask, parallel: false)
        return (s.mean, s.standardDeviation)
    }

    /// Mask pixels (non-zero).
    public static func count(_ mask: Image<Gray8>) -> Int {
        mask.withUnsafeBufferPointer { m in m.reduce(0) { $0 + ($1.value != 0 ? 1 : 0) } }
    }

    /// Percentiles (0…100, linear interpolation between order statistics) of `plane` over `mask`
    /// on the grid of every `step`-th row and column (from the top-left pixel): the estimate a
    /// noise level or a threshold needs, from 1/step² of the pixels. `step` 1 is
    /// `Kernels.Statistics.percentiles` itself. NaN when the grid holds no mask pixel.
    public static func sampledPercentiles(_ plane: Image<Gray32>, _ percentiles: [Double], mask: Image<Gray8>, step: Int) -> [Double] {
        guard step > 1 else { return Kernels.Statistics.percentiles(plane, percentiles, mask: mask) }
        let size = Size(width: (plane.width + step - 1) / step, height: (plane.height + step - 1) / step)
        var values = Image<Gray32>.uninitialized(size: size)
        var gate = Image<Gray8>.uninitialized(size: size)
        plane.withUnsafeBufferPointer { p in
            mask.withUnsafeBufferPointer { m in
                values.withUnsafeMutableBufferPointer { v in
                    gate.withUnsafeMutableBufferPointer { g in
                        for y in 0..<size.height {
                            let source = y * step * plane.width, target = y * size.width
                            for x in 0..<size.width {
                                v[target + x] = p[source + x * step]
                                g[target + x] = m[source + x * step]
                            }
                        }
                    }
                }
            }
        }
        return Kernels.Statistics.percentiles(values, percentiles, mask: gate)
    }

    /// A mask of `size` set (255) where `labels` (row-major component labels, 0 for background)
    /// holds one of `kept`: a table look-up per pixel.
    public static func selecting(_ labels: [Int32], _ kept: Set<Int32>, size: Size) -> Image<Gray8> {
        precondition(labels.count == size.width * size.height, "one label per pixel")
        let largest = Int(kept.max() ?? 0)
        var table = [UInt8](repeating: 0, count: largest + 1)
        for label in kept where label > 0 { table[Int(label)] = 255 }
        return labels.withUnsafeBufferPointer { l in
            table.withUnsafeBufferPointer { t in
                Image<Gray8>(size: size, unsafeUninitializedPixels: { (out: UnsafeMutableBufferPointer<Gray8>) -> Void in
                    for i in 0..<l.count {
                        let label = Int(l[i])
                        out[i] = Gray8(value: label > 0 && label <= largest ? t[label] : 0)
                    }
                })
            }
        }
    }
}
