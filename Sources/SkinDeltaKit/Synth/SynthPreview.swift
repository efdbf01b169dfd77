import ArgumentParser
import Foundation
import ImageCodec
import ImageCore
import Synthesis

/// A side-by-side PNG of the first patient's baseline and last-session photos (as written, JPEG
/// artefacts included), the last one mapped onto the baseline frame with its true transform, so
/// the same skin sits under the same pixels.
enum SynthPreview {
    static func write(truth: GroundTruth, folder: URL, to url: URL) throws {
        guard let patient = truth.patients.first, let first = patient.sessions.first?.photos.first,
              let last = patient.sessions.last?.photos.first else { return }
        let decoder = ImageDecoder()
        func colour(_ file: String) throws -> Image<RGB8> {
            let decoded = try decoder.decode(contentsOf: folder.appendingPathComponent(file).path).image
            guard case .rgb8(let image) = decoded else {
                throw ValidationError("\(file) is not an 8-bit RGB picture; cannot make the preview.")
            }
            return image
        }
        let before = try colour(first.file), after = try colour(last.file)
        // Target (baseline frame) → last photo: photoFromBaseline of the last photo.
        let transform = ProjectiveTransform(matrix: last.photoFromBaseline)
        let afterPixels = after.pixels
        let planes: [Image<Gray32>] = [
            Image(size: after.size, pixels: afterPixels.map { Gray32(value: Float($0.red)) }),
            Image(size: after.size, pixels: afterPixels.map { Gray32(value: Float($0.green)) }),
            Image(size: after.size, pixels: afterPixels.map { Gray32(value: Float($0.blue)) }),
        ]
        let warped = Kernels.Warp.fast(planes, sourceFromTarget: transform, outputSize: before.size, interpolation: .bicubic)
        // A crop of 40 % of the width around the centre of the scar cluster's region (frame centre).
        let cropWidth = max(16, before.width * 2 / 5), cropHeight = max(16, before.height * 2 / 5)
        let x0 = (before.width - cropWidth) / 2, y0 = (before.height - cropHeight) / 2
        let gap = 8
        let values = warped.planes.map { $0.pixels }
        let original = before.pixels
        var pixels = [RGB8](repeating: RGB8(red: 255, green: 255, blue: 255), count: (2 * cropWidth + gap) * cropHeight)
        for y in 0..<cropHeight {
            for x in 0..<cropWidth {
                pixels[y * (2 * cropWidth + gap) + x] = original[(y0 + y) * before.width + x0 + x]
                let i = (y0 + y) * before.width + x0 + x
                func sample(_ plane: Int) -> UInt8 { UInt8(min(max(values[plane][i].value.rounded(), 0), 255)) }
                pixels[y * (2 * cropWidth + gap) + cropWidth + gap + x] = RGB8(red: sample(0), green: sample(1), blue: sample(2))
            }
        }
        let sheet = Image<RGB8>(size: Size(width: 2 * cropWidth + gap, height: cropHeight), pixels: pixels)
        try Data(try PNGEncoder().encode(sheet)).write(to: url, options: .atomic)
    }
}
