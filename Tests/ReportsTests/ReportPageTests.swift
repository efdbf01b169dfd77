import AnalysisKit
import Foundation
import Reports
import Scoring
import Testing

/// A course of three sessions with two claims (pores, redness) whose numbers are chosen so that the
/// pages have something to get wrong: a count whose interval reaches below zero, a negative-free
/// redness, a post-procedure session, repeat-capture noise for one metric and none for the other.
enum ReportCourse {
    static let analyzers = [
        ResultsDocument.AnalyzerRecord(
            id: "org.skindelta.pores", version: "1.0.0", settings: SettingsDocument(revision: 1),
            metrics: [MetricDescriptor(id: "count", name: "Pores", unit: "count", direction: .lowerIsBetter, description: "Dark blobs."),
                      MetricDescriptor(id: "elongation", name: "Pore elongation", unit: "1", direction: .lowerIsBetter, description: "Shape.")],
            claims: [ClaimDescriptor(id: "pores", name: "Pores", description: "Visible pores; fewer is better.", headlineMetric: "count",
                                     metrics: ["count", "elongation"])]),
        ResultsDocument.AnalyzerRecord(
            id: "org.skindelta.redness", version: "1.0.0", settings: SettingsDocument(revision: 1),
            metrics: [MetricDescriptor(id: "meanAStar", name: "Mean a*", unit: "a*", direction: .lowerIsBetter, description: "Mean a*.")],
            claims: nil),
    ]

    static func comparison(_ kind: String, _ before: String, _ after: String, count: (Double, Double, Double, Double), aStar: Double,
                           flags: [String] = []) -> ComparisonResults {
        let metrics = [
            MetricComparison(analyzer: "org.skindelta.pores", metric: "count", unit: "count", direction: .lowerIsBetter,
                             before: count.0, after: count.1, ciLow: count.2, ciHigh: count.3,
                             verdict: MetricComparison.verdict(delta: count.1 - count.0, low: count.2, high: count.3, mdc: nil, direction: .lowerIsBetter)),
            MetricComparison(analyzer: "org.skindelta.pores", metric: "elongation", unit: "1", direction: .lowerIsBetter,
                             before: 1.2, after: 1.19995, ciLow: -0.00021, ciHigh: 0.00011, verdict: .noDetectableChange),
            MetricComparison(analyzer: "org.skindelta.redness", metric: "meanAStar", unit: "a*", direction: .lowerIsBetter,
                             before: 9.5, after: aStar, ciLow: aStar - 9.5 - 0.4, ciHigh: aStar - 9.5 + 0.4, mdc: 0.3,
                             verdict: MetricComparison.verdict(delta: aStar - 9.5, low: aStar - 9.9, high: aStar - 9.1, mdc: 0.3, direction: .lowerIsBetter)),
        ]
        return ComparisonResults(kind: kind, beforeDate: before, afterDate: after, beforePhoto: "b.jpg", afterPhoto: "a.jpg",
                                 alignment: nil, quality: [:], colourCorrection: nil, metrics: metrics,
                                 score: CompositeScore(value: 5, ciLow: 1, ciHigh: 9, verdict: .improved, weights: [:], metrics: []),
                                 warnings: [], flags: flags, notes: [], failure: nil)
    }

    static let view = ViewResults(view: "cheek", sessions: [
        SessionResults(date: "2026-01-05", index: 0, day: 0, daysSinceProcedure: nil, photos: ["b.jpg"]),
        SessionResults(date: "2026-02-02", index: 1, day: 28, daysSinceProcedure: 2, photos: ["a.jpg"]),
        SessionResults(date: "2026-03-02", index: 2, day: 56, daysSinceProcedure: 28, photos: ["a.jpg"]),
    ], comparisons: [
        comparison("baseline", "2026-01-05", "2026-02-02", count: (3, 1, -4, 0.5), aStar: 11.5, flags: ["postProcedure"]),
        comparison("baseline", "2026-01-05", "2026-03-02", count: (3, 2, -3.5, 1.5), aStar: 8.5),
    ], trends: [], reliability: [])

