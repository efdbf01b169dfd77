import Foundation

/// The pictures of one comparison for the HTML report: the before photo and the after photo mapped
/// onto it (reduced, JPEG), and the analyzers' overlays in preview pixels.
public struct ReportImages: Hashable, Sendable, Codable {
    public var before: [UInt8]
    public var after: [UInt8]
    /// Preview size, pixels.
    public var width: Int
    public var height: Int
    public var layers: [Layer]
    /// The after preview's own size when the photos were not registered (the after photo shown
    /// beside the before photo, its layers in its own preview pixels); nil when the after photo is
    /// mapped onto the before photo's frame (``width`` × ``height``).
    public var afterSize: [Int]?

    public init(before: [UInt8], after: [UInt8], width: Int, height: Int, layers: [Layer], afterSize: [Int]? = nil) {
        self.before = before
        self.after = after
        self.width = width
        self.height = height
        self.layers = layers
        self.afterSize = afterSize
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

        private enum CodingKeys: String, CodingKey { case id, photo, circles, outlines, heatMapPNG }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            id = try container.decode(String.self, forKey: .id)
            photo = try container.decode(String.self, forKey: .photo)
            circles = try container.decode([[Double]].self, forKey: .circles)
            outlines = try container.decode([[Double]].self, forKey: .outlines)
            heatMapPNG = try container.decodeIfPresent(String.self, forKey: .heatMapPNG)
                .map { try ReportImages.bytes(base64: $0, key: CodingKeys.heatMapPNG, in: container) }
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(photo, forKey: .photo)
            try container.encode(circles, forKey: .circles)
            try container.encode(outlines, forKey: .outlines)
            try container.encodeIfPresent(heatMapPNG.map { Data($0).base64EncodedString() }, forKey: .heatMapPNG)
        }
    }

    // Encoded files travel as base64 strings (a third more than their bytes), not as JSON arrays
    // of numbers (about four times their bytes).
    private enum CodingKeys: String, CodingKey { case before, after, width, height, layers, afterSize }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        before = try Self.bytes(base64: try container.decode(String.self, forKey: .before), key: .before, in: container)
        after = try Self.bytes(base64: try container.decode(String.self, forKey: .after), key: .after, in: container)
        width = try container.decode(Int.self, forKey: .width)
        height = try container.decode(Int.self, forKey: .height)
        layers = try container.decode([Layer].self, forKey: .layers)
        afterSize = try container.decodeIfPresent([Int].self, forKey: .afterSize)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Data(before).base64EncodedString(), forKey: .before)
        try container.encode(Data(after).base64EncodedString(), forKey: .after)
        try container.encode(width, forKey: .width)
        try container.encode(height, forKey: .height)
        try container.encode(layers, forKey: .layers)
        try container.encodeIfPresent(afterSize, forKey: .afterSize)
    }

    static func bytes<Key: CodingKey>(base64 text: String, key: Key, in container: KeyedDecodingContainer<Key>) throws -> [UInt8] {
        guard let data = Data(base64Encoded: text) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: "not base64")
        }
        return [UInt8](data)
    }
}
