// swift-tools-version:6.1
// An analyzer in its own package, built into its own `skindelta` (`swift run evenness-skindelta`).
// A package outside this repository would depend on SkinDelta by URL instead:
//     .package(url: "https://…/skindelta.git", from: "0.1.0")
import PackageDescription

let package = Package(
    name: "SwiftEvenness",
    dependencies: [
        .package(name: "SkinDelta", path: "../../.."),
    ],
    targets: [
        .target(name: "ToneEvenness", dependencies: [
            .product(name: "AnalysisKit", package: "SkinDelta"),
            .product(name: "ImageCore", package: "SkinDelta"),
        ]),
        .executableTarget(name: "evenness-skindelta", dependencies: [
            "ToneEvenness",
            .product(name: "SkinDeltaKit", package: "SkinDelta"),
        ]),
        .testTarget(name: "ToneEvennessTests", dependencies: [
            "ToneEvenness",
            .product(name: "AnalysisKit", package: "SkinDelta"),
            .product(name: "AnalysisTesting", package: "SkinDelta"),
            .product(name: "ImageCore", package: "SkinDelta"),
        ]),
    ]
)
