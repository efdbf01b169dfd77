import ArgumentParser
import Foundation
import ImageCore

/// `skindelta bench kernels`: median time of each image-core kernel on a 12 MP picture.
struct KernelBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kernels",
        abstract: "Time each image-core kernel on a synthetic 12 MP picture (median of --runs).",
        discussion: "Each kernel runs on one thread and on all cores; the picture is the bench photo's skin texture."
    )

    @Option(help: "Picture width in pixels.") var width = 4000
    @Option(help: "Picture height in pixels.") var height = 3000
    @Option(help: "Timed runs per kernel (the median is reported).") var runs = 9
    @Option(help: "Only kernels whose name contains this text.") var filter: String?
    @Flag(help: "Print JSON: an array of {kernel, megapixels, medianMs, threads}.") var json = false

    struct Row: Encodable {
        var kernel: String
        var megapixels: Double
        var medianMs: Double
        var threads: Int
    }

    /// A mask of density 0.45 from a per-pixel integer hash that Scripts/opencv_kernels.py
    /// reproduces bit for bit, so both sides label the same components.
    static func hashMask(_ size: Size) -> Image<Gray8> {
        Image(size: size) { (pixels: UnsafeMutableBufferPointer<Gray8>) in
            for y in 0..<size.height {
                for x in 0..<size.width {
                    var h = UInt32(truncatingIfNeeded: x) &* 0x9E37_79B1 &+ UInt32(truncatingIfNeeded: y) &* 0x85EB_CA77
                    h ^= h >> 15; h &*= 0x2C1B_3C6D; h ^= h >> 12; h &*= 0x297A_2D39; h ^= h >> 15
                    pixels[y * size.width + x] = Gray8(value: (h & 1023) < 461 ? 255 : 0)
                }
            }
        }
    }

    func run() throws {
        guard width >= 1, height >= 1, runs >= 1 else { throw ValidationError("size and runs must be positive.") }
        let size = Size(width: width, height: height)
        let rgb = BenchTexture.skin(size: size, seed: 20_261_121)
        let plane = Kernels.RGBToLab.fast(rgb).l
        let megapixels = Double(size.width * size.height) / 1e6
        let mask = Self.hashMask(size)
        let lab = Kernels.RGBToLab.fast(rgb)
        let rotation = ProjectiveTransform.similarity(scale: 1.05, angle: 0.1, tx: -150, ty: 80)
        let kernels: [(String, (Bool) -> Void)] = [
            ("rgb8-to-lab", { parallel in _ = Kernels.RGBToLab.fast(rgb, parallel: parallel) }),
            ("gaussian-sigma2", { parallel in _ = Kernels.GaussianBlur.fast(plane, sigma: 2, parallel: parallel) }),
            ("gaussian-sigma8", { parallel in _ = Kernels.GaussianBlur.fast(plane, sigma: 8, parallel: parallel) }),
            ("gaussian-sigma24-recursive", { parallel in _ = Kernels.RecursiveGaussian.fast(plane, sigma: 24, parallel: parallel) }),
            ("hessian-sigma2", { parallel in _ = Kernels.Hessian.fast(plane, sigma: 2, parallel: parallel) }),
            ("downsample-2x", { parallel in _ = Kernels.Downsample2x.fast(plane, parallel: parallel) }),
            ("pyramid-down", { parallel in _ = Kernels.GaussianPyramid.fast(plane, parallel: parallel) }),
            ("local-variance-r7", { parallel in _ = Kernels.LocalStatistics.fast(plane, radius: 7, parallel: parallel) }),
            ("warp-affine-bilinear", { parallel in
                _ = Kernels.Warp.fast([plane], sourceFromTarget: rotation, outputSize: size, interpolation: .bilinear, parallel: parallel)
            }),
            ("warp-affine-bicubic", { parallel in
                _ = Kernels.Warp.fast([plane], sourceFromTarget: rotation, outputSize: size, interpolation: .bicubic, parallel: parallel)
            }),
            ("dilate-disk-r5", { parallel in _ = Kernels.Morphology.fast(mask, .dilate, radius: 5, parallel: parallel) }),
            ("connected-components", { _ in _ = Kernels.ConnectedComponents.fast(mask, connectivity: .eight) }),
            ("percentiles", { _ in _ = Kernels.Statistics.percentiles(plane, [1, 50, 99]) }),
            ("lab-to-rgb8", { parallel in _ = Kernels.LabToRGB.fast(lab, parallel: parallel) }),
        ]
        var rows: [Row] = []
        for (name, body) in kernels where filter.map({ name.contains($0) }) ?? true {
            for parallel in [false, true] {
                body(parallel)  // warm-up
                var times: [Double] = []
                for _ in 0..<runs {
                    let start = DispatchTime.now().uptimeNanoseconds
                    body(parallel)
                    times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
                }
                rows.append(Row(kernel: name, megapixels: megapixels, medianMs: DecodeBenchCommand.median(times),
                                threads: parallel ? ProcessInfo.processInfo.activeProcessorCount : 1))
            }
        }
        if json {
            try StandardOutput.writeJSON(rows)
        } else {
            StandardOutput.write("kernel                      threads     MP   median ms     MP/s\n")
            for row in rows {
                StandardOutput.write(row.kernel.padding(toLength: 28, withPad: " ", startingAt: 0)
                    + String(format: "%7d %6.1f %11.2f %8.0f\n", row.threads, row.megapixels, row.medianMs, row.megapixels / row.medianMs * 1000))
            }
        }
    }
}
