import AnalysisKit
public import Scoring

/// One claim of one patient's view at a glance: its headline metric at the baseline and at the
/// latest session compared against it, the change with its interval, the verdict and a sentence
/// saying why. The index and the patient page's summary cards are made of these.
public struct ClaimSummary: Sendable {
    public var claim: MetricVocabulary.Claim
    /// The latest comparison against the baseline that was scored, if any.
    public var comparison: ComparisonResults?
    /// The headline metric in that comparison, if measured.
    public var metric: MetricComparison?
    /// MDC95 of the headline metric from repeated captures, when measured.
    public var mdc: Double?

    /// The summaries of every claim in `vocabulary` for `view`, in the vocabulary's order.
    public static func summaries(_ view: ViewResults, vocabulary: MetricVocabulary) -> [ClaimSummary] {
        let latest = view.comparisons.last { $0.kind == "baseline" && $0.failure == nil && !$0.metrics.isEmpty }
        return vocabulary.claims.map { claim in
            let metric = latest?.metrics.first { $0.analyzer == claim.analyzer && $0.metric == claim.descriptor.headlineMetric }
            let mdc = metric?.mdc ?? view.reliability.first {
                $0.analyzer == claim.analyzer && $0.metric == claim.descriptor.headlineMetric
            }?.reliability.mdc95
            return ClaimSummary(claim: claim, comparison: latest, metric: metric, mdc: mdc)
        }
    }

    /// The verdict on the claim; `notScored` when the headline metric was not measured.
    public var verdict: Verdict { metric?.verdict ?? .notScored }

    /// The improvement in percent, positive when better (for sorting); nil when not measured.
    public var improvementPercent: Double? {
        guard let metric, let percent = metric.percentChange else { return nil }
        return metric.direction == .lowerIsBetter ? -percent : percent
    }

    /// The change in plain units: the percent change ("−18 %"), or Δ in the metric's unit when the
    /// baseline is zero ("+0.4 a*").
    public var changeText: String {
        guard let metric else { return "not measured" }
        if let percent = metric.percentChange { return DisplayNumber.percent(percent) }
        let decimals = DisplayNumber.decimals(value: metric.delta, spread: metric.ciHigh - metric.ciLow)
        return DisplayNumber.text(metric.delta, decimals: decimals, signed: true) + " " + metric.unit
    }

    /// The verdict as a clinician reads it: "better", "worse", "no detectable change", "not scored".
    public var verdictWords: String { Self.words(verdict) }

    /// A symbol that says the verdict without colour: ▲ better, ▼ worse, ● no detectable change, – not scored.
    public var symbol: String { Self.symbol(verdict) }

    static func words(_ verdict: Verdict) -> String {
        switch verdict {
        case .improved: "better"
        case .worsened: "worse"
        case .noDetectableChange: "no detectable change"
        case .noMeaningfulChange: "no meaningful change"
        case .notScored: "not scored"
        }
    }

    static func symbol(_ verdict: Verdict) -> String {
        switch verdict {
        case .improved: "▲"
        case .worsened: "▼"
        case .noDetectableChange: "●"
        case .noMeaningfulChange: "○"
        case .notScored: "–"
        }
    }

    /// One sentence on why the verdict is what it is: the interval against zero, the measurement
    /// noise, or the reason nothing was scored.
    public var explanation: String {
        guard let metric else {
            if let comparison { return "The headline metric was not measured on \(comparison.afterDate)." }
            return "No session was compared against the baseline yet."
        }
        let decimals = DisplayNumber.decimals(value: metric.delta, spread: metric.ciHigh - metric.ciLow)
        let mdcText = mdc.map { "MDC95 \(DisplayNumber.text($0, decimals: decimals)) \(metric.unit)" }
        let unknownNoise = "the measurement noise is not known (no session had repeat captures)"
        switch metric.verdict {
        case .improved, .worsened:
            let side = "The 95 % interval of the change lies on the \(metric.verdict == .improved ? "better" : "worse") side of zero"
            if let mdcText { return side + ", and the change is larger than the measurement noise (\(mdcText))." }
            return side + "; " + unknownNoise + "."
        case .noDetectableChange:
            if let mdc, let mdcText, abs(metric.delta) < mdc, !(metric.ciLow <= 0 && metric.ciHigh >= 0) {
                return "The change is smaller than the measurement noise (\(mdcText))."
            }
            return "The 95 % interval of the change includes zero" + (mdcText == nil ? "; " + unknownNoise : "")
                + ": the photos cannot tell a change from noise."
        case .noMeaningfulChange:
            let percent = claim.headline?.meaningfulChangePercent.map { String(format: "%g %%", $0) } ?? "the smallest meaningful change"
            return "The change is detectable (its 95 % interval excludes zero) but smaller than \(percent) of the baseline, the smallest change that matters for this metric."
        case .notScored:
            return metric.reason.map { "Not scored: \($0)." } ?? "Not scored."
        }
    }

    /// Remarks on this claim in this comparison: the composite left its analyzer out (a
    /// post-procedure photo), and its headline's interval was widened for a colour difference.
    public var flags: [String] {
        guard let comparison else { return [] }
        var flags: [String] = []
        if comparison.score?.leftOut?.contains(where: { $0.hasPrefix(claim.analyzer + ":") }) == true {
            flags.append("Post-procedure: the latest photo was taken within days of a procedure, when redness is expected to be higher; the overall score leaves redness out.")
        }
        if comparison.flags.contains("colourNotComparable"), metric?.reason?.contains("white balance") == true {
            flags.append("Colour not comparable: the photos' white balance differs and no colour reference was given, so the interval is widened by what the cast alone would change.")
        }
        return flags
    }
}
