import Dispatch
import Foundation
import ImageCore

/// Wall-clock time spent in each stage of the pipeline, for benchmarks (`skindelta bench pipeline`).
/// Stages are recorded in the order they ran; a stage run twice adds up. Each stage also records
/// the most bytes of image pixels held while it ran (``ImageMemory``), meaningful when stages run
/// one at a time.
public final class StageTimes: @unchecked Sendable {
    private let lock = NSLock()
    private var order: [String] = []
    private var seconds: [String: Double] = [:]
    private var peaks: [String: Int] = [:]

    public init() {}

    /// Runs `body` and adds its duration to `stage`.
    public func measure<T, E: Error>(_ stage: String, _ body: () throws(E) -> T) throws(E) -> T {
        ImageMemory.resetPeak()
        let start = DispatchTime.now().uptimeNanoseconds
        defer {
            add(stage, seconds: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            let peak = ImageMemory.peakBytes
            lock.withLock { peaks[stage] = max(peaks[stage] ?? 0, peak) }
        }
        return try body()
    }

    /// The most bytes of image pixels held at once during `stage` (0 for a stage not measured).
    public func peakImageBytes(_ stage: String) -> Int {
        lock.withLock { peaks[stage] ?? 0 }
    }

    /// Adds `seconds` to `stage`.
    public func add(_ stage: String, seconds value: Double) {
        lock.withLock {
            if seconds[stage] == nil { order.append(stage) }
            seconds[stage, default: 0] += value
        }
    }

    /// The stages in the order first recorded, with their total seconds.
    public var entries: [(stage: String, seconds: Double)] {
        lock.withLock { order.map { ($0, seconds[$0]!) } }
    }
}

extension Optional where Wrapped == StageTimes {
    /// `body`, timed under `stage` when there is a clock.
    func measure<T, E: Error>(_ stage: String, _ body: () throws(E) -> T) throws(E) -> T {
        switch self {
        case .some(let times): try times.measure(stage, body)
        case .none: try body()
        }
    }
}
