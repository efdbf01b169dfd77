import ImageCore
import Testing

@Suite("Distance transform, morphology, connected components, statistics, colour back-conversion")
struct MaskKernelTests {
    /// Brute-force references are quadratic, so these sizes stay small.
    static let sizes = [
        Size(width: 1, height: 1), Size(width: 7, height: 3), Size(width: 17, height: 9), Size(width: 33, height: 2),
        Size(width: 1, height: 41), Size(width: 64, height: 1), Size(width: 45, height: 31),
    ]

    @Test("distance transform equals brute force", arguments: sizes, [0.05, 0.5, 0.0])
    func distance(size: Size, density: Double) {
        let mask = KernelFixtures.mask(size, seed: 13, density: density)
        #expect(Kernels.DistanceTransform.fast(mask) == Kernels.DistanceTransform.reference(mask))
        #expect(Kernels.DistanceTransform.fast(mask, parallel: false) == Kernels.DistanceTransform.fast(mask))
    }

    @Test("morphology with a disk equals brute force",
          arguments: sizes, Kernels.Morphology.Operation.allCases)
    func morphology(size: Size, operation: Kernels.Morphology.Operation) {
        let mask = KernelFixtures.mask(size, seed: 17, density: 0.5)
        for radius in [0, 1, 3] {
            #expect(Kernels.Morphology.fast(mask, operation, radius: radius) == Kernels.Morphology.reference(mask, operation, radius: radius))
        }
    }

    @Test("dilating one pixel by radius 2 gives the 13-pixel disk")
    func diskShape() {
        var mask = Image(size: Size(width: 7, height: 7), repeating: Gray8(value: 0))
        mask[x: 3, y: 3] = Gray8(value: 1)
        let disk = Kernels.Morphology.fast(mask, .dilate, radius: 2)
        #expect(disk.pixels.filter { $0.value == 255 }.count == 13)
        #expect(disk[x: 5, y: 3].value == 255 && disk[x: 5, y: 4].value == 0)
    }

    @Test("connected components equal flood fill", arguments: sizes, [4, 8])
    func components(size: Size, connectivity: Int) {
        let mask = KernelFixtures.mask(size, seed: 23, density: 0.45)
        let c = Kernels.ConnectedComponents.Connectivity(rawValue: connectivity)!
        #expect(Kernels.ConnectedComponents.fast(mask, connectivity: c) == Kernels.ConnectedComponents.reference(mask, connectivity: c))
    }

    /// Ground truth from drawing: known shapes with known moments.
    @Test("region properties of drawn shapes")
    func drawnShapes() throws {
        var mask = Image(size: Size(width: 40, height: 30), repeating: Gray8(value: 0))
        for y in 2...5 { for x in 3...12 { mask[x: x, y: y] = Gray8(value: 1) } }      // 10×4 rectangle
        for i in 0..<10 { mask[x: 20 + i, y: 10 + i] = Gray8(value: 1) }              // diagonal line
        for y in 15...29 { for x in 0...14 where (x - 7) * (x - 7) + (y - 22) * (y - 22) <= 36 { mask[x: x, y: y] = Gray8(value: 1) } }
        let four = Kernels.ConnectedComponents.fast(mask, connectivity: .four)
        let eight = Kernels.ConnectedComponents.fast(mask, connectivity: .eight)
        #expect(four.regions.count == 12)  // the diagonal falls apart into 10 pixels
        #expect(eight.regions.count == 3)
        let rectangle = eight.regions[0]
        #expect(rectangle.area == 40 && rectangle.minX == 3 && rectangle.maxX == 12 && rectangle.minY == 2 && rectangle.maxY == 5)
        #expect(rectangle.centroidX == 7.5 && rectangle.centroidY == 3.5)
        #expect(abs(rectangle.mu20 - (100.0 - 1) / 12) < 1e-9 && abs(rectangle.mu02 - (16.0 - 1) / 12) < 1e-9)
        #expect(abs(rectangle.mu11) < 1e-12)
        let line = eight.regions[1]
        #expect(line.area == 10 && abs(line.orientation - Double.pi / 4) < 1e-9 && line.elongation == .infinity)
        let disk = eight.regions[2]
        #expect(disk.centroidX == 7 && disk.centroidY == 22 && disk.elongation < 1.0001)
    }

    @Test("summary statistics match the two-pass definition", arguments: KernelFixtures.sizes)
    func summary(size: Size) {
        let image = KernelFixtures.noise(size, seed: 51)
        let mask = KernelFixtures.mask(size, seed: 9, density: 0.3)
        for m in [nil, mask] {
            let fast = Kernels.Statistics.summary(image, mask: m)
            let reference = Kernels.Statistics.summaryReference(image, mask: m)
            #expect(fast.count == reference.count)
            if reference.count > 0 {
                #expect(fast.minimum == reference.minimum && fast.maximum == reference.maximum)
                #expect(abs(fast.mean - reference.mean) <= 1e-10)
                #expect(abs(fast.variance - reference.variance) <= 1e-10)
            } else {
                #expect(fast.mean.isNaN)
            }
            #expect(Kernels.Statistics.summary(image, mask: m, parallel: false) == fast || fast.count == 0)
        }
    }

