import Foundation

extension HTMLReport {
    /// What each built-in overlay shows (its colour is the style sheet's `sw-<id>`); other layers
    /// (plugins) are named by their id.
    static let overlayLegend: [String: (name: String, text: String)] = [
        "spots": ("Dark spots", "yellow outlines: dark spots at their half-contrast edge"),
        "pores": ("Pores", "cyan circles: pores found, at their size"),
        "lines": ("Fine lines", "heat map: fine-line strength"),
        "redness": ("Redness", "tint: skin redder than the baseline's own reference"),
        "scars": ("Rough regions", "pink outlines: regions much rougher than the rest (possible scars)"),
    ]

    /// The overlay shown when a page opens: the first of spots, pores, lines, scars, redness present.
    static func defaultOverlay(_ names: [String]) -> String? {
        ["spots", "pores", "lines", "scars", "redness"].first(where: names.contains) ?? names.first
    }

    /// The before/after viewer of one comparison: a slider and flicker over the two photos (or, for a
    /// pair that was not registered, the two photos side by side with the reason), and one overlay
    /// at a time chosen by radio buttons (``defaultOverlay(_:)`` on at first), with a legend.
    func viewer(_ c: ComparisonResults, _ images: ReportImages, uid: Int) -> [String: Any] {
        var names: [String] = []
        for layer in images.layers where !names.contains(layer.id) { names.append(layer.id) }
        let selected = Self.defaultOverlay(names)
        func layers(_ photo: String) -> [[String: Any]] {
            images.layers.filter { $0.photo == photo }.map { layer in
                var o: [String: Any] = [
                    "id": layer.id, "hidden": layer.id != selected,
                    "circles": layer.circles.map { ["x": Self.coordinate($0[0]), "y": Self.coordinate($0[1]), "r": Self.coordinate($0[2])] },
                    "outlines": layer.outlines.map { points in
                        stride(from: 0, to: points.count - 1, by: 2).map { "\(Self.coordinate(points[$0])),\(Self.coordinate(points[$0 + 1]))" }
                            .joined(separator: " ")
                    },
                ]
                if let png = layer.heatMapPNG { o["heatMapURI"] = "data:image/png;base64," + Data(png).base64EncodedString() }
                return o
            }
        }
        return [
            "uid": uid, "width": images.width, "height": images.height, "half": Double(images.width) / 2,
            "beforeURI": "data:image/jpeg;base64," + Data(images.before).base64EncodedString(),
            "afterURI": "data:image/jpeg;base64," + Data(images.after).base64EncodedString(),
            "beforeLayers": layers("before"), "afterLayers": layers("after"),
            "overlays": names.map { id -> [String: Any] in
                let legend = Self.overlayLegend[id]
                return ["id": id, "name": legend?.name ?? id, "swatch": legend == nil ? "sw-other" : "sw-\(id)",
                        "text": legend?.text ?? "overlay of the analyzer's layer “\(id)”", "checked": id == selected]
            },
            "noneChecked": selected == nil,
            "beforeDate": Self.longDate(c.beforeDate), "afterDate": Self.longDate(c.afterDate),
            "beforePhoto": c.beforePhoto, "afterPhoto": c.afterPhoto,
            "sideBySide": images.afterSize.map { size -> [String: Any] in
                ["reason": c.alignment?.reason ?? "the after photo could not be mapped onto the baseline",
                 "afterWidth": size.first ?? images.width, "afterHeight": size.last ?? images.height]
            } ?? false,
        ] as [String: Any]
    }

    static func coordinate(_ value: Double) -> String { String(format: "%.1f", value) }
}
