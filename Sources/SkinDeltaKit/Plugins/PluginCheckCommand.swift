import AnalysisKit
import AnalysisTesting
import ArgumentParser
import Foundation
import PluginHost

/// `skindelta plugins check PATH|ID`: the conformance run, as a pass/fail table.
struct PluginCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Run an analyzer through the conformance checks and print a pass/fail table.",
        discussion: """
        TARGET is an out-of-process plugin's folder (holding skindelta-plugin.json) or the id of an \
        analyzer this skindelta knows (built in, linked into a custom build, or found with --plugins). \
        The checks: a valid declaration; settings that round-trip, refuse unknown members and newer \
        revisions, and migrate from revision 1; on synthetic photos whose true change is known, a result \
        that matches the declaration, is identical twice and on one thread, shows no change on identical \
        photos, changes with the skin, and works on a single photo.

        Exit status: 0 when every check passed, 1 when one failed, 2 when TARGET cannot be loaded.
        """
    )

    @Argument(help: "A plugin folder or an analyzer id.") var target: String
    @Flag(help: "Print JSON instead of a table.") var json = false
    @OptionGroup var plugins: PluginOptions

    struct Output: Encodable {
        var analyzer: String
        var version: String
        var passed: Bool
        var checks: [ConformanceCheck]
    }

    func run() throws {
        let suite: ConformanceSuite
        do {
            suite = try makeSuite()
        } catch {
            StandardOutput.writeError("skindelta: \(target): \(error)\n")
            throw ExitCode(2)
        }
        let checks = suite.run()
        let passed = checks.allSatisfy(\.passed)
        if json {
            try StandardOutput.writeJSON(Output(analyzer: suite.descriptor.id.rawValue, version: suite.descriptor.version,
                                                passed: passed, checks: checks))
        } else {
            let width = max(28, (checks.map(\.name.count).max() ?? 0) + 2)
            var lines = ["\(suite.descriptor.id) \(suite.descriptor.version)"]
            for check in checks {
                lines.append("\(check.passed ? "pass" : "FAIL")  \(check.name.padding(toLength: width, withPad: " ", startingAt: 0))\(check.detail)")
            }
            lines.append(passed ? "all \(checks.count) checks passed" : "\(checks.filter { !$0.passed }.count) of \(checks.count) checks failed")
            StandardOutput.write(lines.joined(separator: "\n") + "\n")
        }
        if !passed { throw ExitCode(1) }
    }

    struct LoadFailure: Error, CustomStringConvertible {
        let description: String
    }

    func makeSuite() throws -> ConformanceSuite {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: target, isDirectory: &isFolder), isFolder.boolValue {
            let folder = URL(fileURLWithPath: target)
            let manifest = try PluginManifest.load(folder: folder)
            return ConformanceSuite(factory: ExternalAnalyzer(manifest: manifest, folder: folder,
                                                              hostDescription: "skindelta \(SkinDeltaVersion.current)"))
        }
        guard let id = AnalyzerID(validating: target) else {
            throw LoadFailure(description: "is neither a plugin folder nor an analyzer id")
        }
        if let type = AnalyzerCatalog.swiftTypes.first(where: { $0.descriptor.id == id }) {
            return Self.suite(type)
        }
        let catalog = try AnalyzerCatalog.registry(plugins)
        guard let plugin = catalog.plugins.first(where: { $0.descriptor.id == id }) else {
            throw LoadFailure(description: "no analyzer has this id (see skindelta analyzers)")
        }
        return ConformanceSuite(factory: plugin)
    }

    static func suite<A: Analyzer>(_ type: A.Type) -> ConformanceSuite { ConformanceSuite(type) }
}