    static let document = ResultsDocument(
        provenance: .init(tool: "skindelta", toolVersion: "test", analyzers: analyzers, inputKind: "manifest", photos: [],
                          pseudonymized: false, bootstrapResamples: 2000, confidenceLevel: 0.95),
        patients: [PatientResults(id: "P1", views: [view])], failures: [], remarks: [])

    static let images: [String: ReportImages] = Dictionary(uniqueKeysWithValues: view.comparisons.map { c in
        (HTMLReport.imageKey(view: "cheek", comparison: c),
         ReportImages(before: [0xFF, 0xD8], after: [0xFF, 0xD8], width: 40, height: 30, layers: [
            .init(id: "pores", photo: "before", circles: [[5, 5, 1]]), .init(id: "pores", photo: "after", circles: [[6, 5, 1]]),
            .init(id: "redness", photo: "before", heatMapPNG: [0x89, 0x50]), .init(id: "redness", photo: "after", heatMapPNG: [0x89, 0x50]),
         ]))
    })

    static func page() throws -> String {
        String(decoding: try HTMLReport(toolVersion: "t").patientReport(document.patients[0], analyzers: analyzers, failures: [], images: images),
               as: UTF8.self)
    }
}

@Suite("Reports: the pages a clinician reads")
struct ReportPageTests {
    static func matches(_ pattern: String, in text: String) throws -> [[String]] {
        let regex = try NSRegularExpression(pattern: pattern)
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).map { match in
            (0..<match.numberOfRanges).map { Range(match.range(at: $0), in: text).map { String(text[$0]) } ?? "" }
        }
    }

    @Test("a patient page opens with one summary card per claim, in words, with the change, its interval and why")
    func summaryCards() throws {
        let page = try ReportCourse.page()
        let cards = try Self.matches(#"<article class="card (\w+)" data-claim="([^"]+)">"#, in: page)
        #expect(cards.map { $0[2] } == ["org.skindelta.pores/pores", "org.skindelta.redness/redness"])
        // Pores 3 → 2, interval −3.5 … +1.5: includes zero. Redness 9.5 → 8.5 ± 0.4, MDC 0.3: better.
        #expect(cards.map { $0[1] } == ["noDetectableChange", "improved"])
        #expect(page.contains("● no detectable change · −33 %"))
        #expect(page.contains("▲ better · −11 %"))
        #expect(page.contains("Mean a*: 9.50 → 8.50 a*"))
        #expect(page.contains("larger than the measurement noise (MDC95 0.30 a*)"))
        #expect(page.contains("The 95 % interval of the change includes zero; the measurement noise is not known"))
        #expect(page.range(of: "class=\"cards\"")!.lowerBound < page.range(of: "class=\"viewer\"")!.lowerBound, "cards come before the viewer")
        #expect(page.contains("No session had two or more captures"), "the missing noise section says why")
    }

    @Test("the viewer shows one overlay at first, chosen by radio buttons, with a colour legend")
    func oneOverlay() throws {
        let page = try ReportCourse.page()
        let start = try #require(page.range(of: "<div class=\"viewer\""))
        let end = try #require(page.range(of: "</ul>", range: start.upperBound..<page.endIndex))
        let viewer = String(page[start.lowerBound..<end.upperBound])
        let checked = try Self.matches(#"type="radio" name="ov-\d+" value="(\w*)"( checked)?"#, in: viewer)
        #expect(checked.map { $0[1] } == ["", "pores", "redness"], "a none button and one per layer")
        #expect(checked.filter { !$0[2].isEmpty }.map { $0[1] } == ["pores"], "exactly one overlay on")
        let groups = try Self.matches(#"<g class="ov-(\w+)( hidden)?" data-layer"#, in: viewer)
        #expect(groups.filter { $0[2].isEmpty }.map { $0[1] } == ["pores", "pores"], "only the pores layer of each photo is visible")
        #expect(groups.filter { $0[1] == "redness" }.allSatisfy { $0[2] == " hidden" })
        #expect(viewer.contains("<span class=\"sw sw-pores\"></span>Pores: cyan circles"))
        // One viewer per comparison: the latest at the top, the others in their collapsed sections.
        #expect(page.components(separatedBy: "<div class=\"viewer\"").count - 1 == ReportCourse.view.comparisons.count)
    }

    @Test("no chart axis starts below zero for a metric with no negative value, and dates label the x axis")
    func honestAxes() throws {
        let page = try ReportCourse.page()
        let charts = try Self.matches(#"<figure class="chart" data-claim="([^"]+)" data-axis-min="([^"]+)" data-axis-max="([^"]+)" data-nonnegative="(\w+)">"#, in: page)
        #expect(charts.count == 2)
        for chart in charts {
            let low = Double(chart[2].replacingOccurrences(of: "−", with: "-"))!
            #expect(chart[4] == "true" && low == 0, "\(chart[1]) starts at \(chart[2])")
        }
        #expect(page.contains(">5 Jan</text>") && page.contains(">2 Mar</text>"))
        #expect(page.contains("noise band: baseline ± MDC95"), "the redness chart draws the noise band")
        #expect(page.contains("no band: no session had repeat captures"), "the pores chart says there is none")
        #expect(!page.contains("e-0"), "no exponent notation anywhere")
    }

    @Test("the index has a cell per claim with its verdict in words and a legend of what better means")
    func index() throws {
        let index = String(decoding: try HTMLReport(toolVersion: "t").index(ReportCourse.document), as: UTF8.self)
        let cells = try Self.matches(#"<td class="cell (\w+)" data-sort="([^"]*)" title="[^"]*"><span class="sym">(.)</span><span class="w">([^<]+)</span><span class="chg">([^<]*)</span>"#, in: index)
        #expect(cells.map { [$0[1], $0[3], $0[4], $0[5]] } == [["noDetectableChange", "●", "no detectable change", "−33 %"],
                                                                ["improved", "▲", "better", "−11 %"]])
        #expect(cells.map { $0[2] } == ["33.333", "10.526"], "sorted by improvement, positive is better")
        #expect(index.contains("<strong>Pores</strong>: Visible pores; fewer is better."))
        #expect(index.contains("<strong>Redness</strong>: Metrics of org.skindelta.redness."), "an analyzer without claims is one claim")
        #expect(index.contains("class=\"sortable\""))
    }

    @Test("numbers are rounded to their interval, in fixed point with a true minus sign")
    func rounding() {
        #expect(DisplayNumber.decimals(value: 1.2, spread: 0.00032) == 5)
        #expect(DisplayNumber.decimals(value: 12, spread: 3.5) == 1)
        #expect(DisplayNumber.decimals(value: 120, spread: 35) == 0)
        #expect(DisplayNumber.decimals(value: 0.004964) == 5)
        #expect(DisplayNumber.decimals(value: 5) == 0, "a count")
        #expect(DisplayNumber.text(-0.0002205, decimals: 5) == "−0.00022")
        #expect(DisplayNumber.text(0.00000001, decimals: 3, signed: true) == "0.000")
        #expect(DisplayNumber.text(2.5, decimals: 1, signed: true) == "+2.5")
        #expect(DisplayNumber.percent(-18.04) == "−18 %")
        #expect(DisplayNumber.percent(0.7) == "+0.7 %")
    }

    @Test("every CSV row has every column, the metric's display name among them")
    func csvColumns() throws {
        var document = ReportCourse.document
        var failed = ReportCourse.view.comparisons[0]
        failed.metrics = []
        failed.failure = "the photos do not show the same skin"
        document.patients[0].views[0].comparisons.append(failed)
        let lines = String(decoding: TidyCSV.render(document), as: UTF8.self).split(separator: "\n")
        #expect(TidyCSV.columns[8] == "metricLabel")
        for line in lines {
            #expect(line.split(separator: ",", omittingEmptySubsequences: false).count == TidyCSV.columns.count, "\(line)")
        }
        #expect(lines[1].contains(",org.skindelta.pores,count,Pores,count,lowerIsBetter,"))
        #expect(lines.contains { $0.contains(",composite,score,Composite score,%,") })
    }
}
