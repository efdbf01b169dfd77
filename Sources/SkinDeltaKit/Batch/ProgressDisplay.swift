import Batch
import Foundation

/// Progress on standard error: a bar with the ETA on a terminal, one plain line per pair otherwise.
final class ProgressDisplay: @unchecked Sendable {
    private let enabled: Bool
    private let isTerminal = isatty(STDERR_FILENO) == 1
    private let lock = NSLock()
    private var drewBar = false

    init(enabled: Bool) {
        self.enabled = enabled
    }

    func show(_ p: BatchRunner.Progress) {
        guard enabled else { return }
        lock.withLock {
            let remaining = p.done > 0 ? p.elapsedSeconds / Double(p.done) * Double(p.total - p.done) : 0
            let eta = String(format: "%d:%02d", Int(remaining) / 60, Int(remaining) % 60)
            if isTerminal {
                let width = 30, filled = p.total > 0 ? width * p.done / p.total : width
                let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
                StandardOutput.writeError("\r\(bar) \(p.done)/\(p.total) pairs, ETA \(eta)  ")
                drewBar = true
            } else {
                StandardOutput.writeError("[\(p.done)/\(p.total)] \(p.job): \(p.status) (ETA \(eta))\n")
            }
        }
    }

    func finish() {
        lock.withLock { if drewBar { StandardOutput.writeError("\n") } }
    }
}
