/// The pictures of one comparison for the HTML report: the before photo and the after photo mapped
/// onto it (reduced, JPEG), and the analyzers' overlays in preview pixels.
public struct ReportImages: Hashable, Sendable, Codable {
    public var before: [UInt8]
    public var after: [UInt8]
    /// Preview size, pixels.
    public var width: Int
    public var height: Int
    public var layers: [Layer]

    public init(before: [UInt8], after: [UInt8], width: Int, height: Int, layers: [Layer]) {
        self.before = before
        self.after = after
        self.width = width
        self.height = height
        self.layers = layers
    }

    /// One analyzer's overlay on one photo, in preview pixels.
    public struct Layer: Hashable, Sendable, Codable {
        /// The overlay's name, e.g. "pores", "spots", "lines", "redness".
        public var id: String
        /// "before" or "after".
        public var photo: String
        /// Circles: x, y, radius.
        public var circles: [[Double]]
        /// Closed outlines: x0, y0, x1, y1, ….
        public var outlines: [[Double]]
        /// A heat map as a PNG covering the whole preview, when the overlay is one.
        public var heatMapPNG: [UInt8]?

        public init(id: String, photo: String, circles: [[Double]] = [], outlines: [[Double]] = [], heatMapPNG: [UInt8]? = nil) {
            self.id = id
            self.photo = photo
            self.circles = circles
            self.outlines = outlines
            self.heatMapPNG = heatMapPNG
        }
    }
}
