/// The tool's version, printed by `skindelta --version` and recorded in outputs.
enum SkinDeltaVersion {
    static let current = "0.1.0"
}
