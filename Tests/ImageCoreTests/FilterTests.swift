import ImageCore
import Testing

@Suite("Filters: separable, Hessian, recursive Gaussian")
struct FilterTests {
    @Test("separable filter with asymmetric taps within tolerance of the reference", arguments: KernelFixtures.sizes)
    func separableAsymmetric(size: Size) {
        let image = KernelFixtures.noise(size, seed: 11)
        let h: [Double] = [-0.25, 0.5, 0.1, 0.9, 0.3], v: [Double] = [0.2, -1, 0.4]
        let fast = Kernels.SeparableFilter.fast(image, horizontal: h.map(Float.init), vertical: v.map(Float.init))
        let reference = Kernels.SeparableFilter.reference(image, horizontal: h, vertical: v)
        #expect(KernelFixtures.maxDifference(fast, reference) <= 2e-6 * 2.05 * 1.6 * 5)
        #expect(Kernels.SeparableFilter.fast(image, horizontal: h.map(Float.init), vertical: v.map(Float.init),
                                             parallel: false) == fast)
    }

    @Test("a single-tap filter is a pure scaling")
    func identity() {
        let image = KernelFixtures.noise(Size(width: 19, height: 5), seed: 3)
        let scaled = Kernels.SeparableFilter.fast(image, horizontal: [2], vertical: [0.5])
        #expect(scaled == image)
    }

    @Test("Hessian within 2·10⁻⁵/σ² of the reference", arguments: KernelFixtures.sizes, [1.0, 3.0])
    func hessian(size: Size, sigma: Double) {
        let image = KernelFixtures.noise(size, seed: 5)
        let fast = Kernels.Hessian.fast(image, sigma: sigma)
        let reference = Kernels.Hessian.reference(image, sigma: sigma)
        let tolerance = Float(2e-5 / (sigma * sigma))
        #expect(KernelFixtures.maxDifference(fast.xx, reference.xx) <= tolerance)
        #expect(KernelFixtures.maxDifference(fast.xy, reference.xy) <= tolerance)
        #expect(KernelFixtures.maxDifference(fast.yy, reference.yy) <= tolerance)
        #expect(Kernels.Hessian.fast(image, sigma: sigma, parallel: false) == fast)
    }

    /// Ground truth from calculus: f = a x² + b xy + c y² + d x has Lxx = 2a, Lxy = b, Lyy = 2c and
    /// Lx = 2a x + b y + d everywhere away from the border, at any σ.
    @Test("Hessian and gradient of a quadratic surface are exact", arguments: [1.0, 2.5])
    func quadratic(sigma: Double) {
        let a = 0.03, b = -0.02, c = 0.05, d = 0.7
        let size = Size(width: 48, height: 40)
        let image = Image(size: size, pixels: (0..<(48 * 40)).map { i in
            let x = Double(i % 48), y = Double(i / 48)
            return Gray32(value: Float(a * x * x + b * x * y + c * y * y + d * x))
        })
        let hessian = Kernels.Hessian.fast(image, sigma: sigma)
        let gradient = Kernels.Hessian.gradient(image, sigma: sigma)
        let x = 24, y = 20
        #expect(abs(Double(hessian.xx[x: x, y: y].value) - 2 * a) < 1e-3)
        #expect(abs(Double(hessian.xy[x: x, y: y].value) - b) < 1e-3)
        #expect(abs(Double(hessian.yy[x: x, y: y].value) - 2 * c) < 1e-3)
        #expect(abs(Double(gradient.x[x: x, y: y].value) - (2 * a * 24 + b * 20 + d)) < 2e-3)
        #expect(abs(Double(gradient.y[x: x, y: y].value) - (b * 24 + 2 * c * 20)) < 2e-3)
    }

    @Test("recursive Gaussian: fast within 2·10⁻⁴ of its double-precision recursion",
          arguments: KernelFixtures.sizes, [1.0, 6.0, 20.0])
    func recursiveEquality(size: Size, sigma: Double) {
        let image = KernelFixtures.noise(size, seed: 9)
        let fast = Kernels.RecursiveGaussian.fast(image, sigma: sigma)
        #expect(KernelFixtures.maxDifference(fast, Kernels.RecursiveGaussian.reference(image, sigma: sigma)) <= 2e-4)
        #expect(Kernels.RecursiveGaussian.fast(image, sigma: sigma, parallel: false) == fast)
    }

    /// The accuracy stated in the doc comment, against the exact-tap Gaussian.
    @Test("recursive Gaussian approximates the exact Gaussian as documented", arguments: [4.0, 10.0, 32.0])
    func recursiveAccuracy(sigma: Double) {
        let side = Int(12 * sigma) | 1
        let size = Size(width: side, height: side)
        var impulse = Image(size: size, repeating: Gray32(value: 0))
        impulse[x: side / 2, y: side / 2] = Gray32(value: 1)
        let exact = Kernels.GaussianBlur.reference(impulse, sigma: sigma)
        let peak = exact[x: side / 2, y: side / 2].value
        #expect(KernelFixtures.maxDifference(Kernels.RecursiveGaussian.fast(impulse, sigma: sigma), exact) <= 0.06 * peak)

        let smooth = Image(size: size, pixels: (0..<(side * side)).map { i in
            let x = Double(i % side) / Double(side), y = Double(i / side) / Double(side)
            return Gray32(value: Float(50 + 30 * (x * x) - 20 * y + 10 * x * y))
        })
        let smoothError = KernelFixtures.maxDifference(Kernels.RecursiveGaussian.fast(smooth, sigma: sigma),
                                                        Kernels.GaussianBlur.reference(smooth, sigma: sigma))
        #expect(smoothError <= 0.005 * 40)
        let flat = Image(size: size, repeating: Gray32(value: 7))
        #expect(KernelFixtures.maxDifference(Kernels.RecursiveGaussian.fast(flat, sigma: sigma), flat) <= 7e-3)
    }
}
