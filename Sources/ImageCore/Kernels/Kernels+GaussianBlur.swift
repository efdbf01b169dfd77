#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Kernels {
    /// Separable Gaussian blur of a float plane with clamp-to-edge borders.
    ///
    /// Kernel: taps at −r...r with r = ⌈3σ⌉, weights exp(−k²/2σ²) normalised to sum 1 (the same
    /// kernel as OpenCV's `GaussianBlur(ksize: 2r+1, sigma: σ, BORDER_REPLICATE)`). Horizontal
    /// pass, then vertical pass. σ in pixels, at least 0.1. The cost grows with σ (2r+1 taps); for
    /// σ above about 10 pixels ``RecursiveGaussian`` is faster at a stated accuracy.
    public enum GaussianBlur {
        /// The normalised taps for `sigma`, index 0 at offset −r.
        public static func taps(sigma: Double) -> [Double] {
            precondition(sigma >= 0.1, "sigma must be at least 0.1 pixel")
            let radius = Int((3 * sigma).rounded(.up))
            let raw = (-radius...radius).map { exp(-Double($0 * $0) / (2 * sigma * sigma)) }
            let sum = raw.reduce(0, +)
            return raw.map { $0 / sum }
        }

        /// Direct definition in double precision.
        public static func reference(_ image: Image<Gray32>, sigma: Double) -> Image<Gray32> {
            let weights = taps(sigma: sigma)
            return SeparableFilter.reference(image, horizontal: weights, vertical: weights)
        }

        /// ``SeparableFilter/fast(_:horizontal:vertical:parallel:)`` with the Gaussian taps.
        ///
        /// Tolerance against ``reference(_:sigma:)``: |Δ| ≤ 1·10⁻⁵ × max |input| (single-precision
        /// sums of up to 2r+1 taps). Results do not depend on `parallel`.
        public static func fast(_ image: Image<Gray32>, sigma: Double, parallel: Bool = true) -> Image<Gray32> {
            var output = Image<Gray32>.uninitialized(size: image.size)
            fast(image, sigma: sigma, into: &output, parallel: parallel)
            return output
        }

        /// ``fast(_:sigma:parallel:)`` writing into a reusable `output` of the input's size.
        public static func fast(_ image: Image<Gray32>, sigma: Double, into output: inout Image<Gray32>,
                                parallel: Bool = true) {
            let weights = taps(sigma: sigma).map { Float($0) }
            SeparableFilter.fast(image, horizontal: weights, vertical: weights, into: &output, parallel: parallel)
        }
    }
}
