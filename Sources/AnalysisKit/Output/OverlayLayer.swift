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
