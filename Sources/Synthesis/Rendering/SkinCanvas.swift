public import ImageCore

/// The skin of one session under the reference light, in the baseline frame: linear sRGB
/// reflectance planes covering baseline pixels `originX ..< originX + width` by
/// `originY ..< originY + height` (a canvas pixel (i, j) is baseline pixel (originX + i, originY + j)).
///
/// Photos are made from it by ``SkinRenderer/photo(_:canvas:parallel:)``; the summary numbers of
/// the ground truth are measured on it.
public struct SkinCanvas: Sendable {
    public var red: Image<Gray32>
    public var green: Image<Gray32>
    public var blue: Image<Gray32>
    public var originX: Int
    public var originY: Int

    public var size: Size { red.size }

    /// The canvas pixel → baseline pixel transform.
    public var baselineFromCanvas: ProjectiveTransform {
        .affine(a: 1, b: 0, c: Double(originX), d: 0, e: 1, f: Double(originY))
    }
}

/// Baseline-frame rectangle (in pixels) that a set of photos covers.
struct CanvasBounds: Equatable {
    var minX: Int, minY: Int, maxX: Int, maxY: Int

    /// Covers the baseline frame of `size` and every photo's footprint, with `padding` pixels for
    /// interpolation.
    init(size: Size, photos: [PhotoCapture], padding: Int = 6) {
        var lowX = 0.0, lowY = 0.0, highX = Double(size.width - 1), highY = Double(size.height - 1)
        for photo in photos {
            let w = Double(photo.size.width - 1), h = Double(photo.size.height - 1)
            for (x, y) in [(0.0, 0.0), (w, 0), (0, h), (w, h)] {
                guard let p = photo.baselineFromPhoto.apply(x: x, y: y) else { continue }
                lowX = min(lowX, p.x); lowY = min(lowY, p.y); highX = max(highX, p.x); highY = max(highY, p.y)
            }
        }
        minX = Int(lowX.rounded(.down)) - padding
        minY = Int(lowY.rounded(.down)) - padding
        maxX = Int(highX.rounded(.up)) + padding
        maxY = Int(highY.rounded(.up)) + padding
    }

    var width: Int { maxX - minX + 1 }
    var height: Int { maxY - minY + 1 }
}
