// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "SkinDelta",
    products: [
        .executable(name: "skindelta", targets: ["SkinDeltaCLI"]),
        .library(name: "ImageCore", targets: ["ImageCore"]),
        .library(name: "ImageCodec", targets: ["ImageCodec"]),
        .library(name: "Synthesis", targets: ["Synthesis"]),
        .library(name: "Alignment", targets: ["Alignment"]),
        .library(name: "AnalysisKit", targets: ["AnalysisKit"]),
        .library(name: "Scoring", targets: ["Scoring"]),
        .library(name: "Reports", targets: ["Reports"]),
        .library(name: "Batch", targets: ["Batch"]),
        .library(name: "PluginHost", targets: ["PluginHost"]),
        .library(name: "AnalysisTesting", targets: ["AnalysisTesting"]),
        .library(name: "SkinDeltaKit", targets: ["SkinDeltaKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    ],
    targets: [
        // MARK: - C libraries and the shim that alone calls them (implementation details)
        .systemLibrary(
            name: "CPNG",
            pkgConfig: "libpng",
            providers: [.apt(["libpng-dev"])]
        ),
        .systemLibrary(
            name: "CJPEG",
            pkgConfig: "libjpeg",
            providers: [.apt(["libjpeg62-turbo-dev"])]
        ),
        .target(
            name: "_CodecShims",
            dependencies: ["CPNG", "CJPEG"]
        ),

        // MARK: - Core
        .target(name: "ImageCore"),
        .target(
            name: "ImageCodec",
            dependencies: ["ImageCore", "_CodecShims"]
        ),

        // MARK: - Registration of follow-up photos onto the baseline
        .target(name: "Alignment", dependencies: ["ImageCore"]),

        // MARK: - The analysis API (what plugins are written against) and the built-in analyzers
        .target(name: "AnalysisKit", dependencies: ["ImageCore"]),
        .target(name: "PigmentationAnalyzer", dependencies: ["AnalysisKit", "ImageCore"],
                path: "Plugins/PigmentationAnalyzer"),
        .target(name: "PoreAnalyzer", dependencies: ["AnalysisKit", "ImageCore"], path: "Plugins/PoreAnalyzer"),
        .target(name: "ScarTextureAnalyzer", dependencies: ["AnalysisKit", "ImageCore"],
                path: "Plugins/ScarTextureAnalyzer"),
        .target(name: "RednessAnalyzer", dependencies: ["AnalysisKit", "ImageCore"], path: "Plugins/RednessAnalyzer"),
        .target(name: "FineLinesAnalyzer", dependencies: ["AnalysisKit", "ImageCore"], path: "Plugins/FineLinesAnalyzer"),

        // MARK: - Out-of-process plugins (manifests, discovery, the worker protocol) and the analyzer test kit
        .target(name: "PluginHost", dependencies: ["AnalysisKit", "ImageCore"], resources: [.copy("Python/skindelta_plugin.py")]),
        .target(name: "AnalysisTesting", dependencies: ["AnalysisKit", "ImageCore", "Synthesis"]),

        // MARK: - Comparisons, confidence intervals, trends and scores
        .target(name: "Scoring", dependencies: ["AnalysisKit"]),

        // MARK: - Outputs (pure rendering) and batch runs
        .target(name: "Reports", dependencies: ["Scoring", "AnalysisKit", .product(name: "Mustache", package: "swift-mustache")],
                exclude: ["results.schema.json"]),
        .target(name: "Batch", dependencies: ["ImageCodec", "Alignment", "Scoring", "Reports", "AnalysisKit", "ImageCore"]),

        // MARK: - Synthetic sessions with ground truth (tests, samples, researchers' validation)
        .target(name: "Synthesis", dependencies: ["ImageCore"]),

        // MARK: - Command-line tool: the commands as a library (for builds with extra analyzers) and the executable
        .executableTarget(name: "SkinDeltaCLI", dependencies: ["SkinDeltaKit"]),
        .target(
            name: "SkinDeltaKit",
            dependencies: [
                "PluginHost",
                "AnalysisTesting",
                "Batch",
                "Reports",
                "Alignment",
                "AnalysisKit",
                "Scoring",
                "PigmentationAnalyzer",
                "PoreAnalyzer",
                "ScarTextureAnalyzer",
                "RednessAnalyzer",
                "FineLinesAnalyzer",
                "ImageCodec",
                "ImageCore",
                "Synthesis",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // MARK: - Tests
        .testTarget(name: "ImageCoreTests", dependencies: ["ImageCore"]),
        .testTarget(name: "ImageCodecTests", dependencies: ["ImageCodec", "ImageCore"]),
        .testTarget(name: "SynthesisTests", dependencies: ["Synthesis", "ImageCodec", "ImageCore"]),
        .testTarget(name: "AlignmentTests", dependencies: ["Alignment", "Synthesis", "ImageCore", "ImageCodec"]),
        .testTarget(name: "AnalysisKitTests", dependencies: ["AnalysisKit", "ImageCore"]),
        .testTarget(name: "AnalyzerTests", dependencies: [
            "PigmentationAnalyzer", "PoreAnalyzer", "ScarTextureAnalyzer", "RednessAnalyzer", "FineLinesAnalyzer",
            "AnalysisKit", "Scoring", "Alignment", "Synthesis", "ImageCore", "ImageCodec",
        ]),
        .testTarget(name: "ScoringTests", dependencies: ["Scoring", "AnalysisKit", "ImageCore"]),
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "Scoring", "AnalysisKit"]),
        .testTarget(name: "BatchTests", dependencies: [
            "Batch", "Reports", "Scoring", "ImageCodec", "ImageCore", "AnalysisKit", "AnalysisTesting",
            "PigmentationAnalyzer", "PoreAnalyzer", "ScarTextureAnalyzer", "RednessAnalyzer", "FineLinesAnalyzer",
        ]),
        .testTarget(name: "SkinDeltaCLITests", dependencies: ["SkinDeltaCLI", "ImageCodec", "ImageCore"]),
        .testTarget(name: "PluginHostTests", dependencies: ["PluginHost", "AnalysisTesting", "AnalysisKit", "ImageCore"],
                    exclude: ["Fixtures"]),
    ]
)

for target in package.targets where target.type != .system {
    var settings = target.swiftSettings ?? []
    settings.append(.enableUpcomingFeature("ExistentialAny"))
    target.swiftSettings = settings
}
