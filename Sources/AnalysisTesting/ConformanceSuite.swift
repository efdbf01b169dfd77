public import AnalysisKit
import Foundation

/// Runs any analyzer — a Swift type or an ``AnalyzerFactory`` such as an out-of-process plugin —
/// through the checks every analyzer must pass:
///
/// 1. **declaration**: a valid descriptor (reverse-DNS id, semantic version, metrics with units);
/// 2. **settings round-trip**: the defaults, stored and read back, configure the same settings;
/// 3. **settings refusals**: an unknown member and a newer revision are refused with a reason;
/// 4. **settings migration**: a document at revision 1 with no members still loads;
/// 5. **result matches declaration** on a synthetic pair (every metric once, finite, per tile);
/// 6. **deterministic**: the same pair twice, and on one thread, gives identical results;
/// 7. **no change on identical photos**: a photo against itself gives after = before exactly;
/// 8. **sees the after photo**: on a pair whose true change is known, some metric differs;
/// 9. **single photo**: a photo alone gives before values only.
public struct ConformanceSuite: Sendable {
    public let descriptor: AnalyzerDescriptor
    private let configure: @Sendable (SettingsDocument?) throws -> ConfiguredAnalyzer

    /// The suite for a Swift analyzer type.
    public init<A: Analyzer>(_ type: A.Type) {
        descriptor = A.descriptor
        configure = { document in try AnalyzerRegistry([type]).configure(document.map { [A.descriptor.id: $0] } ?? [:])[0] }
    }

    /// The suite for an analyzer described at run time.
    public init(factory: any AnalyzerFactory) {
        descriptor = factory.descriptor
        configure = { document in try factory.configure(document) }
    }

    /// Runs every check on `pairs` (rendered on demand when nil). Checks after a failed
    /// declaration still run; each reports on its own.
    public func run(pairs: SyntheticPairs? = nil) -> [ConformanceCheck] {
        var checks: [ConformanceCheck] = []
        func check(_ name: String, _ body: () throws -> String) {
            do {
                checks.append(ConformanceCheck(name: name, passed: true, detail: try body()))
            } catch let failure as Failure {
                checks.append(ConformanceCheck(name: name, passed: false, detail: failure.reason))
            } catch {
                checks.append(ConformanceCheck(name: name, passed: false, detail: "\(error)"))
            }
        }
        check("declaration") {
            try descriptor.validate()
            return "\(descriptor.id) \(descriptor.version), \(descriptor.metrics.count) metrics with units and directions"
        }
        var defaults: ConfiguredAnalyzer?
        check("settings round-trip") {
            let first = try configure(nil)
            defaults = first
            let again = try configure(first.settings)
            guard again.settings == first.settings else { throw Failure("the stored defaults configure different settings") }
            return "revision \(first.settings.revision), \(first.settings.members.count) members"
        }
        check("settings refusals") {
            guard let settings = defaults?.settings else { throw Failure("no default settings to start from") }
            var unknown = settings
            unknown.members["noSuchSetting"] = .number(1)
            guard (try? configure(unknown)) == nil else { throw Failure("a document with an unknown member was accepted") }
            guard (try? configure(SettingsDocument(revision: settings.revision + 1, members: settings.members))) == nil else {
                throw Failure("a document from a newer revision was accepted")
            }
            return "an unknown member and a newer revision are refused"
        }
        check("settings migration") {
            guard let settings = defaults?.settings else { throw Failure("no default settings to start from") }
            let migrated = try configure(SettingsDocument(revision: 1, members: [:]))
            guard migrated.settings.revision == settings.revision else { throw Failure("revision 1 did not migrate to \(settings.revision)") }
            return settings.revision == 1 ? "revision 1 is current" : "revision 1 migrates to \(settings.revision)"
        }
        guard let analyzer = defaults else { return checks }
        let course: SyntheticPairs
        do {
            course = try pairs ?? SyntheticPairs()
        } catch {
            checks.append(ConformanceCheck(name: "synthetic pairs", passed: false, detail: "cannot be rendered: \(error)"))
            return checks
        }
        let last = course.photos.count - 1
        var treated: AnalysisResult?
        check("result matches declaration") {
            let result = try analyzer.run(try course.pair(session: last))
            treated = result
            return "\(result.values.count) metrics, \(result.tiles.first?.before.count ?? 0) tiles each"
        }
        check("deterministic") {
            guard let treated else { throw Failure("no result to compare with") }
            let again = try analyzer.run(try course.pair(session: last))
            let serial = try analyzer.run(try course.pair(session: last, parallel: false), in: AnalysisContext(parallel: false))
            guard again == treated else { throw Failure("a second run gave different numbers: \(Self.firstDifference(treated, again))") }
            guard serial == treated else { throw Failure("one thread gave different numbers: \(Self.firstDifference(treated, serial))") }
            return "identical twice and on one thread"
        }
        check("no change on identical photos") {
            let result = try analyzer.run(try course.pair(session: 0))
            if let value = result.values.first(where: { $0.after != $0.before }) {
                throw Failure("\(value.metric) is \(value.before) before and \(value.after ?? .nan) after on the same photo")
            }
            if let tile = result.tiles.first(where: { $0.after != $0.before }) {
                throw Failure("the tile values of \(tile.metric) differ on the same photo")
            }
            return "after = before for every metric and tile"
        }
        check("sees the after photo") {
            guard let treated else { throw Failure("no result to look at") }
            let changed = treated.values.filter { $0.after != $0.before }
            guard !changed.isEmpty else {
                throw Failure("no metric changed between the baseline and session \(last + 1), whose skin truly changed")
            }
            return "\(changed.count) of \(treated.values.count) metrics changed with the skin (" + changed.prefix(3).map {
                "\($0.metric) \(Self.short($0.before)) → \(Self.short($0.after ?? .nan))"
            }.joined(separator: ", ") + ")"
        }
        check("single photo") {
            let result = try analyzer.run(try course.single())
            return "\(result.values.count) metrics with before values only"
        }
        return checks
    }

    struct Failure: Error {
        let reason: String
        init(_ reason: String) { self.reason = reason }
    }

    static func firstDifference(_ a: AnalysisResult, _ b: AnalysisResult) -> String {
        for (x, y) in zip(a.values, b.values) where x != y {
            return "\(x.metric) \(x.before)/\(x.after ?? .nan) then \(y.before)/\(y.after ?? .nan)"
        }
        for (x, y) in zip(a.tiles, b.tiles) where x != y { return "the tile values of \(x.metric)" }
        return a.overlays != b.overlays ? "the overlays" : "the flags or notes"
    }

    static func short(_ value: Double) -> String { String(format: "%.4g", value) }
}
