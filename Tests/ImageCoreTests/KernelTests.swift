import Foundation
import ImageCore
import Testing

@Suite("Kernels: fast equals reference")
struct KernelTests {
    @Test("RGB → CIELAB within 2·10⁻³ of the double-precision definition", arguments: KernelFixtures.sizes)
    func lab(size: Size) {
        let image = KernelFixtures.noiseRGB(size, seed: 2_376_609_660)
        let fast = Kernels.RGBToLab.fast(image)
        let reference = Kernels.RGBToLab.reference(image)
        #expect(KernelFixtures.maxDifference(fast.l, reference.l) <= 2e-3)
        #expect(KernelFixtures.maxDifference(fast.a, reference.a) <= 2e-3)
        #expect(KernelFixtures.maxDifference(fast.b, reference.b) <= 2e-3)
        #expect(Kernels.RGBToLab.fast(image, parallel: false) == fast)
    }

    @Test("RGB → CIELAB over every 8-bit grey and the corners of the RGB cube")
    func labExtremes() {
        var pixels = (0..<256).map { RGB8(red: UInt8($0), green: UInt8($0), blue: UInt8($0)) }
        for r in [0, 1, 254, 255] { for g in [0, 1, 254, 255] { for b in [0, 1, 254, 255] {
            pixels.append(RGB8(red: UInt8(r), green: UInt8(g), blue: UInt8(b)))
        } } }
        let image = Image(size: Size(width: pixels.count, height: 1), pixels: pixels)
        let fast = Kernels.RGBToLab.fast(image), reference = Kernels.RGBToLab.reference(image)
        #expect(KernelFixtures.maxDifference(fast.l, reference.l) <= 2e-3)
        #expect(KernelFixtures.maxDifference(fast.a, reference.a) <= 2e-3)
        #expect(KernelFixtures.maxDifference(fast.b, reference.b) <= 2e-3)
    }

    /// Published CIELAB values of sRGB primaries (D65), independent of our code.
    @Test("the definition reproduces published values for white, black and the primaries",
          arguments: [
            (RGB8(red: 255, green: 255, blue: 255), (100.0, 0.0, 0.0)),
            (RGB8(red: 0, green: 0, blue: 0), (0.0, 0.0, 0.0)),
            (RGB8(red: 255, green: 0, blue: 0), (53.24, 80.09, 67.20)),
            (RGB8(red: 0, green: 255, blue: 0), (87.73, -86.18, 83.18)),
            (RGB8(red: 0, green: 0, blue: 255), (32.30, 79.19, -107.86)),
          ] as [(RGB8, (Double, Double, Double))])
    func publishedValues(pixel: RGB8, expected: (Double, Double, Double)) {
        let lab = Kernels.RGBToLab.reference(Image(size: Size(width: 1, height: 1), repeating: pixel))
        #expect(abs(Double(lab.l[x: 0, y: 0].value) - expected.0) < 0.02)
        #expect(abs(Double(lab.a[x: 0, y: 0].value) - expected.1) < 0.02)
        #expect(abs(Double(lab.b[x: 0, y: 0].value) - expected.2) < 0.02)
    }

    @Test("Gaussian blur within 1·10⁻⁵ of the double-precision definition",
          arguments: KernelFixtures.sizes, [0.8, 2.0, 8.0])
    func gaussian(size: Size, sigma: Double) {
        let image = KernelFixtures.noise(size, seed: 42)
        let fast = Kernels.GaussianBlur.fast(image, sigma: sigma)
        #expect(KernelFixtures.maxDifference(fast, Kernels.GaussianBlur.reference(image, sigma: sigma)) <= 1e-5)
        #expect(Kernels.GaussianBlur.fast(image, sigma: sigma, parallel: false) == fast)
    }

    @Test("Gaussian taps: odd count 2⌈3σ⌉+1, symmetric, sum 1; a constant stays constant")
    func gaussianProperties() {
        let taps = Kernels.GaussianBlur.taps(sigma: 2)
        #expect(taps.count == 13)
        #expect(abs(taps.reduce(0, +) - 1) < 1e-12)
        #expect(zip(taps, taps.reversed()).allSatisfy { $0 == $1 })
        let flat = Image(size: Size(width: 37, height: 21), repeating: Gray32(value: 0.25))
        #expect(KernelFixtures.maxDifference(Kernels.GaussianBlur.fast(flat, sigma: 3), flat) <= 1e-6)
    }

    @Test("2× downsample equals the reference exactly", arguments: KernelFixtures.sizes)
    func downsample(size: Size) {
        let image = KernelFixtures.noise(size, seed: 7)
        let fast = Kernels.Downsample2x.fast(image)
        #expect(fast == Kernels.Downsample2x.reference(image))
        #expect(fast.size == Size(width: (size.width + 1) / 2, height: (size.height + 1) / 2))
        #expect(Kernels.Downsample2x.fast(image, parallel: false) == fast)
    }

