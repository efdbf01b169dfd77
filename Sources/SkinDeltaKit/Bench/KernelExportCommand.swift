import ArgumentParser
import Foundation
import ImageCore

/// `skindelta bench export`: writes kernel inputs and outputs as raw arrays so that an independent
/// implementation (Scripts/crosscheck.py: scikit-image, OpenCV, NumPy) can check them.
struct KernelExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write kernel inputs and outputs on a synthetic skin picture for Scripts/crosscheck.py.",
        discussion: """
            Files are raw little-endian arrays, row-major: *.u8 (uint8), *.f32 (float32), *.i32 (int32); \
            index.json lists each file with its shape and the parameters used.
            """
    )

    @Option(help: "Folder to write (created if missing).") var out: String
    @Option(help: "Picture width in pixels.") var width = 800
    @Option(help: "Picture height in pixels.") var height = 600

    struct Entry: Encodable {
        var file: String
        var shape: [Int]
        var parameters: [String: [Double]]
    }

    func run() throws {
        guard width >= 8, height >= 8 else { throw ValidationError("width and height must be at least 8.") }
        let size = Size(width: width, height: height)
        let folder = URL(fileURLWithPath: out, isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var index: [String: Entry] = [:]
        func save<P: PixelProtocol>(_ name: String, _ image: Image<P>, channels: Int = 1, _ parameters: [String: [Double]] = [:]) throws {
            let data = image.withUnsafeBufferPointer { Data(buffer: $0) }
            let file = name + (P.self == Gray32.self ? ".f32" : ".u8")
            try data.write(to: folder.appendingPathComponent(file), options: .atomic)
            index[name] = Entry(file: file, shape: channels == 1 ? [image.height, image.width] : [image.height, image.width, channels],
                                parameters: parameters)
        }
        func saveInts(_ name: String, _ values: [Int32], _ size: Size) throws {
            let data = values.withUnsafeBufferPointer { Data(buffer: $0) }
            try data.write(to: folder.appendingPathComponent(name + ".i32"), options: .atomic)
            index[name] = Entry(file: name + ".i32", shape: [size.height, size.width], parameters: [:])
        }

        let rgb = BenchTexture.skin(size: size, seed: 7)
        try save("rgb", rgb, channels: 3)
        let lab = Kernels.RGBToLab.fast(rgb)
        try save("lab_l", lab.l); try save("lab_a", lab.a); try save("lab_b", lab.b)
        let plane = lab.l
        for sigma in [2.0, 8.0] {
            try save("gaussian_\(Int(sigma))", Kernels.GaussianBlur.fast(plane, sigma: sigma), ["sigma": [sigma]])
        }
        try save("recursive_16", Kernels.RecursiveGaussian.fast(plane, sigma: 16), ["sigma": [16]])
        let hessian = Kernels.Hessian.fast(plane, sigma: 2)
        try save("hessian_xx", hessian.xx, ["sigma": [2]])
        try save("hessian_xy", hessian.xy, ["sigma": [2]])
        try save("hessian_yy", hessian.yy, ["sigma": [2]])
        try save("pyramid", Kernels.GaussianPyramid.fast(plane))
        let local = Kernels.LocalStatistics.fast(plane, radius: 7)
        try save("local_mean_7", local.mean, ["radius": [7]])
        try save("local_variance_7", local.variance, ["radius": [7]])

        let up = Size(width: width * 17 / 10, height: height * 17 / 10), down = Size(width: width * 6 / 10, height: height * 6 / 10)
        try save("resize_up_bilinear", Kernels.Warp.resize(plane, to: up, interpolation: .bilinear))
        try save("resize_down_bilinear", Kernels.Warp.resize(plane, to: down, interpolation: .bilinear))
        try save("resize_up_bicubic", Kernels.Warp.resize(plane, to: up, interpolation: .bicubic))
        let affine = ProjectiveTransform.similarity(scale: 1.07, angle: 0.21, tx: -35.5, ty: 20.25)
        let homography = ProjectiveTransform(matrix: [1.02, 0.03, -12, -0.02, 0.98, 9, 2e-5, -3e-5, 1])
        for (name, transform) in [("affine", affine), ("homography", homography)] {
            for interpolation in Interpolation.allCases {
                let warped = Kernels.Warp.fast([plane], sourceFromTarget: transform, outputSize: size, interpolation: interpolation)
                try save("warp_\(name)_\(interpolation.rawValue)", warped.planes[0], ["sourceFromTarget": transform.matrix])
                try save("warp_\(name)_\(interpolation.rawValue)_mask", warped.mask)
            }
        }

        let threshold = Float(Kernels.Statistics.percentiles(Kernels.GaussianBlur.fast(plane, sigma: 1.5), [15])[0])
        let smooth = Kernels.GaussianBlur.fast(plane, sigma: 1.5)
        let mask = Image(size: size, pixels: smooth.pixels.map { Gray8(value: $0.value < threshold ? 255 : 0) })
        try save("mask", mask, ["threshold": [Double(threshold)]])
        for radius in [1, 4] {
            try save("dilate_\(radius)", Kernels.Morphology.fast(mask, .dilate, radius: radius), ["radius": [Double(radius)]])
            try save("erode_\(radius)", Kernels.Morphology.fast(mask, .erode, radius: radius), ["radius": [Double(radius)]])
        }
        let components = Kernels.ConnectedComponents.fast(mask, connectivity: .eight)
        try saveInts("labels_8", components.labels, size)
        let regions = components.regions.map {
            [Double($0.area), $0.centroidX, $0.centroidY, Double($0.minX), Double($0.minY), Double($0.maxX), Double($0.maxY),
             $0.axisLengths.major, $0.axisLengths.minor]
        }
        let percentiles = [0.5, 5, 25, 50, 75, 95, 99.5]
        let values = Kernels.Statistics.percentiles(plane, percentiles)
        let json = try JSONSerialization.data(withJSONObject: [
            "width": width, "height": height,
            "regions": regions,
            "percentiles": ["p": percentiles, "values": values],
        ] as [String: Any], options: [.sortedKeys])
        try json.write(to: folder.appendingPathComponent("results.json"), options: .atomic)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        try encoder.encode(index).write(to: folder.appendingPathComponent("index.json"), options: .atomic)
        StandardOutput.write("Wrote \(index.count) arrays to \(folder.path)\n")
    }
}
