import Foundation
import Mustache
import Scoring

/// Renders the self-contained HTML pages of a batch: `index.html` and one report per patient.
///
/// Pages need nothing beyond themselves: images are embedded as `data:` URIs, style and script are
/// inline and allowed by hash in a strict Content-Security-Policy (`default-src 'none'`), so a page
/// opened from disk makes no request. Every value passes through the template library's HTML
/// escaping.
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

    /// `index.html`.
    public func index(_ document: ResultsDocument) throws -> Data {
        let patients: [[String: Any]] = document.patients.map { patient in
            let latest = patient.views.first?.comparisons.last { $0.kind == "baseline" && $0.score != nil }
            return [
                "id": patient.id, "views": patient.views.map(\.view).joined(separator: ", "),
                "sessions": patient.views.map { $0.sessions.count }.max() ?? 0,
                "latest": latest.flatMap { c in c.score.map { Self.scoreText($0) + " (\(c.afterDate))" } } ?? "–",
                "verdict": latest?.score?.verdict.rawValue ?? "",
                "href": "patients/\(Self.folderName(forPatient: patient.id))/report.html",
            ]
        }
        let object: [String: Any] = [
            "csp": Self.contentSecurityPolicy, "title": "SkinDelta results", "toolVersion": toolVersion,
            "patientCount": document.patients.count, "photoCount": document.provenance.photos.count,
            "schemaVersion": document.schemaVersion, "pseudonymized": document.provenance.pseudonymized,
            "patients": patients, "hasFailures": !document.failures.isEmpty,
            "failures": document.failures.map { ["text": Self.failureText($0)] },
            "hasRemarks": !document.remarks.isEmpty, "remarks": document.remarks,
        ]
        return try render(ReportTemplates.index, object)
    }

    /// One patient's report. `images` holds each comparison's pictures by
    /// "view|kind|beforeDate|afterDate" (``imageKey(view:comparison:)``).
    public func patientReport(_ patient: PatientResults, failures: [ResultsDocument.Failure],
                              images: [String: ReportImages]) throws -> Data {
        var uid = 0
        let views: [[String: Any]] = patient.views.map { view in
            let comparisons: [[String: Any]] = view.comparisons.filter { $0.kind != "repeat" }.map { comparison in
                uid += 1
                return comparisonObject(comparison, images: images[Self.imageKey(view: view.view, comparison: comparison)], uid: uid)
            }
            let charts = ChartBuilder.charts(view)
            let trends: [[String: Any]] = view.trends.map {
                ["name": "\(Self.shortName($0.analyzer)) / \($0.metric)", "slope": Self.number($0.trend.slopePerWeek),
                 "interval": "\(Self.number($0.trend.ciLow)) … \(Self.number($0.trend.ciHigh))", "unit": $0.unit]
            }
            let reliability: [[String: Any]] = view.reliability.map {
                ["name": "\(Self.shortName($0.analyzer)) / \($0.metric)", "sem": Self.number($0.reliability.sem),
                 "mdc": Self.number($0.reliability.mdc95), "unit": $0.unit]
            }
            return [
                "view": view.view,
                "sessions": view.sessions.map { s -> [String: Any] in
                    ["index": s.index, "date": s.date, "day": s.day,
                     "daysSinceProcedure": s.daysSinceProcedure.map(String.init) ?? "–", "photos": s.photos.joined(separator: ", ")]
                },
                "hasCharts": !charts.isEmpty, "charts": charts, "comparisons": comparisons,
                "hasTrends": !trends.isEmpty, "trends": trends, "hasReliability": !reliability.isEmpty, "reliability": reliability,
            ]
        }
        let object: [String: Any] = [
            "csp": Self.contentSecurityPolicy, "title": "SkinDelta: patient \(patient.id)", "id": patient.id,
            "toolVersion": toolVersion, "views": views, "failures": failures.map { ["text": Self.failureText($0)] },
        ]
        return try render(ReportTemplates.patient, object)
    }

    public static func imageKey(view: String, comparison: ComparisonResults) -> String {
        "\(view)|\(comparison.kind)|\(comparison.beforeDate)|\(comparison.afterDate)"
    }

    func comparisonObject(_ c: ComparisonResults, images: ReportImages?, uid: Int) -> [String: Any] {
        var object: [String: Any] = [
            "label": c.kind == "baseline" ? "\(c.afterDate) against the baseline \(c.beforeDate)" : "\(c.afterDate) against the previous session \(c.beforeDate)",
            "warnings": c.warnings, "hasMetrics": !c.metrics.isEmpty || !(c.failedMetrics ?? []).isEmpty, "hasScore": c.score != nil,
        ]
        if let failure = c.failure { object["failure"] = failure }
        if let a = c.alignment {
            object["alignmentText"] = "\(a.verdict)" + (a.reason.map { " (\($0))" } ?? "")
                + String(format: "; rotation %.1f°, scale %.3f, overlap %.0f %%, correlation %.2f", a.rotationDegrees, a.scale, 100 * a.overlap, a.correlation)
                + (a.residualPixels.map { String(format: ", uncertainty %.2f px", $0) } ?? "")
        }
        let quality = ["before", "after"].compactMap { key in
            c.quality[key].map { q in
                String(format: "%@ photo: sharpness %.3f, clipped %.1f %%, glare %.1f %%, skin %.0f %%, median L* %.0f",
                       key as NSString, q.sharpness, q.clippedPercent, q.glarePercent, q.skinPercent, q.medianLStar)
            }
        }
        if !quality.isEmpty { object["qualityText"] = "Capture quality: " + quality.joined(separator: "; ") }
        if c.flags.contains("postProcedure") {
            object["postProcedure"] = c.notes.first { $0.contains("procedure") } ?? "a photo was taken within days of a procedure; redness is expected to be transiently higher."
        }
        if let score = c.score {
            object["scoreText"] = Self.scoreText(score)
            object["scoreVerdict"] = score.verdict.rawValue
        }
        object["metrics"] = c.metrics.map { m -> [String: Any] in
            [
                "analyzer": Self.shortName(m.analyzer), "metric": m.metric, "before": Self.number(m.before), "after": Self.number(m.after),
                "delta": Self.number(m.delta), "percent": m.percentChange.map { String(format: "%+.1f", $0) } ?? "–",
                "interval": "\(Self.number(m.ciLow)) … \(Self.number(m.ciHigh))", "verdict": m.verdict.rawValue,
                "verdictText": Self.verdictText(m.verdict), "reason": m.reason ?? "", "unit": m.unit,
            ]
        }
        object["metrics"] = (object["metrics"] as! [[String: Any]]) + (c.failedMetrics ?? []).map { m -> [String: Any] in
            [
                "analyzer": Self.shortName(m.analyzer), "metric": m.metric, "before": "–", "after": "–", "delta": "–", "percent": "–",
                "interval": "–", "verdict": "failed", "verdictText": "failed: \(m.reason)", "reason": m.reason, "unit": m.unit,
            ]
        }
        if let images {
            func layers(_ photo: String) -> [[String: Any]] {
                images.layers.filter { $0.photo == photo }.map { layer in
                    var o: [String: Any] = [
                        "id": layer.id,
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
            var names: [String] = []
            for layer in images.layers where !names.contains(layer.id) { names.append(layer.id) }
            object["images"] = [
                "uid": uid, "width": images.width, "height": images.height, "half": Double(images.width) / 2,
                "beforeURI": "data:image/jpeg;base64," + Data(images.before).base64EncodedString(),
                "afterURI": "data:image/jpeg;base64," + Data(images.after).base64EncodedString(),
                "beforeLayers": layers("before"), "afterLayers": layers("after"), "layerNames": names,
                "beforeDate": c.beforeDate, "afterDate": c.afterDate, "beforePhoto": c.beforePhoto, "afterPhoto": c.afterPhoto,
            ] as [String: Any]
        }
        return object
    }

    func render(_ template: String, _ object: [String: Any]) throws -> Data {
        Data(try MustacheTemplate(string: template).render(object).utf8)
    }

    static func shortName(_ analyzer: String) -> String {
        analyzer.hasPrefix("org.skindelta.") ? String(analyzer.dropFirst("org.skindelta.".count)) : analyzer
    }

    static func number(_ value: Double) -> String { String(format: "%.4g", value) }

    static func coordinate(_ value: Double) -> String { String(format: "%.1f", value) }

    static func scoreText(_ score: CompositeScore) -> String {
        String(format: "%+.1f %% (95 %% interval %+.1f … %+.1f), ", score.value, score.ciLow, score.ciHigh) + verdictText(score.verdict)
    }

    static func verdictText(_ verdict: Verdict) -> String {
        switch verdict {
        case .improved: "improved"
        case .worsened: "worsened"
        case .noDetectableChange: "no detectable change"
        case .notScored: "not scored"
        }
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