    @Test("2× downsample of the squares equals squaring then the reference, exactly", arguments: KernelFixtures.sizes)
    func downsampleSquares(size: Size) {
        var image = KernelFixtures.noise(size, seed: 8)
        image[x: 0, y: 0] = Gray32(value: -3)
        let fast = Kernels.Downsample2x.squares(image)
        #expect(fast == Kernels.Downsample2x.squaresReference(image))
        #expect(Kernels.Downsample2x.squares(image, parallel: false) == fast)
        #expect(fast[x: 0, y: 0].value >= 9 / 4)
    }

    @Test("2× downsample of a known 4×2 block pattern")
    func downsampleKnown() {
        let image = Image(size: Size(width: 5, height: 2), pixels: [1, 3, 5, 7, 9, 2, 4, 6, 8, 10].map { Gray32(value: $0) })
        #expect(Kernels.Downsample2x.fast(image).pixels.map(\.value) == [2.5, 6.5, 9.5])
    }
}

@Suite("Log-luminance kernel")
struct LogLuminanceTests {
    @Test("fast equals the reference exactly, binned 1×1 and 2×2, on all cores and one", arguments: KernelFixtures.sizes)
    func equality(size: Size) {
        let image = KernelFixtures.noiseRGB(size, seed: 11)
        for binning in [1, 2] {
            let fast = Kernels.LogLuminance.fast(image, binning: binning)
            #expect(fast == Kernels.LogLuminance.reference(image, binning: binning))
            #expect(Kernels.LogLuminance.fast(image, binning: binning, parallel: false) == fast)
            #expect(fast.size == Kernels.LogLuminance.outputSize(for: size, binning: binning))
        }
    }

    @Test("values follow ln(linear luminance + 1/1024) for hand-computed codes")
    func values() {
        let pixels = [RGB8(red: 255, green: 255, blue: 255), RGB8(red: 0, green: 0, blue: 0),
                      RGB8(red: 10, green: 20, blue: 30), RGB8(red: 200, green: 100, blue: 50)]
        let image = Image(size: Size(width: 2, height: 2), pixels: pixels)
        let single = Kernels.LogLuminance.fast(image, binning: 1).pixels.map { Double($0.value) }
        // Code sums R + 2G + B: 1020, 0, 80, 450 out of 1020.
        let expected = [1020.0, 0, 80, 450].map { log(ColorSpace.linear(fromSRGB: $0 / 1020) + 1.0 / 1024) }
        for (a, b) in zip(single, expected) { #expect(abs(a - b) < 1e-6) }
        // Binned: one pixel from the sum of all four, 1550 out of 4080.
        let binned = Kernels.LogLuminance.fast(image, binning: 2).pixels.map { Double($0.value) }
        #expect(binned.count == 1)
        #expect(abs(binned[0] - log(ColorSpace.linear(fromSRGB: 1550.0 / 4080) + 1.0 / 1024)) < 1e-6)
    }
}

@Suite("Vector exponential")
struct ExponentialTests {
    /// Distance in units in the last place between two positive floats.
    static func ulps(_ a: Float, _ b: Float) -> UInt32 {
        let x = a.bitPattern, y = b.bitPattern
        return x > y ? x - y : y - x
    }

    @Test("eight lanes at once within 2 ulp of expf from −87.3 to 88, and the edges as documented")
    func matchesReference() {
        var worst: UInt32 = 0
        var x: Float = -87.3
        // A dense sweep (step 1/1024), each lane a little further on.
        while x + 8 / 32_768 < 88 {
            let lanes = SIMD8<Float>((0..<8).map { x + Float($0) / 32_768 })
            let fast = Kernels.Exponential.fast(lanes)
            for k in 0..<8 { worst = max(worst, Self.ulps(fast[k], Kernels.Exponential.reference(lanes[k]))) }
            x += 1 / 1024
        }
        #expect(worst <= 2, "worst \(worst) ulp")
        let edges = Kernels.Exponential.fast(SIMD8<Float>(-200, -88, 0, 1, 89, 200, .nan, -.infinity))
        // Below the range: e^−87.33654, a little above the smallest normal float.
        #expect(Self.ulps(edges[0], Kernels.Exponential.reference(-87.336_54)) <= 2)
        #expect(edges[0] >= Float.leastNormalMagnitude && edges[0] < 1.2e-38)
        #expect(edges[2] == 1)
        #expect(Self.ulps(edges[3], Float(M_E)) <= 1)
        #expect(edges[4].isFinite && Self.ulps(edges[4], Kernels.Exponential.reference(88)) <= 2)
        #expect(edges[6].isNaN)
        #expect(edges[7] == edges[0])
    }
}
