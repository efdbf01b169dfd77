import Alignment
import ArgumentParser
import Batch
import Foundation
import ImageCodec
import Scoring

/// `skindelta align BEFORE AFTER`: finds the transform from the after photo to the before photo
/// and says how far to trust it.
struct AlignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "align",
        abstract: "Align a follow-up photo onto a baseline photo and report the transform and its quality.",
        discussion: """
        The matrix maps AFTER pixel coordinates to BEFORE pixel coordinates (3×3, row-major, full \
        resolution, photos upright after EXIF orientation, origin at the centre of the top-left pixel). \
        Exit status: 0 for aligned or lowConfidence, 1 for failed, 2 for usage errors and photos that \
        cannot be read.
        """
    )

    @Argument(help: "The before (baseline) photo.") var before: String
    @Argument(help: "The after (follow-up) photo.") var after: String
    @Flag(help: "Print JSON instead of text.") var json = false
    @Option(help: "Transform model: similarity, affine or homography (default: the simplest that fits).")
    var model: MotionModel?
    @Option(help: "Write a check picture (PNG): a checkerboard of the before and the warped after photo.")
    var overlay: String?
    @Option(help: "Overlay style: checkerboard or difference.") var overlayStyle: OverlayStyle = .checkerboard
    @OptionGroup var limits: LimitOptions

    enum OverlayStyle: String, ExpressibleByArgument, CaseIterable { case checkerboard, difference }

    /// The `--json` output.
    /// The JSON of an alignment (shared with `score` and the batch results).
    typealias Output = AlignmentSummary

    func run() throws {
        if let overlay, !overlay.lowercased().hasSuffix(".png") {
            throw ValidationError("the overlay is written as PNG, so its name must end in .png: \(overlay)")
        }
        let decoder = ImageDecoder(limits: limits.decodingLimits)
        let beforePhoto = try PhotoArgument.prepare(before, decoder: decoder)
        let afterPhoto = try PhotoArgument.prepare(after, decoder: decoder)
        let beforeImage = try beforePhoto.image(), afterImage = try afterPhoto.image()
        let registration = try PairPipeline(analyzers: []).align(before: beforePhoto, after: afterPhoto,
                                                                options: AlignmentOptions(model: model))

        if let overlay, let warped = registration.warp(afterImage, outputSize: beforeImage.size) {
            let picture = overlayStyle == .checkerboard
                ? AlignmentOverlay.checkerboard(before: beforeImage, warpedAfter: warped.image, mask: warped.mask,
                                                tile: max(16, max(beforeImage.width, beforeImage.height) / 16))
                : AlignmentOverlay.difference(before: beforeImage, warpedAfter: warped.image, mask: warped.mask)
            try Data(try PNGEncoder().encode(picture)).write(to: URL(fileURLWithPath: overlay), options: .atomic)
        }

        let output = Output(registration, afterSize: afterImage.size)
        if json {
            try StandardOutput.writeJSON(output)
        } else {
            StandardOutput.write(Self.text(output))
        }
        if !registration.verdict.isUsable { throw ExitCode(1) }
    }

    static func text(_ o: Output) -> String {
        let m = o.matrix.map { String(format: "%12.6f", $0) }
        var lines = ["verdict:      \(o.verdict)" + (o.reason.map { " (\($0))" } ?? "")]
        lines.append("model:        \(o.model)")
        lines.append("matrix (after px → before px):")
        for row in 0..<3 { lines.append("  " + m[(row * 3)..<(row * 3 + 3)].joined(separator: " ")) }
        lines.append(String(format: "rotation:     %.3f°   scale: %.4f×", o.rotationDegrees, o.scale))
        lines.append(String(format: "correlation:  %.3f", o.correlation))
        lines.append(String(format: "overlap:      %.1f %%", o.overlap * 100))
        lines.append("uncertainty:  " + (o.residualPixels.map { String(format: "%.3f px", $0) } ?? "–"))
        lines.append("features:     \(o.keypoints[0]) / \(o.keypoints[1]), \(o.matches) matches, \(o.inliers) consistent; \(o.iterations) refinement steps")
        return lines.joined(separator: "\n") + "\n"
    }
}

extension MotionModel: ExpressibleByArgument {}
