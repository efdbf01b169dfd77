public import ImageCore
import Foundation

/// Hairs on a skin close-up that change between sessions the way real ones do: the follicles stay
/// where they are in the skin, but each session every hair lies in a new direction, has a new
/// length and bend, and some are shaved (absent) or regrown. Drawn onto any photo, synthetic or
/// real, so that registration can be tested on what does not persist between sessions.
///
/// Geometry: follicles are placed uniformly over `area` in skin coordinates (the base photo's
/// pixels, x right, y down, origin at the centre of the top-left pixel); `photoFromSkin` maps them
/// into the photo being drawn on, and lengths and widths are in skin pixels scaled by that
/// transform's mean scale. A hair is a quadratic arc from its follicle, antialiased over one pixel;
/// it multiplies the linear light under it by 1 − ``opacity`` (a dark, nearly opaque hair).
public struct SessionHairs: Sendable, Equatable {
    /// Seed of the follicle positions and of every session's lie and length.
    public var seed: UInt64
    /// Follicles (hairs when none is shaved).
    public var count: Int
    /// The skin area the follicles lie in, in skin pixels.
    public var area: Size
    /// Hair width in skin pixels.
    public var widthPixels: Double
    /// Hair length range in skin pixels.
    public var lengthRange: ClosedRange<Double>
    /// Share of the hairs absent (shaved, fallen out) in a session, drawn per hair and session.
    public var shavedFraction: Double
    /// Darkening of the linear light under a hair's core, 0...1.
    public var opacity: Double

    public init(seed: UInt64, count: Int = 14, area: Size, widthPixels: Double = 3, lengthRange: ClosedRange<Double>? = nil,
                shavedFraction: Double = 0.15, opacity: Double = 0.8) {
        self.seed = seed
        self.count = count
        self.area = area
        self.widthPixels = widthPixels
        let side = Double(min(area.width, area.height))
        self.lengthRange = lengthRange ?? (0.2 * side)...(0.5 * side)
        self.shavedFraction = shavedFraction
        self.opacity = opacity
    }

    /// The hairs of `session` as polylines in skin pixels (empty for a shaved hair).
    public func strands(session: Int) -> [[(x: Double, y: Double)]] {
        var follicles = SeededRandom(seed: seed, stream: 0x4841_4952)
        return (0..<count).map { index in
            let fx = follicles.uniform(0...Double(max(1, area.width - 1)))
            let fy = follicles.uniform(0...Double(max(1, area.height - 1)))
            var lie = SeededRandom(seed: seed, stream: UInt64(index) &+ 1, UInt64(session))
            guard lie.unit() >= shavedFraction else { return [] }
            let angle = lie.uniform(0...(2 * Double.pi))
            let length = lie.uniform(lengthRange)
            let bend = lie.uniform(-0.3...0.3)
            let dx = cos(angle), dy = sin(angle)
            return (0...24).map { k in
                let t = Double(k) / 24
                let along = t * length, across = bend * length * t * t
                return (fx + along * dx - across * dy, fy + along * dy + across * dx)
            }
        }
    }

    /// `image` with the hairs of `session` drawn on.
    public func drawn(on image: Image<RGB8>, session: Int, photoFromSkin: ProjectiveTransform = .identity) -> Image<RGB8> {
        let w = image.width, h = image.height
        guard w > 0, h > 0 else { return image }
        let jacobianScale: Double = {
            let c = (x: Double(area.width) / 2, y: Double(area.height) / 2)
            guard let p = photoFromSkin.apply(x: c.x, y: c.y), let px = photoFromSkin.apply(x: c.x + 1, y: c.y),
                  let py = photoFromSkin.apply(x: c.x, y: c.y + 1) else { return 1 }
            return (hypot(px.x - p.x, px.y - p.y) + hypot(py.x - p.x, py.y - p.y)) / 2
        }()
        let halfWidth = widthPixels * jacobianScale / 2
        var coverage = [Float](repeating: 0, count: w * h)
        for strand in strands(session: session) where strand.count > 1 {
            let points = strand.compactMap { photoFromSkin.apply(x: $0.x, y: $0.y) }
            guard points.count == strand.count else { continue }
            // Coverage falls with the distance to the nearest segment, so the maximum over
            // segments, each over its own bounding box, is the coverage of the whole arc.
            let reach = halfWidth + 1
            for k in 1..<points.count {
                let a = points[k - 1], b = points[k]
                let minX = max(0, Int(floor(min(a.x, b.x) - reach))), maxX = min(w - 1, Int(ceil(max(a.x, b.x) + reach)))
                let minY = max(0, Int(floor(min(a.y, b.y) - reach))), maxY = min(h - 1, Int(ceil(max(a.y, b.y) + reach)))
                guard minX <= maxX, minY <= maxY else { continue }
                for y in minY...maxY {
                    for x in minX...maxX {
                        let d = Self.distance(x: Double(x), y: Double(y), from: a, to: b)
                        let alpha = Float(max(0, min(1, halfWidth + 0.5 - d)))
                        coverage[y * w + x] = max(coverage[y * w + x], alpha)
                    }
                }
            }
        }
        let darkening = Float(opacity)
        let linear = ColorSpace.linearFromSRGB8
        return Image<RGB8>(size: image.size, pixels: image.pixels.enumerated().map { i, p in
            let a = coverage[i]
            guard a > 0 else { return p }
            let factor = Double(1 - darkening * a)
            return RGB8(red: ColorSpace.sRGB8(fromLinear: Double(linear[Int(p.red)]) * factor),
                        green: ColorSpace.sRGB8(fromLinear: Double(linear[Int(p.green)]) * factor),
                        blue: ColorSpace.sRGB8(fromLinear: Double(linear[Int(p.blue)]) * factor))
        })
    }

    static func distance(x: Double, y: Double, from a: (x: Double, y: Double), to b: (x: Double, y: Double)) -> Double {
        let vx = b.x - a.x, vy = b.y - a.y
        let lengthSquared = vx * vx + vy * vy
        let t = lengthSquared > 0 ? max(0, min(1, ((x - a.x) * vx + (y - a.y) * vy) / lengthSquared)) : 0
        return hypot(x - a.x - t * vx, y - a.y - t * vy)
    }
}
