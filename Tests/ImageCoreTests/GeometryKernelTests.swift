import ImageCore
import Testing

@Suite("Pyramid, local statistics, warp and resampling")
struct GeometryKernelTests {
    @Test("Gaussian pyramid level within 1·10⁻⁶ of the reference", arguments: KernelFixtures.sizes)
    func pyramid(size: Size) {
        let image = KernelFixtures.noise(size, seed: 21)
        let fast = Kernels.GaussianPyramid.fast(image)
        #expect(fast.size == Size(width: (size.width + 1) / 2, height: (size.height + 1) / 2))
        #expect(KernelFixtures.maxDifference(fast, Kernels.GaussianPyramid.reference(image)) <= 1e-6)
        #expect(Kernels.GaussianPyramid.fast(image, parallel: false) == fast)
    }

    @Test("pyramid levels halve down to 1×1 and stop")
    func pyramidLevels() {
        let levels = Kernels.GaussianPyramid.levels(KernelFixtures.noise(Size(width: 9, height: 5), seed: 1), count: 10)
        #expect(levels.map(\.size) == [Size(width: 9, height: 5), Size(width: 5, height: 3), Size(width: 3, height: 2),
                                       Size(width: 2, height: 1), Size(width: 1, height: 1)])
    }

    @Test("local mean and variance match the direct window sums", arguments: KernelFixtures.sizes, [0, 1, 4])
    func localStatistics(size: Size, radius: Int) {
        let image = KernelFixtures.noise(size, seed: 31)
        let mask = KernelFixtures.mask(size, seed: 5, density: 0.6)
        for m in [nil, mask] {
            let fast = Kernels.LocalStatistics.fast(image, radius: radius, mask: m)
            let reference = Kernels.LocalStatistics.reference(image, radius: radius, mask: m)
            #expect(KernelFixtures.maxDifferenceOrBothNaN(fast.mean, reference.mean) <= 1e-6)
            #expect(KernelFixtures.maxDifferenceOrBothNaN(fast.variance, reference.variance) <= 1e-6)
            let serial = Kernels.LocalStatistics.fast(image, radius: radius, mask: m, parallel: false)
            #expect(KernelFixtures.identical(serial.mean, fast.mean) && KernelFixtures.identical(serial.variance, fast.variance))
        }
    }

    @Test("integral image sums a rectangle")
    func integral() {
        let image = Image(size: Size(width: 3, height: 2), pixels: [1, 2, 3, 4, 5, 6].map { Gray32(value: $0) })
        let table = IntegralImage(image)
        #expect(table.sum(columns: 0..<3, rows: 0..<2) == 21)
        #expect(table.sum(columns: 1..<3, rows: 1..<2) == 11)
        #expect(IntegralImage(image, squared: true).sum(columns: 0..<1, rows: 0..<2) == 17)
    }

    static let transforms: [ProjectiveTransform] = [
        .identity,
        .similarity(scale: 1.3, angle: 0.4, tx: -3.2, ty: 5.7),
        .affine(a: 0.7, b: 0.2, c: 1.5, d: -0.1, e: 1.6, f: -2.25),
        ProjectiveTransform(matrix: [1.1, 0.05, -2, 0.02, 0.95, 3, 0.004, -0.003, 1]),
    ]

    @Test("warp within tolerance of the reference, masks identical",
          arguments: KernelFixtures.sizes, Interpolation.allCases)
    func warp(size: Size, interpolation: Interpolation) {
        let image = KernelFixtures.noise(size, seed: 41)
        let output = Size(width: size.width + 3, height: Swift.max(1, size.height - 1))
        for transform in Self.transforms {
            let fast = Kernels.Warp.fast([image, image], sourceFromTarget: transform, outputSize: output, interpolation: interpolation)
            let reference = Kernels.Warp.reference(image, sourceFromTarget: transform, outputSize: output, interpolation: interpolation)
            #expect(fast.mask == reference.mask)
            let tolerance: Float = interpolation == .bilinear ? 2e-6 : 1e-5
            #expect(KernelFixtures.maxDifference(fast.planes[0], reference.planes[0]) <= tolerance)
            #expect(fast.planes[1] == fast.planes[0])
            #expect(Kernels.Warp.fast([image, image], sourceFromTarget: transform, outputSize: output,
                                      interpolation: interpolation, parallel: false) == fast)
        }
    }

    @Test("a bicubic translation equals the general warp bit for bit, masks included", arguments: KernelFixtures.sizes)
    func translation(size: Size) {
        let image = KernelFixtures.noise(size, seed: 43)
        let other = KernelFixtures.noise(size, seed: 44)
        // The common grid's quarter pixel, fractions that are not dyadic, whole pixels, and shifts
        // that leave part of the grid outside the source.
        for (tx, ty) in [(0.25, 0.25), (0.3, -0.7), (-2.6, 1.1), (3, -2), (0.75, 0.6), (Double(size.width) / 2 + 0.4, -1.9)] {
            let translation = ProjectiveTransform.affine(a: 1, b: 0, c: tx, d: 0, e: 1, f: ty)
            let general = Kernels.Warp.fast([image, other], sourceFromTarget: translation, outputSize: size, interpolation: .bicubic)
            let separable = Kernels.Warp.translated([image, other], x: tx, y: ty)
            #expect(separable == general, "shift (\(tx), \(ty)) at \(size)")
            #expect(Kernels.Warp.translated([image, other], x: tx, y: ty, parallel: false) == separable)
        }
    }

    /// Ground truth from geometry: a linear ramp v = 2x + 3y + 1 is reproduced exactly by both
    /// interpolations, so a warped ramp must equal the ramp evaluated at the mapped position.
    @Test("warped linear ramp equals the ramp at the mapped position", arguments: Interpolation.allCases)
    func rampGroundTruth(interpolation: Interpolation) {
        let size = Size(width: 40, height: 30)
        let ramp = Image(size: size, pixels: (0..<1200).map { (i: Int) -> Gray32 in
            let value: Int = 2 * (i % 40) + 3 * (i / 40) + 1
            return Gray32(value: Float(value))
        })
        let transform = ProjectiveTransform.similarity(scale: 0.8, angle: 0.3, tx: 8, ty: 2)
        let result = Kernels.Warp.fast([ramp], sourceFromTarget: transform, outputSize: size, interpolation: interpolation)
        var checked = 0
        for y in 0..<30 { for x in 0..<40 {
            guard let p = transform.apply(x: Double(x), y: Double(y)), p.x >= 2, p.x <= 37, p.y >= 2, p.y <= 27 else { continue }
            #expect(result.mask[x: x, y: y].value == 255)
            #expect(abs(Double(result.planes[0][x: x, y: y].value) - (2 * p.x + 3 * p.y + 1)) < 1e-3)
            checked += 1
        } }
        #expect(checked > 300)
    }

    @Test("resize by the identity ratio is exact; 2× then back keeps a smooth image")
    func resize() {
        let image = KernelFixtures.noise(Size(width: 13, height: 7), seed: 3)
        #expect(Kernels.Warp.resize(image, to: image.size, interpolation: .bicubic) == image)
        let smooth = Image(size: Size(width: 32, height: 16), pixels: (0..<512).map { i in
            Gray32(value: Float(0.5 + 0.3 * sin(Double(i % 32) / 5) * cos(Double(i / 32) / 4)))
        })
        let up = Kernels.Warp.resize(smooth, to: Size(width: 64, height: 32), interpolation: .bicubic)
        let back = Kernels.Warp.resize(up, to: smooth.size, interpolation: .bicubic)
        #expect(KernelFixtures.maxDifference(back, smooth) < 0.01)
    }

    @Test("transform inverse and composition")
    func transformAlgebra() throws {
        let t = ProjectiveTransform(matrix: [1.1, 0.05, -2, 0.02, 0.95, 3, 0.004, -0.003, 1])
        let inverse = try #require(t.inverse)
        let round = try #require(inverse.concatenating(t).apply(x: 17, y: -4))
        #expect(abs(round.x - 17) < 1e-9 && abs(round.y + 4) < 1e-9)
        #expect(ProjectiveTransform(matrix: [1, 2, 0, 2, 4, 0, 0, 0, 1]).inverse == nil)
        let p = try #require(ProjectiveTransform.similarity(scale: 2, angle: Double.pi / 2, tx: 1, ty: 0).apply(x: 1, y: 0))
        #expect(abs(p.x - 1) < 1e-12 && abs(p.y - 2) < 1e-12)
    }
}

#if canImport(Glibc)
import Glibc
#endif
