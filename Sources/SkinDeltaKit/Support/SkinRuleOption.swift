import AnalysisKit
import ArgumentParser

/// `--skin-rule`: how the skin is found on the photos (``SkinRule``), shared by `score`, `batch` and
/// `analyze`.
struct SkinRuleOption: ParsableArguments {
    @Option(name: .customLong("skin-rule"),
            help: "How skin is found: colour-gate (skin-hue gate, the default), whole-frame (close-ups where skin fills the frame; glare, shadow and hairs still left out) or auto (picked on the baseline).")
    var name = "colour-gate"

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
