import Foundation
import Mustache
import Scoring

/// Renders the self-contained HTML pages of a batch: `index.html` and one report per patient.
///
/// The index has one row per patient and view and one cell per treatment claim (the claim's
/// headline metric, latest session against the baseline); a patient page opens with a summary card
/// per claim, then the before/after viewer (one overlay at a time, with a legend), a trend chart per
/// claim, trends and measurement noise, and the full metric tables collapsed. Names, units and
/// descriptions come from the analyzers' declarations recorded in the results (``MetricVocabulary``);
/// numbers are rounded to what their intervals can tell apart (``DisplayNumber``).
///
/// Pages need nothing beyond themselves: images are embedded as `data:` URIs, style and script are
/// inline and allowed by hash in a strict Content-Security-Policy (`default-src 'none'`), so a page
/// opened from disk makes no request. Every value passes through the template library's HTML
/// escaping. A print style sheet lays a patient out on A4 pages.
public struct HTMLReport: Sendable {
    public var toolVersion: String

    public init(toolVersion: String) {
        self.toolVersion = toolVersion
    }

    /// The Content-Security-Policy of every page.
    public static var contentSecurityPolicy: String {
        func hash(_ text: String) -> String { "'sha256-" + Data(SHA256.hash(Array(text.utf8))).base64EncodedString() + "'" }
        return "default-src 'none'; img-src data:; style-src \(hash(ReportTemplates.style)); script-src \(hash(ReportTemplates.script)); "
            + "base-uri 'none'; form-action 'none'"
    }

    /// The folder name of a patient's report under `patients/`: the id when it is made of letters,
    /// digits, `.`, `_` and `-` only (and does not start with `.`), otherwise a hash of it.
    public static func folderName(forPatient id: String) -> String {
        let safe = !id.isEmpty && id.count <= 64 && !id.hasPrefix(".")
            && id.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) && $0.isASCII || "._-".unicodeScalars.contains($0) }
        return safe ? id : "p-" + SHA256.hex(SHA256.hash(Array(id.utf8))).prefix(16)
    }

    /// The key of a comparison's pictures: "view|kind|beforeDate|afterDate".
    public static func imageKey(view: String, comparison: ComparisonResults) -> String {
        "\(view)|\(comparison.kind)|\(comparison.beforeDate)|\(comparison.afterDate)"
    }

    /// The legend of the claims: each claim's name and what better means.
    static func legend(_ vocabulary: MetricVocabulary) -> [[String: Any]] {
        vocabulary.claims.map { ["name": $0.descriptor.name, "description": $0.descriptor.description] }
    }

    func render(_ template: String, _ object: [String: Any]) throws -> Data {
        Data(try MustacheTemplate(string: template).render(object).utf8)
    }

    static func verdictClass(_ verdict: Verdict) -> String { verdict.rawValue }

    /// "2 Mar 2026" from "2026-03-02".
    static func longDate(_ date: String) -> String {
        let short = ChartBuilder.shortDate(date)
        return short == date ? date : short + " " + date.prefix(4)
    }

    static func scoreText(_ score: CompositeScore) -> String {
        DisplayNumber.percent(score.value) + " (95 % interval " + DisplayNumber.percent(score.ciLow) + " to "
            + DisplayNumber.percent(score.ciHigh) + "), " + ClaimSummary.words(score.verdict) + leftOutText(score)
    }

    /// " without redness (a post-procedure photo)" when claims were left out of the score.
    static func leftOutText(_ score: CompositeScore) -> String {
        guard let leftOut = score.leftOut, !leftOut.isEmpty else { return "" }
        let names = leftOut.map { MetricVocabulary.shortName(String($0.prefix { $0 != ":" })) }
        return " without " + names.joined(separator: ", ") + " (a post-procedure photo)"
    }

    static func failureText(_ f: ResultsDocument.Failure) -> String {
        var parts: [String] = []
        if let patient = f.patient { parts.append("patient \(patient)") }
        if let date = f.sessionDate { parts.append(date) }
        if let photo = f.photo { parts.append(photo) }
        return (parts.isEmpty ? "" : parts.joined(separator: ", ") + ": ") + f.reason
            + (f.comparisons.isEmpty ? "" : " (costs " + f.comparisons.joined(separator: "; ") + ")")
    }
}
