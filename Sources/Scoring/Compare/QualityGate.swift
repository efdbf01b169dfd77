public import AnalysisKit

/// How far to trust a pair, from its alignment and its photos' capture quality.
///
/// - Alignment failed (or was not usable): every metric is `notScored`, with the reason.
/// - Alignment of low confidence: intervals are widened by ``wideningFactor`` about Δ, with the reason.
/// - Not registered (an unregistered comparison): said in the warnings; the intervals are already
///   the unpaired ones.
/// - The after photo's sharpness below ``minimumSharpnessRatio`` of the before photo's (or the
///   reverse), glare above ``maximumGlarePercent`` or clipping above ``maximumClippedPercent`` on
///   either photo: intervals are widened, with the reason.
public struct QualityGate: Hashable, Sendable, Codable {
    /// The alignment's verdict as the scoring stage needs it.
    public enum AlignmentState: Hashable, Sendable, Codable {
        case aligned
        case lowConfidence(reason: String)
        case failed(reason: String)
        /// The photos were already aligned (same frame), or a single photo.
        case notNeeded
        /// No usable registration (the reason says why): each photo was measured on its own skin
        /// and the intervals are unpaired. Nothing is widened for it; metrics that need pixel
        /// correspondence are withheld by the pipeline.
        case unregistered(reason: String)
    }

    public static let wideningFactor = 1.5
    public static let minimumSharpnessRatio = 0.75
    public static let maximumGlarePercent = 5.0
    public static let maximumClippedPercent = 2.0

    public var alignment: AlignmentState
    public var beforeQuality: CaptureQuality?
    public var afterQuality: CaptureQuality?

    public init(alignment: AlignmentState, beforeQuality: CaptureQuality?, afterQuality: CaptureQuality?) {
        self.alignment = alignment
        self.beforeQuality = beforeQuality
        self.afterQuality = afterQuality
    }

    /// The reason nothing can be scored, if any.
    public var withheldReason: String? {
        if case .failed(let reason) = alignment { return "alignment failed: \(reason)" }
        return nil
    }

    /// What the warnings say of a pair compared without registration, nil for any other pair.
    public var unregisteredWarning: String? {
        guard case .unregistered(let reason) = alignment else { return nil }
        return "not registered (\(reason)): each photo was measured on its own skin and the intervals compare each photo's own tiles"
    }

    /// The reasons to widen the intervals (empty when the pair is sound).
    public var wideningReasons: [String] {
        var reasons: [String] = []
        if case .lowConfidence(let reason) = alignment { reasons.append("low-confidence alignment: \(reason)") }
        if let b = beforeQuality, let a = afterQuality, b.sharpness > 0, a.sharpness > 0 {
            if a.sharpness / b.sharpness < Self.minimumSharpnessRatio { reasons.append("the after photo is blurrier than the baseline") }
            if b.sharpness / a.sharpness < Self.minimumSharpnessRatio { reasons.append("the baseline photo is blurrier than the after photo") }
        }
        for (name, quality) in [("baseline", beforeQuality), ("after", afterQuality)] {
            guard let quality else { continue }
            if quality.glarePercent > Self.maximumGlarePercent {
                reasons.append("the \(name) photo has \(Int(quality.glarePercent.rounded())) % glare")
            }
            if quality.clippedPercent > Self.maximumClippedPercent {
                reasons.append("the \(name) photo has \(Int(quality.clippedPercent.rounded())) % clipped pixels")
            }
        }
        return reasons
    }
}
