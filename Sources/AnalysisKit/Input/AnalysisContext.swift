/// How an analysis runs. Results never depend on it: ``parallel`` only changes the speed.
public struct AnalysisContext: Sendable {
    /// Whether kernels may use every core.
    public var parallel: Bool

    public init(parallel: Bool = true) {
        self.parallel = parallel
    }
}
