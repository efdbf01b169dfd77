#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Kernels {
    /// Gaussian derivatives and the Hessian of a float plane at scale σ (pixels).
    ///
    /// Taps on −r...r, r = ⌈4σ⌉ (one σ wider than ``GaussianBlur``: derivative kernels carry more
    /// weight in their tails), as correlation weights (see ``SeparableFilter``), built from
    /// g(k) = exp(−k²/2σ²):
    /// - smoothing G: g normalised to Σ = 1;
    /// - first derivative D1(k) ∝ k · g(k), scaled so a unit ramp (value = x) gives exactly 1;
    /// - second derivative D2(k) ∝ (k²/σ² − 1) · g(k), shifted to Σ = 0 (a constant gives 0) and
    ///   scaled so x²/2 gives exactly 1.
    ///
    /// Lxx = D2ₓ ⊗ G_y, Lyy = Gₓ ⊗ D2_y, Lxy = D1ₓ ⊗ D1_y, in input units per pixel². They are not
    /// scale-normalised: multiply by σ² for the γ-normalised Hessian used in ridge and blob detection.
    /// `x` grows right and `y` down, so Lx > 0 where the image brightens to the right.
    public enum Hessian {
        /// The three tap lists (G, D1, D2) for `sigma`.
        public static func taps(sigma: Double) -> (smoothing: [Double], first: [Double], second: [Double]) {
            precondition(sigma >= 0.1, "sigma must be at least 0.1 pixel")
            let radius = Int((4 * sigma).rounded(.up))
            let offsets = (-radius...radius).map(Double.init)
            let raw = offsets.map { exp(-$0 * $0 / (2 * sigma * sigma)) }
            let total = raw.reduce(0, +)
            let smoothing = raw.map { $0 / total }
            let rawFirst = zip(offsets, smoothing).map { $0 * $1 }
            let ramp = zip(offsets, rawFirst).map { $0 * $1 }.reduce(0, +)
            let first = rawFirst.map { $0 / ramp }
            let rawSecond = zip(offsets, smoothing).map { ($0 * $0 / (sigma * sigma) - 1) * $1 }
            let mean = rawSecond.reduce(0, +) / Double(rawSecond.count)
            let centred = rawSecond.map { $0 - mean }
            let parabola = zip(offsets, centred).map { $0 * $0 / 2 * $1 }.reduce(0, +)
            let second = centred.map { $0 / parabola }
            return (smoothing, first, second)
        }

        /// The three second derivatives as planes of the input's size.
        public struct Components: Sendable, Equatable {
            /// ∂²L/∂x².
            public var xx: Image<Gray32>
            /// ∂²L/∂x∂y.
            public var xy: Image<Gray32>
            /// ∂²L/∂y².
            public var yy: Image<Gray32>

            public init(xx: Image<Gray32>, xy: Image<Gray32>, yy: Image<Gray32>) {
                self.xx = xx
                self.xy = xy
                self.yy = yy
            }
        }

        /// Direct definition in double precision.
        public static func reference(_ image: Image<Gray32>, sigma: Double) -> Components {
            let t = taps(sigma: sigma)
            return Components(
                xx: SeparableFilter.reference(image, horizontal: t.second, vertical: t.smoothing),
                xy: SeparableFilter.reference(image, horizontal: t.first, vertical: t.first),
                yy: SeparableFilter.reference(image, horizontal: t.smoothing, vertical: t.second))
        }

        /// Three fused separable passes (``SeparableFilter/fast(_:horizontal:vertical:parallel:)``).
        ///
        /// Tolerance against ``reference(_:sigma:)``: |Δ| ≤ 2·10⁻⁵ × max |input| / σ². Results do
        /// not depend on `parallel`.
        public static func fast(_ image: Image<Gray32>, sigma: Double, parallel: Bool = true) -> Components {
            let t = taps(sigma: sigma)
            let g = t.smoothing.map(Float.init), d1 = t.first.map(Float.init), d2 = t.second.map(Float.init)
            return Components(
                xx: SeparableFilter.fast(image, horizontal: d2, vertical: g, parallel: parallel),
                xy: SeparableFilter.fast(image, horizontal: d1, vertical: d1, parallel: parallel),
                yy: SeparableFilter.fast(image, horizontal: g, vertical: d2, parallel: parallel))
        }

        /// First derivatives (Lx, Ly) at scale σ, in input units per pixel.
        public static func gradient(_ image: Image<Gray32>, sigma: Double, parallel: Bool = true)
            -> (x: Image<Gray32>, y: Image<Gray32>) {
            let t = taps(sigma: sigma)
            let g = t.smoothing.map(Float.init), d1 = t.first.map(Float.init)
            return (SeparableFilter.fast(image, horizontal: d1, vertical: g, parallel: parallel),
                    SeparableFilter.fast(image, horizontal: g, vertical: d1, parallel: parallel))
        }
    }
}
