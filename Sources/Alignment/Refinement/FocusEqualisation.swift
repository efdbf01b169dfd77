import Foundation
import ImageCore

/// Brings the two photos of a pair to the same focus before the finest refinement level.
///
/// Registration matches band-passed log-luminance. Defocus blurs linear light, and the log of a
/// blurred high-contrast edge is not the blurred log: its midpoint moves towards the dark side by an
/// amount that grows with the blur. So when the photos' focus differs, the strong edges of one are
/// displaced against the other's, and the refinement settles at a slightly wrong zoom and position
/// (on session photos with defocus σ 0.8 against 2.2 px, corner errors of 0.5–1.9 px with the
/// verdict `aligned`). Blurring the sharper photo's linear luminance by the difference (defocus
/// adds in quadrature) before the log removes the displacement.
///
/// The focus of a level is its sharpness ratio R = E[|∇I|²] / E[|∇(G₁.₅ ∗ I)|²] on linear luminance
/// over the inner 80 % of the frame (central differences): a softer image loses less of its gradient
/// energy to the small reblur, so R falls with defocus, and exposure cancels in the ratio. Both photos
/// show the same skin, so the scene's spectrum cancels when their ratios are compared. When the
/// sharper ratio exceeds the softer by more than ``tolerance``, the blur t (level pixels, 0.3 to
/// ``maximumSigma``) that brings it down to the softer one is found by bisection, and the sharper
/// level is blurred by G_t in linear light, returned to log-luminance and band-passed again.
enum FocusEqualisation {
    static let tolerance = 0.03
    static let reblurSigma = 1.5
    static let maximumSigma = 4.0
    static let steps = 6

    /// The band-passes of `template` and `target` (log-luminance levels, painted) at one focus, and the
    /// blur given to the sharper (level pixels); nil when their focus already agrees.
    static func equalised(template: Image<Gray32>, target: Image<Gray32>,
                          parallel: Bool) -> (template: Image<Gray32>, target: Image<Gray32>, sigma: Double, templateBlurred: Bool)? {
        let linearTemplate = linear(template), linearTarget = linear(target)
        let rt = ratio(linearTemplate, blur: 0, parallel: parallel), ra = ratio(linearTarget, blur: 0, parallel: parallel)
        guard rt.isFinite, ra.isFinite, rt > 0, ra > 0, max(rt, ra) > min(rt, ra) * (1 + tolerance) else { return nil }
        let templateSharper = rt > ra
        let sharp = templateSharper ? linearTemplate : linearTarget, goal = min(rt, ra)
        var low = 0.3, high = maximumSigma
        if ratio(sharp, blur: low, parallel: parallel) <= goal { return nil }
        if ratio(sharp, blur: high, parallel: parallel) > goal {
            low = high
        } else {
            for _ in 0..<steps {
                let mid = (low + high) / 2
                if ratio(sharp, blur: mid, parallel: parallel) > goal { low = mid } else { high = mid }
            }
        }
        let t = (low + high) / 2
        let blurred = blur(sharp, sigma: t, parallel: parallel)
        let band = AlignmentPyramid.bandPass(logarithm(blurred), parallel: parallel)
        return templateSharper
            ? (band, AlignmentPyramid.bandPass(target, parallel: parallel), t, true)
            : (AlignmentPyramid.bandPass(template, parallel: parallel), band, t, false)
    }

    /// Linear luminance from ``Kernels/LogLuminance``'s ln(Y + 1/1024).
    static func linear(_ log: Image<Gray32>) -> Image<Gray32> {
        Image(size: log.size, pixels: log.pixels.map { Gray32(value: max(0, Foundation.exp($0.value) - 1 / 1024)) })
    }

    /// ln(Y + 1/1024), as ``Kernels/LogLuminance`` makes it.
    static func logarithm(_ linear: Image<Gray32>) -> Image<Gray32> {
        Image(size: linear.size, pixels: linear.pixels.map { Gray32(value: Foundation.log(max(0, $0.value) + 1 / 1024)) })
    }

    /// R of `image` blurred by G_`blur` first (none when 0).
    static func ratio(_ image: Image<Gray32>, blur: Double, parallel: Bool) -> Double {
        let base = blur > 0 ? self.blur(image, sigma: blur, parallel: parallel) : image
        let reblurred = self.blur(base, sigma: reblurSigma, parallel: parallel)
        let energy = gradientEnergy(base), reference = gradientEnergy(reblurred)
        return reference > 0 ? energy / reference : .nan
    }

    /// `image` through a Gaussian of `sigma` level pixels: the recursive filter (cost independent of
    /// σ) from 0.5 px, exact taps below.
    static func blur(_ image: Image<Gray32>, sigma: Double, parallel: Bool) -> Image<Gray32> {
        sigma >= 0.5 ? Kernels.RecursiveGaussian.fast(image, sigma: sigma, parallel: parallel)
            : Kernels.GaussianBlur.fast(image, sigma: sigma, parallel: parallel)
    }

    /// Mean squared central-difference gradient over the inner 80 % of the frame.
    static func gradientEnergy(_ image: Image<Gray32>) -> Double {
        let w = image.width, h = image.height
        let x0 = max(1, w / 10), x1 = min(w - 1, w - w / 10), y0 = max(1, h / 10), y1 = min(h - 1, h - h / 10)
        guard x0 < x1, y0 < y1 else { return 0 }
        var sum = 0.0
        image.withUnsafeBufferPointer { p in
            for y in y0..<y1 {
                var row: Float = 0
                for x in x0..<x1 {
                    let i = y * w + x
                    let gx = p[i + 1].value - p[i - 1].value, gy = p[i + w].value - p[i - w].value
                    row += gx * gx + gy * gy
                }
                sum += Double(row)
            }
        }
        return sum / Double((x1 - x0) * (y1 - y0))
    }
}
