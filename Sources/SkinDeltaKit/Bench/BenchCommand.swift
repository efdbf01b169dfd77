import ArgumentParser

/// `skindelta bench ...`: speed measurements. Build with `-c release` before trusting the figures.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure the speed of SkinDelta's stages (build with -c release first).",
        subcommands: [DecodeBenchCommand.self, KernelBenchCommand.self, KernelExportCommand.self, AlignBenchCommand.self,
                      AnalyzeBenchCommand.self, PipelineBenchCommand.self, TextureExportCommand.self, PluginBenchCommand.self,
                      CaptureProfileBenchCommand.self]
    )
}
