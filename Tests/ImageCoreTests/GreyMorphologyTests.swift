import ImageCore
import Testing

@Suite("Grey-level morphology")
struct GreyMorphologyTests {
    @Test("every operation equals the brute-force reference exactly, on all cores and one",
          arguments: KernelFixtures.sizes, [1, 2, 5])
    func equality(size: Size, radius: Int) {
        let plane = KernelFixtures.noise(size, seed: 37)
        for operation in Kernels.GreyMorphology.Operation.allCases {
            let fast = Kernels.GreyMorphology.fast(plane, operation, radius: radius)
            #expect(fast == Kernels.GreyMorphology.reference(plane, operation, radius: radius), "\(operation)")
            #expect(Kernels.GreyMorphology.fast(plane, operation, radius: radius, parallel: false) == fast)
        }
    }

    @Test("a closing fills a dark line narrower than the square and keeps a wider dark band")
    func closingFillsNarrowOnly() {
        // 40 × 20 at level 1; a 3 px dark line at x = 8...10, a 14 px dark band at x = 20...33.
        let w = 40, h = 20
        let plane = Image(size: Size(width: w, height: h), pixels: (0..<(w * h)).map { i in
            let x = i % w
            return Gray32(value: (8...10).contains(x) || (20...33).contains(x) ? 0 : 1)
        })
        let closed = Kernels.GreyMorphology.fast(plane, .close, radius: 2)
        for y in 0..<h {
            for x in 8...10 { #expect(closed[x: x, y: y].value == 1) }
            for x in 22...31 { #expect(closed[x: x, y: y].value == 0) }
        }
        // An opening is the dual: it removes a bright line.
        let inverted = Image(size: plane.size, pixels: plane.pixels.map { Gray32(value: 1 - $0.value) })
        let opened = Kernels.GreyMorphology.fast(inverted, .open, radius: 2)
        for y in 0..<h { for x in 8...10 { #expect(opened[x: x, y: y].value == 0) } }
    }

    @Test("radius 0 returns the image")
    func radiusZero() {
        let plane = KernelFixtures.noise(Size(width: 9, height: 5), seed: 3)
        #expect(Kernels.GreyMorphology.fast(plane, .close, radius: 0) == plane)
        #expect(Kernels.GreyMorphology.reference(plane, .dilate, radius: 0) == plane)
    }
}
