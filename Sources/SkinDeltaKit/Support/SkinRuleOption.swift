import AnalysisKit
import ArgumentParser

/// `--skin-rule`: how the skin is found on the photos (``SkinRule``), shared by `score`, `batch` and
/// `analyze`.
struct SkinRuleOption: ParsableArguments {
    @Option(name: .customLong("skin-rule"),
            help: "How skin is found: auto (the default: whole-frame for close-ups where skin fills the frame, colour-gate otherwise, picked on the baseline), colour-gate (skin-hue gate: leaves out backdrop, eyes, lips and clothes) or whole-frame (every pixel of usable lightness; glare, shadow and hairs still left out).")
    var name = "auto"

    /// The values `--skin-rule` takes; `auto` is nil (picked on the baseline by ``SkinRule/automatic(for:)``).
    static let rules: [String: SkinRule?] = ["colour-gate": SkinRule.colourGate, "whole-frame": SkinRule.wholeFrame, "auto": SkinRule?.none]

    /// The rule asked for; nil for `auto`.
    var rule: SkinRule? { Self.rules[name] ?? .colourGate }

    func validate() throws {
        guard Self.rules[name] != nil else {
            throw ValidationError("--skin-rule must be colour-gate, whole-frame or auto, not \(name)")
        }
    }
}
