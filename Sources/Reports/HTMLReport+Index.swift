import Foundation
import Scoring

extension HTMLReport {
    /// `index.html`: one row per patient and view, one cell per claim (latest session against the
    /// baseline: symbol, verdict in words, the change in plain units), sortable by any column, with
    /// a legend of what better means for each claim.
    public func index(_ document: ResultsDocument) throws -> Data {
        let vocabulary = MetricVocabulary(analyzers: document.provenance.analyzers)
        var rows: [[String: Any]] = []
        for patient in document.patients {
            for view in patient.views {
                let summaries = ClaimSummary.summaries(view, vocabulary: vocabulary)
                let latest = summaries.first?.comparison ?? view.comparisons.last { $0.kind == "baseline" && $0.failure == nil }
                let lastDate = view.sessions.last?.date ?? ""
                let cells: [[String: Any]] = summaries.map { s in
                    [
                        "verdict": Self.verdictClass(s.verdict), "symbol": s.symbol, "words": s.verdictWords,
                        "change": s.metric == nil ? "" : s.changeText, "sort": s.improvementPercent.map { String(format: "%.3f", $0) } ?? "-1e9",
                        "title": "\(s.claim.descriptor.name): \(s.explanation)",
                    ]
                }
                var row: [String: Any] = [
                    "id": patient.id, "view": view.view, "sessions": view.sessions.count,
                    "lastDate": Self.longDate(lastDate), "lastDateSort": lastDate,
                    "compared": latest.map { c in
                        "day \(view.sessions.first { $0.date == c.afterDate }?.day ?? 0)" + (c.registration == .unregistered ? ", not registered" : "")
                    } ?? "not compared",
                    "cells": cells, "href": "patients/\(Self.folderName(forPatient: patient.id))/report.html",
                ]
                if let score = latest?.score {
                    row["score"] = ["verdict": Self.verdictClass(score.verdict), "symbol": ClaimSummary.symbol(score.verdict),
                                    "text": DisplayNumber.percent(score.value) + Self.leftOutText(score), "words": ClaimSummary.words(score.verdict),
                                    "sort": String(format: "%.3f", score.value)]
                }
                rows.append(row)
            }
        }
        let object: [String: Any] = [
            "csp": Self.contentSecurityPolicy, "title": "SkinDelta results", "toolVersion": toolVersion,
            "patientCount": counted(document.patients.count, "patient"), "photoCount": counted(document.provenance.photos.count, "photo"),
            "schemaVersion": document.schemaVersion, "pseudonymized": document.provenance.pseudonymized,
            "claims": vocabulary.claims.map { ["name": $0.descriptor.name] }, "rows": rows, "legend": Self.legend(vocabulary),
            "hasFailures": !document.failures.isEmpty, "failures": document.failures.map { ["text": Self.failureText($0)] },
            "hasRemarks": !document.remarks.isEmpty, "remarks": document.remarks,
        ]
        return try render(ReportTemplates.index, object)
    }

    func counted(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
}
