import ImageCore
import Testing

@Suite("Mask 2× reduction and bilinear upsampling")
struct ReductionKernelTests {
    @Test("mask 2× reduction equals the reference exactly, on all cores and one", arguments: KernelFixtures.sizes)
    func maskReduction(size: Size) {
        let mask = KernelFixtures.mask(size, seed: 29, density: 0.8)
        let fast = Kernels.MaskDownsample2x.fast(mask)
        #expect(fast == Kernels.MaskDownsample2x.reference(mask))
        #expect(fast.size == Kernels.Downsample2x.outputSize(for: size))
        #expect(Kernels.MaskDownsample2x.fast(mask, parallel: false) == fast)
    }

    @Test("a reduced mask pixel is set only when its whole 2×2 block is")
    func maskReductionKnown() {
        let mask = Image(size: Size(width: 5, height: 2), pixels: [1, 1, 1, 0, 9, 1, 1, 1, 1, 9].map { Gray8(value: $0) })
        #expect(Kernels.MaskDownsample2x.fast(mask).pixels.map(\.value) == [255, 0, 255])
    }

    @Test("bilinear upsampling equals the reference exactly", arguments: KernelFixtures.sizes, [1, 2])
    func upsample(size: Size, levels: Int) {
        let plane = KernelFixtures.noise(size, seed: 31)
        let output = Size(width: size.width << levels, height: size.height << levels)
        let fast = Kernels.BilinearUpsample.fast(plane, levels: levels, outputSize: output)
        #expect(fast == Kernels.BilinearUpsample.reference(plane, levels: levels, outputSize: output))
        #expect(Kernels.BilinearUpsample.fast(plane, levels: levels, outputSize: output, parallel: false) == fast)
    }

    @Test("upsampling puts reduced pixel centres at f·X + (f − 1)/2 and reproduces a linear ramp")
    func upsampleGeometry() {
        // A ramp v = x on the full grid, reduced twice (f = 4): reduced pixel X holds 4X + 1.5.
        let full = Image(size: Size(width: 32, height: 4), pixels: (0..<128).map { Gray32(value: Float($0 % 32)) })
        let reduced = Kernels.Downsample2x.fast(Kernels.Downsample2x.fast(full))
        #expect(reduced[x: 3, y: 0].value == 13.5)
        let back = Kernels.BilinearUpsample.fast(reduced, levels: 2, outputSize: full.size)
        // Inside the outer half-blocks the ramp comes back exactly; at the edges it is clamped.
        for x in 2..<30 { #expect(abs(back[x: x, y: 1].value - Float(x)) < 1e-5) }
        #expect(back[x: 0, y: 0].value == 1.5)
    }
}
