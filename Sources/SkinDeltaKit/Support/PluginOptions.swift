import ArgumentParser

/// `--plugins DIR`, repeatable: where to look for out-of-process plugins besides
/// `SKINDELTA_PLUGIN_PATH`.
struct PluginOptions: ParsableArguments {
    @Option(name: .customLong("plugins"),
            help: ArgumentHelp("A plugin folder, or a folder of plugin folders (repeatable; also SKINDELTA_PLUGIN_PATH, colon-separated).",
                               valueName: "dir"))
    var plugins: [String] = []
}
