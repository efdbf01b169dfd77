import ArgumentParser

/// The `skindelta` command-line tool.
struct SkinDeltaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "skindelta",
        abstract: "Measure skin-treatment progress from before/after photos.",
        discussion: SkinDelta.exitStatusScheme,
        version: SkinDeltaVersion.current,
        subcommands: [InspectCommand.self, AlignCommand.self, AnalyzersCommand.self, AnalyzeCommand.self, ScoreCommand.self,
                      ValidateCommand.self, BatchCommand.self, MergeCommand.self, PluginsCommand.self,
                      SynthCommand.self,
                      BenchCommand.self]
    )
}
