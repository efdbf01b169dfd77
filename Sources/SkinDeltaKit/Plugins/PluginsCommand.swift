import ArgumentParser

/// `skindelta plugins`: conformance checks and scaffolding for analyzer authors.
struct PluginsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plugins",
        abstract: "Check an analyzer against the rules every analyzer must follow, or start a new plugin.",
        subcommands: [PluginCheckCommand.self, PluginNewCommand.self]
    )
}
