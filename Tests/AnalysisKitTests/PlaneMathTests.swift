import AnalysisKit
import ImageCore
import Testing

@Suite("Plane helpers")
struct PlaneMathTests {
    @Test("selecting labels sets exactly the pixels of the kept components")
    func selecting() {
        let labels: [Int32] = [0, 1, 1, 2, 3, 0, 2, 7]
        let mask = PlaneMath.selecting(labels, [2, 7, 9], size: Size(width: 4, height: 2))
        #expect(mask.pixels.map(\.value) == [0, 0, 0, 255, 0, 0, 255, 255])
        #expect(PlaneMath.count(PlaneMath.selecting(labels, [], size: Size(width: 4, height: 2))) == 0)
    }

    @Test("sampled percentiles are those of the grid of every step-th row and column; step 1 is exact")
    func sampledPercentiles() {
        let size = Size(width: 9, height: 7)
        let plane = Image(size: size, pixels: (0..<63).map { Gray32(value: Float(($0 * 37) % 63)) })
        var mask = Image(size: size, repeating: Gray8(value: 255))
        mask[x: 0, y: 0] = Gray8(value: 0)
        #expect(PlaneMath.sampledPercentiles(plane, [25, 50, 75], mask: mask, step: 1)
                == Kernels.Statistics.percentiles(plane, [25, 50, 75], mask: mask))
        var grid: [Gray32] = [], gate: [Gray8] = []
        for y in stride(from: 0, to: 7, by: 2) {
            for x in stride(from: 0, to: 9, by: 2) { grid.append(plane[x: x, y: y]); gate.append(mask[x: x, y: y]) }
        }
        let expected = Kernels.Statistics.percentiles(Image(size: Size(width: 5, height: 4), pixels: grid), [25, 50, 75],
                                                      mask: Image(size: Size(width: 5, height: 4), pixels: gate))
        #expect(PlaneMath.sampledPercentiles(plane, [25, 50, 75], mask: mask, step: 2) == expected)
    }
}
