import Alignment
import ImageCodec
import ImageCore

/// Reduced before/after images for reports: the after photo mapped onto the before photo's frame,
/// both averaged over k×k blocks (k = ⌈long side / `longSide`⌉) and JPEG-compressed (quality 82).
struct PreviewRenderer {
    var longSide: Int
    var parallel: Bool

    /// The before photo and the after photo mapped onto it, reduced for reports (JPEG bytes), with the
    /// scale from before-photo pixels to preview pixels.
    struct Previews: Sendable {
        var before: [UInt8]
        var after: [UInt8]
        var size: Size
        var scale: Double
        /// For photos shown side by side (not registered): the after preview's size and the scale
        /// from after-photo pixels to it; nil when the after photo is mapped onto the before photo.
        var afterSize: Size? = nil
        var afterScale: Double? = nil
    }

    /// Each photo reduced on its own for a side-by-side view of a pair that was not registered.
    func sideBySide(before: Image<RGB8>, after: Image<RGB8>) -> Previews? {
        func factor(_ image: Image<RGB8>) -> Int { max(1, (max(image.width, image.height) + longSide - 1) / longSide) }
        let fb = factor(before), fa = factor(after)
        let small = Self.reduce(before, by: fb), smallAfter = Self.reduce(after, by: fa)
        let encoder = JPEGEncoder(quality: 82)
        guard let b = try? encoder.encode(small), let a = try? encoder.encode(smallAfter) else { return nil }
        return Previews(before: b, after: a, size: small.size, scale: 1 / Double(fb), afterSize: smallAfter.size, afterScale: 1 / Double(fa))
    }

    func previews(before: Image<RGB8>, after: Image<RGB8>, registration: Registration) -> Previews? {
        guard let warped = registration.warp(after, outputSize: before.size, interpolation: .bilinear, parallel: parallel) else {
            return nil
        }
        let factor = max(1, (max(before.width, before.height) + longSide - 1) / longSide)
        let small = Self.reduce(before, by: factor), smallAfter = Self.reduce(warped.image, by: factor)
        let encoder = JPEGEncoder(quality: 82)
        guard let a = try? encoder.encode(small), let b = try? encoder.encode(smallAfter) else { return nil }
        return Previews(before: a, after: b, size: small.size, scale: 1 / Double(factor))
    }

    /// Block average by `factor` (the last partial row and column are dropped).
    static func reduce(_ image: Image<RGB8>, by factor: Int) -> Image<RGB8> {
        guard factor > 1 else { return image }
        let width = max(1, image.width / factor), height = max(1, image.height / factor)
        var out = [RGB8](repeating: RGB8(red: 0, green: 0, blue: 0), count: width * height)
        let count = factor * factor
        image.withUnsafeBufferPointer { source in
            for y in 0..<height {
                for x in 0..<width {
                    var r = 0, g = 0, b = 0
                    for dy in 0..<factor {
                        let row = min(image.height - 1, y * factor + dy) * image.width
                        for dx in 0..<factor {
                            let p = source[row + min(image.width - 1, x * factor + dx)]
                            r += Int(p.red); g += Int(p.green); b += Int(p.blue)
                        }
                    }
                    out[y * width + x] = RGB8(red: UInt8((r + count / 2) / count), green: UInt8((g + count / 2) / count),
                                              blue: UInt8((b + count / 2) / count))
                }
            }
        }
        return Image(size: Size(width: width, height: height), pixels: out)
    }
}
