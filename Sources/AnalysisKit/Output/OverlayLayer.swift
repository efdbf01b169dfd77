/// A drawing over a photo for reports: detected points, outlines or a heat map, in baseline pixels.
public struct OverlayLayer: Hashable, Sendable, Codable {
    /// Which photo the layer belongs to.
    public enum Photo: String, Hashable, Sendable, Codable {
        case before, after
    }

    /// A circle (x, y, radius in baseline pixels).
    public struct Point: Hashable, Sendable, Codable {
        public var x: Double
        public var y: Double
        public var radius: Double

        public init(x: Double, y: Double, radius: Double) {
            self.x = x
            self.y = y
            self.radius = radius
        }
    }

    /// A coarse grid of values 0...255 covering the photo: cell (i, j) covers
    /// `width/columns × height/rows` pixels; 0 is transparent.
    public struct HeatMap: Hashable, Sendable, Codable {
        public var columns: Int
        public var rows: Int
        public var values: [UInt8]
        /// What 255 stands for, in the unit of ``OverlayLayer/unit``.
        public var maximum: Double

        public init(columns: Int, rows: Int, values: [UInt8], maximum: Double) {
            self.columns = columns
            self.rows = rows
            self.values = values
            self.maximum = maximum
        }
    }

    public enum Content: Hashable, Sendable, Codable {
        case points([Point])
        /// Closed polylines, each a list of (x, y).
        case outlines([[[Double]]])
        case heatMap(HeatMap)
    }

    /// Short id within the analyzer (`pores`, `spots`, `redness`).
    public var id: String
    public var photo: Photo
    public var content: Content
    /// Unit of heat-map values (empty for points and outlines).
    public var unit: String

    public init(id: String, photo: Photo, content: Content, unit: String = "") {
        self.id = id
        self.photo = photo
        self.content = content
        self.unit = unit
    }
}

extension OverlayLayer {
    /// The layer drawn on a pair reduced `levels` times, in the full-resolution pair's pixels
    /// (points and outlines moved to ``AlignedPair/fullResolutionPosition(_:levels:)``, radii
    /// scaled by 2^levels; heat maps cover the photo whatever its resolution and stay as they are).
    public func atFullResolution(fromLevels levels: Int) -> OverlayLayer {
        guard levels > 0 else { return self }
        let f = Double(1 << levels)
        // f·p + (f − 1)/2, as `AlignedPair.fullResolutionPosition(_:levels:)`.
        func map(_ v: Double) -> Double { f * v + (f - 1) / 2 }
        var out = self
        switch content {
        case .points(let points):
            out.content = .points(points.map { .init(x: map($0.x), y: map($0.y), radius: $0.radius * f) })
        case .outlines(let outlines):
            out.content = .outlines(outlines.map { $0.map { $0.map(map) } })
        case .heatMap:
            break
        }
        return out
    }
}