    @Test("percentiles equal sorting", arguments: KernelFixtures.sizes)
    func percentiles(size: Size) {
        var image = KernelFixtures.noise(size, seed: 61)
        image[x: 0, y: 0] = Gray32(value: .nan)
        image[x: size.width - 1, y: 0] = Gray32(value: .infinity)
        image[x: 0, y: size.height - 1] = Gray32(value: -.infinity)
        let ps = [0, 1, 5, 25, 50, 75, 95, 99, 100.0]
        let mask = KernelFixtures.mask(size, seed: 4, density: 0.7)
        for m in [nil, mask] {
            let fast = Kernels.Statistics.percentiles(image, ps, mask: m)
            let reference = Kernels.Statistics.percentilesReference(image, ps, mask: m)
            #expect(zip(fast, reference).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) })
        }
        #expect(Kernels.Statistics.median(Image(size: Size(width: 4, height: 1), pixels: [4, 1, 3, 2].map { Gray32(value: $0) })) == 2.5)
    }

    @Test("select gives the k-th smallest, as sorting does, with and without runs of equal values")
    func select() {
        var state: UInt64 = 5
        func next() -> UInt64 { state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407; return state >> 33 }
        for count in [1, 2, 3, 7, 64, 1_001] {
            for levels in [2, 17, 1 << 20] {
                let values = (0..<count).map { _ in Float(next() % UInt64(levels)) - Float(levels / 3) }
                let sorted = values.sorted()
                for k in Set([0, count / 2, count - 1, Int(next() % UInt64(count))]) {
                    var scratch = values
                    #expect(Kernels.Statistics.select(&scratch, k) == sorted[k], "count \(count), levels \(levels), k \(k)")
                    #expect(scratch.sorted() == sorted)
                }
            }
        }
        var ascending = (0..<500).map(Float.init), descending = Array(ascending.reversed())
        #expect(Kernels.Statistics.select(&ascending, 123) == 123)
        #expect(Kernels.Statistics.select(&descending, 0) == 0)
    }

    @Test("histograms count every value once")
    func histograms() {
        let image = Image(size: Size(width: 5, height: 1), pixels: [0, 0.25, 0.5, 1, 2].map { Gray32(value: $0) })
        #expect(Kernels.Statistics.histogram(image, bins: 4, range: 0...1) == [1, 1, 1, 1])
        let bytes = Image(size: Size(width: 3, height: 1), pixels: [7, 7, 255].map { Gray8(value: $0) })
        let counts = Kernels.Statistics.histogram(bytes)
        #expect(counts[7] == 2 && counts[255] == 1 && counts.reduce(0, +) == 3)
    }

    @Test("Lab → RGB8 within one code of the definition; sRGB round trips", arguments: KernelFixtures.sizes)
    func labToRGB(size: Size) {
        let rgb = KernelFixtures.noiseRGB(size, seed: 71)
        let lab = Kernels.RGBToLab.fast(rgb)
        let fast = Kernels.LabToRGB.fast(lab), reference = Kernels.LabToRGB.reference(lab)
        for (f, r) in zip(fast.pixels, reference.pixels) {
            #expect(abs(Int(f.red) - Int(r.red)) <= 1 && abs(Int(f.green) - Int(r.green)) <= 1 && abs(Int(f.blue) - Int(r.blue)) <= 1)
        }
        let exact = zip(fast.pixels, rgb.pixels).filter { $0 == $1 }.count
        #expect(Double(exact) >= 0.99 * Double(rgb.pixelCount) - 1)
        #expect(Kernels.LabToRGB.fast(lab, parallel: false) == fast)
    }

    @Test("ITA° of published skin-tone boundaries")
    func ita() {
        #expect(abs(ColorSpace.ita(l: 50 + 10 * 1.0, b: 10) - 45) < 1e-9)
        #expect(abs(ColorSpace.ita(l: 50, b: 15)) < 1e-9)
        #expect(ColorSpace.ita(l: 30, b: 20) < -30 + 1e-9 || ColorSpace.ita(l: 30, b: 20) < 0)
    }

    @Test("pool hands back recycled buffers only when unshared")
    func pool() {
        let pool = ImagePool()
        var a = pool.take(size: Size(width: 8, height: 8))
        pool.recycle(&a)
        #expect(pool.idleCount == 1)
        var b = pool.take(size: Size(width: 8, height: 8))
        #expect(pool.idleCount == 0)
        let shared = b
        pool.recycle(&b)
        #expect(pool.idleCount == 0 && shared.size == Size(width: 8, height: 8))
    }
}
