import AnalysisKit
import ImageCodec
import ImageCore
public import Reports

/// Turns a pair's previews and the analyzers' overlays (before-photo pixels) into the report's
/// pictures (preview pixels). At most ``maximumShapes`` circles or outlines per layer are kept,
/// the largest first, so pages stay small; heat maps become translucent PNGs (yellow → red).
enum ReportImageBuilder {
    static let maximumShapes = 4000

    static func images(_ previews: PreviewRenderer.Previews, overlays: [String: [OverlayLayer]]) -> ReportImages {
        var layers: [ReportImages.Layer] = []
        for analyzer in overlays.keys.sorted() {
            for overlay in overlays[analyzer]! {
                let s = overlay.photo == .after ? previews.afterScale ?? previews.scale : previews.scale
                var layer = ReportImages.Layer(id: overlay.id, photo: overlay.photo.rawValue)
                switch overlay.content {
                case .points(let points):
                    let kept = points.sorted { $0.radius > $1.radius }.prefix(maximumShapes)
                    layer.circles = kept.map { (p: OverlayLayer.Point) -> [Double] in
                        [scaled(p.x, s), scaled(p.y, s), max(1, p.radius * s)]
                    }
                case .outlines(let outlines):
                    let kept = outlines.sorted { $0.count > $1.count }.prefix(maximumShapes)
                    layer.outlines = kept.map { (outline: [[Double]]) -> [Double] in
                        var flat: [Double] = []
                        for point in outline where point.count >= 2 {
                            flat.append(scaled(point[0], s))
                            flat.append(scaled(point[1], s))
                        }
                        return flat
                    }
                case .heatMap(let map):
                    layer.heatMapPNG = heatMapPNG(map)
                }
                layers.append(layer)
            }
        }
        return ReportImages(before: previews.before, after: previews.after, width: previews.size.width,
                            height: previews.size.height, layers: layers,
                            afterSize: previews.afterSize.map { [$0.width, $0.height] })
    }

    /// A before-photo pixel coordinate in preview pixels (pixel centres stay centres).
    static func scaled(_ v: Double, _ s: Double) -> Double { (v + 0.5) * s - 0.5 }

    static func heatMapPNG(_ map: OverlayLayer.HeatMap) -> [UInt8]? {
        guard map.columns > 0, map.rows > 0, map.values.count == map.columns * map.rows else { return nil }
        let pixels = map.values.map { v -> RGBA8 in
            let t = Double(v) / 255
            return RGBA8(red: 255, green: UInt8(220 * (1 - t)), blue: 0, alpha: v == 0 ? 0 : UInt8(80 + 150 * t))
        }
        return try? PNGEncoder().encode(Image(size: Size(width: map.columns, height: map.rows), pixels: pixels))
    }
}

extension PairPipeline.Outcome {
    /// The report's pictures of a compared pair: the before photo and the after photo mapped onto
    /// it (or, for a pair compared without registration, each photo on its own, to be shown side by
    /// side), reduced to `longSide` pixels (JPEG), with every analyzer's overlays; nil when the pair
    /// was not compared.
    public func reportImages(before: PreparedPhoto, after: PreparedPhoto, longSide: Int, parallel: Bool) -> ReportImages? {
        guard failure == nil, comparison != nil, let registration, let beforeImage = try? before.image(), let afterImage = try? after.image()
        else { return nil }
        let renderer = PreviewRenderer(longSide: longSide, parallel: parallel)
        let previews = unregisteredReason == nil
            ? renderer.previews(before: beforeImage, after: afterImage, registration: registration)
            : renderer.sideBySide(before: beforeImage, after: afterImage)
        return previews.map { ReportImageBuilder.images($0, overlays: overlays) }
    }
}
