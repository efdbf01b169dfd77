import AnalysisKit

/// The JSON messages of protocol version 1 (see the PluginProtocol article).
enum PluginMessage {
    /// SkinDelta → plugin, first: the versions SkinDelta speaks.
    struct HostHello: Encodable {
        var type = "hello"
        var protocolVersions: [Int]
        var host: String
        /// How planes may travel: "pipe" (binary frames) and, when offered, "sharedMemory".
        var transports: [String]
    }

    /// Plugin → SkinDelta, the answer: the version chosen, and who it is.
    struct PluginHello: Decodable {
        var type: String
        var protocolVersion: Int?
        var id: String?
        var reason: String?
        /// The transport chosen from those offered; "pipe" when absent.
        var transport: String?
    }

    /// SkinDelta → plugin: one pair. The binary frames that follow are, in order, every plane of
    /// ``planes`` (float32, `width × height`, row-major, little-endian), then the mask (uint8,
    /// 255 where measured, 0 elsewhere).
    struct AnalyzeRequest: Encodable {
        struct PlaneReference: Encodable {
            var photo: String
            var plane: String
        }

        struct Capture: Encodable {
            var daysSinceProcedure: Int?
        }

        var type = "analyze"
        var request: Int
        var settings: [String: JSONValue]
        var settingsRevision: Int
        var width: Int
        var height: Int
        var pixelsPerMillimetre: Double?
        var photos: [String]
        var planes: [PlaneReference]
        /// [x, y, width, height] of each tile, baseline pixels.
        var tiles: [[Int]]
        var captures: [String: Capture]
        /// With the shared-memory transport: the file, and the byte offset of each plane (in
        /// ``planes`` order) then of the mask. No binary frames follow then.
        var sharedMemory: SharedMemory?

        struct SharedMemory: Encodable {
            var path: String
            var offsets: [Int]
        }
    }

    /// Plugin → SkinDelta: the answer to one request.
    struct Reply: Decodable {
        struct Value: Decodable {
            var metric: String
            var before: Double
            var after: Double?
            var unit: String?
        }

        struct Tiles: Decodable {
            var metric: String
            var before: [Double]
            var after: [Double]?
        }

        struct Overlay: Decodable {
            struct HeatMap: Decodable {
                var columns: Int
                var rows: Int
                var values: [Int]
                var maximum: Double
            }

            var id: String
            var photo: OverlayLayer.Photo
            /// Circles: [x, y, radius] in baseline pixels.
            var points: [[Double]]?
            /// Closed polylines, each a list of [x, y].
            var outlines: [[[Double]]]?
            var heatMap: HeatMap?
            var unit: String?
        }

        var type: String
        var request: Int?
        var values: [Value]?
        var tiles: [Tiles]?
        var overlays: [Overlay]?
        var flags: [String]?
        var notes: [String]?
        var reason: String?
    }
}

extension PluginMessage.Reply {
    /// The reply as an analysis result; nil with a reason when an overlay is malformed.
    func result() -> (AnalysisResult?, String?) {
        var layers: [OverlayLayer] = []
        for overlay in overlays ?? [] {
            let content: OverlayLayer.Content
            if let points = overlay.points {
                guard points.allSatisfy({ $0.count == 3 }) else { return (nil, "overlay “\(overlay.id)” has a point that is not [x, y, radius]") }
                content = .points(points.map { OverlayLayer.Point(x: $0[0], y: $0[1], radius: $0[2]) })
            } else if let outlines = overlay.outlines {
                guard outlines.allSatisfy({ $0.allSatisfy { $0.count == 2 } }) else {
                    return (nil, "overlay “\(overlay.id)” has an outline vertex that is not [x, y]")
                }
                content = .outlines(outlines)
            } else if let map = overlay.heatMap {
                guard map.columns > 0, map.rows > 0, map.columns * map.rows == map.values.count, map.columns * map.rows <= 1 << 20,
                      map.values.allSatisfy({ (0...255).contains($0) }), map.maximum.isFinite else {
                    return (nil, "overlay “\(overlay.id)” is not a heat map of columns × rows values 0...255")
                }
                content = .heatMap(.init(columns: map.columns, rows: map.rows, values: map.values.map(UInt8.init), maximum: map.maximum))
            } else {
                return (nil, "overlay “\(overlay.id)” has no points, outlines or heat map")
            }
            layers.append(OverlayLayer(id: overlay.id, photo: overlay.photo, content: content, unit: overlay.unit ?? ""))
        }
        let result = AnalysisResult(
            values: (values ?? []).map { .init(metric: $0.metric, before: $0.before, after: $0.after, unit: $0.unit) },
            tiles: (tiles ?? []).map { .init(metric: $0.metric, before: $0.before, after: $0.after) },
            overlays: layers, flags: flags ?? [], notes: notes ?? [])
        return (result, nil)
    }
}
