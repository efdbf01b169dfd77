import AnalysisKit
import ArgumentParser
import Foundation

/// `skindelta plugins new NAME [--python|--swift]`: a working plugin with a test.
struct PluginNewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Write a new, working plugin (mean L*) with a test, ready to change into your own measure.",
        discussion: """
        --python (the default) writes an out-of-process plugin: skindelta-plugin.json, analyzer.py, \
        test_analyzer.py and the helper skindelta_plugin.py (numpy only). Try it with \
        `python3 -m unittest test_analyzer` and `skindelta plugins check NAME`; use it with \
        `skindelta batch … --plugins NAME`.

        --swift writes a Swift package whose own skindelta (`swift run NAME-skindelta`) knows the \
        analyzer, with a test running the conformance checks (`swift test`).
        """
    )

    enum Language: String, EnumerableFlag {
        case python, swift
    }

    @Argument(help: "The plugin's name (also its folder's).") var name: String
    @Flag(help: "The plugin's language.") var language: Language = .python
    @Option(help: "The analyzer id, reverse-DNS (default org.example.<name>).") var id: String?
    @Option(help: "Folder to create the plugin in.") var output = "."
    @Option(help: "For --swift: the SkinDelta package to depend on, a path or a git URL (default: this build's source folder).")
    var skindelta: String?

    func run() throws {
        let slug = PluginTemplates.slug(name)
        guard !slug.isEmpty else { throw ValidationError("“\(name)” has no letters to make an id from") }
        let analyzerID = id ?? "org.example.\(slug)"
        guard AnalyzerID.isValid(analyzerID) else {
            throw ValidationError("“\(analyzerID)” is not a reverse-DNS id (lower case, like org.example.texture)")
        }
        let folder = URL(fileURLWithPath: output).appendingPathComponent(name)
        guard !FileManager.default.fileExists(atPath: folder.path) else {
            throw ValidationError("\(folder.path) already exists; nothing was written")
        }
        let files: [(path: String, text: String)]
        switch language {
        case .python:
            files = try PluginTemplates.pythonFiles(name: name, id: analyzerID)
        case .swift:
            guard let package = skindelta ?? Self.sourceFolder() else {
                throw ValidationError("this skindelta was not built from a source folder that still exists; give --skindelta PATH-OR-URL")
            }
            files = PluginTemplates.swiftFiles(name: name, id: analyzerID, skindelta: package)
        }
        for file in files {
            let url = folder.appendingPathComponent(file.path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(file.text.utf8).write(to: url, options: .atomic)
        }
        let next = switch language {
        case .python: "cd \(folder.path) && python3 -m unittest test_analyzer && skindelta plugins check ."
        case .swift: "cd \(folder.path) && swift test && swift run \(PluginTemplates.slug(name))-skindelta analyzers"
        }
        StandardOutput.write("wrote \(files.count) files into \(folder.path) (analyzer \(analyzerID))\nnext: \(next)\n")
    }

    /// The SkinDelta package this binary was built from, if that folder still holds it.
    static func sourceFolder() -> String? {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) ? url.path : nil
    }
}
