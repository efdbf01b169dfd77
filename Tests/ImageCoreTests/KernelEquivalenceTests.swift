import ImageCore
import Testing

@Suite("Colour plane kernels")
struct ColourPlaneKernelTests {
    @Test("sRGB to linear: fast equals the reference bit for bit, on 1 and N threads")
    func srgbToLinear() {
        let image = KernelFixtures.noiseRGB(Size(width: 37, height: 29), seed: 5)
        let reference = Kernels.SRGBToLinear.reference(image)
        for parallel in [false, true] {
            let fast = Kernels.SRGBToLinear.fast(image, parallel: parallel)
            #expect(fast.red == reference.red && fast.green == reference.green && fast.blue == reference.blue)
        }
    }

    @Test("linear to Lab: fast within 2e-3 of the reference, equal on 1 and N threads, equal to RGBToLab on 8-bit input")
    func linearToLab() {
        let size = Size(width: 41, height: 23)
        let image = KernelFixtures.noiseRGB(size, seed: 9)
        let linear = Kernels.SRGBToLinear.fast(image)
        // Scale up a little so values above 1 (after a colour correction) are covered, and add a negative.
        var red = linear.red
        red.withUnsafeMutableBufferPointer { r in r[0] = Gray32(value: -0.01); r[1] = Gray32(value: 1.15) }
        let reference = Kernels.LinearToLab.reference(red: red, green: linear.green, blue: linear.blue)
        let single = Kernels.LinearToLab.fast(red: red, green: linear.green, blue: linear.blue, parallel: false)
        let multi = Kernels.LinearToLab.fast(red: red, green: linear.green, blue: linear.blue, parallel: true)
        #expect(single == multi)
        #expect(KernelFixtures.maxDifference(single.l, reference.l) <= 2e-3)
        #expect(KernelFixtures.maxDifference(single.a, reference.a) <= 2e-3)
        #expect(KernelFixtures.maxDifference(single.b, reference.b) <= 2e-3)
        let fromBytes = Kernels.RGBToLab.fast(image)
        let fromPlanes = Kernels.LinearToLab.fast(red: linear.red, green: linear.green, blue: linear.blue)
        #expect(fromBytes == fromPlanes)
    }
}
