import PluginHost

/// The files `skindelta plugins new` writes: a plugin that measures mean L* (brightness), with a
/// test that checks it against values known by construction.
enum PluginTemplates {
    /// `name` as a reverse-DNS id part: lower case letters, digits and hyphens.
    static func slug(_ name: String) -> String {
        var out = ""
        for character in name {
            if character.isUppercase, !out.isEmpty, out.last != "-" { out.append("-") }
            if character.isLetter || character.isNumber { out += character.lowercased() } else if out.last != "-" { out.append("-") }
        }
        let trimmed = out.drop { !$0.isLetter }
        return String(trimmed.reversed().drop { $0 == "-" }.reversed())
    }

    /// `name` as an UpperCamelCase Swift type name.
    static func typeName(_ name: String) -> String {
        let words = name.split { !($0.isLetter || $0.isNumber) }
        let joined = words.map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
        return joined.first?.isLetter == true ? joined : "My" + joined
    }

    static func pythonFiles(name: String, id: String) throws -> [(path: String, text: String)] {
        let helper = try PythonHelper.source()
        return [
            ("skindelta-plugin.json", #"""
            {
              "protocolVersion": \#(PluginProtocol.currentVersion),
              "id": "\#(id)",
              "name": "\#(name)",
              "summary": "Mean L* of the skin (replace with what your analyzer measures).",
              "version": "0.1.0",
              "command": ["python3", "analyzer.py"],
              "inputs": ["L"],
              "timeoutSeconds": 120,
              "metrics": [
                {"id": "meanLightness", "name": "Mean L*", "unit": "L*", "direction": "higherIsBetter",
                 "description": "Mean CIELAB L* over the measured skin, plus the offset setting."}
              ],
              "settings": {
                "revision": 1,
                "members": {
                  "offset": {"type": "number", "default": 0, "minimum": -100, "maximum": 100,
                             "description": "Added to the result (an example setting)."}
                }
              }
            }

            """#),
            ("analyzer.py", #"""
            """\#(name): a SkinDelta analyzer. Run by SkinDelta; test with
            python3 -m unittest test_analyzer, check with skindelta plugins check ."""

            import skindelta_plugin as sd


            def analyze(request):
                offset = request.settings["offset"]
                result = sd.Result(request)
                for photo in request.photos:  # "before", then "after" when present
                    lightness = request.plane(photo, "L")  # float32, (height, width)
                    result.add(photo, "meanLightness", request.mean(lightness) + offset,
                               tiles=[value + offset for value in request.tile_means(lightness)])
                return result


            if __name__ == "__main__":
                sd.serve(analyze)

            """#),
            ("test_analyzer.py", #"""
            """Checks of the analyzer on planes whose answer is known by construction."""

            import unittest

            import numpy as np

            import analyzer
            import skindelta_plugin as sd


            def request(before, after, offset=0.0):
                h, w = before.shape
                message = {"request": 1, "width": w, "height": h, "pixelsPerMillimetre": None,
                           "photos": ["before", "after"], "settings": {"offset": offset},
                           "tiles": [[0, 0, w // 2, h], [w // 2, 0, w - w // 2, h]], "planes": []}
                planes = {("before", "L"): before.astype(np.float32), ("after", "L"): after.astype(np.float32)}
                return sd.Request(message, planes, np.ones((h, w), bool))


            class AnalyzerTests(unittest.TestCase):
                def test_mean_of_known_planes(self):
                    before = np.full((20, 30), 50.0)
                    after = np.hstack([np.full((20, 15), 60.0), np.full((20, 15), 70.0)])
                    message = analyzer.analyze(request(before, after, offset=1.0)).message()
                    value = message["values"][0]
                    self.assertEqual((value["before"], value["after"]), (51.0, 66.0))
                    self.assertEqual(message["tiles"][0]["after"], [61.0, 71.0])


            if __name__ == "__main__":
                unittest.main()

            """#),
            (PythonHelper.fileName, helper),
        ]
    }

    static func swiftFiles(name: String, id: String, skindelta: String) -> [(path: String, text: String)] {
        let type = typeName(name)
        let tool = slug(name) + "-skindelta"
        // A path dependency is named explicitly; a URL's package is known by its last component.
        let isURL = skindelta.contains("://")
        let package = isURL ? String(skindelta.split(separator: "/").last ?? "skindelta").replacingOccurrences(of: ".git", with: "")
            : "SkinDelta"
        let dependency = isURL ? ".package(url: \"\(skindelta)\", from: \"\(SkinDeltaVersion.current)\")"
            : ".package(name: \"SkinDelta\", path: \"\(skindelta)\")"
        return [
            ("Package.swift", #"""
            // swift-tools-version:6.1
            import PackageDescription

            let package = Package(
                name: "\#(type)",
                dependencies: [
                    \#(dependency),
                ],
                targets: [
                    .target(name: "\#(type)", dependencies: [
                        .product(name: "AnalysisKit", package: "\#(package)"),
                        .product(name: "ImageCore", package: "\#(package)"),
                    ]),
                    .executableTarget(name: "\#(tool)", dependencies: [
                        "\#(type)",
                        .product(name: "SkinDeltaKit", package: "\#(package)"),
                    ]),
                    .testTarget(name: "\#(type)Tests", dependencies: [
                        "\#(type)",
                        .product(name: "AnalysisKit", package: "\#(package)"),
                        .product(name: "AnalysisTesting", package: "\#(package)"),
                        .product(name: "ImageCore", package: "\#(package)"),
                    ]),
                ]
            )

            """#),
            ("Sources/\(type)/\(type).swift", #"""
            public import AnalysisKit
            import ImageCore

            /// \#(name): mean CIELAB L* of the skin (replace with what your analyzer measures).
            public struct \#(type): Analyzer {
                public struct Settings: AnalyzerSettings {
                    public static let revision = 1
                    /// Added to the result (an example setting).
                    public var offset = 0.0
                    public init() {}
                }

                public static let descriptor = AnalyzerDescriptor(
                    id: "\#(id)", name: "\#(name)", summary: "Mean L* of the skin.", version: "0.1.0",
                    metrics: [MetricDescriptor(id: "meanLightness", name: "Mean L*", unit: "L*", direction: .higherIsBetter,
                                               description: "Mean CIELAB L* over the measured skin, plus the offset setting.")])

                let settings: Settings

                public init(settings: Settings) {
                    self.settings = settings
                }

                public func analyze(_ pair: AlignedPair, in context: AnalysisContext) throws -> AnalysisResult {
                    var result = AnalysisResult()
                    // The mean over the whole mask, and over the mask inside each tile.
                    let perPhoto = pair.photos.map { photo -> (value: Double, tiles: [Double]) in
                        let mean = PlaneMath.meanAndDeviation(photo.lab.l, mask: pair.mask).mean
                        return (mean + settings.offset, pair.tiles.means(photo.lab.l, mask: pair.mask).map { $0 + settings.offset })
                    }
                    result.record("meanLightness", perPhoto)
                    return result
                }
            }

            """#),
            ("Sources/\(tool)/main.swift", #"""
            import \#(type)
            import SkinDeltaKit

            SkinDelta.main(extraAnalyzers: [\#(type).self])

            """#),
            ("Tests/\(type)Tests/\(type)Tests.swift", #"""
            import AnalysisKit
            import AnalysisTesting
            import \#(type)
            import Testing

            @Suite struct \#(type)Tests {
                @Test func passesTheConformanceChecks() {
                    let failed = ConformanceSuite(\#(type).self).run().filter { !$0.passed }
                    #expect(failed.isEmpty, "\(failed.map { "\($0.name): \($0.detail)" })")
                }

                @Test func measuresMeanLightnessOfKnownPhotos() throws {
                    let pairs = try SyntheticPairs()
                    let pair = try pairs.pair(session: 1)
                    let result = try \#(type)(settings: .init()).analyze(pair, in: AnalysisContext())
                    var total = 0.0, count = 0
                    pair.before.lab.l.withUnsafeBufferPointer { l in
                        pair.mask.withUnsafeBufferPointer { m in
                            for i in 0..<m.count where m[i].value != 0 { total += Double(l[i].value); count += 1 }
                        }
                    }
                    #expect(abs(result.values[0].before - total / Double(count)) < 1e-3)
                }
            }

            """#),
        ]
    }
}
