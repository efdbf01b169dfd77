import Dispatch

/// Splits rows into bands and runs them on all cores.
///
/// Each output row is computed by the same code whatever the banding, so results are identical
/// for any number of threads.
public enum RowBands {
    /// Calls `body(rows)` for disjoint ranges covering `0..<rowCount`, concurrently when `parallel`
    /// and the work is large enough (at least `minimumRowsPerBand` rows a band, at most
    /// `bandsPerCore` bands per core).
    public static func forEach(rowCount: Int, parallel: Bool, minimumRowsPerBand: Int = 16, bandsPerCore: Int = 4,
                               _ body: (Range<Int>) -> Void) {
        let bands = parallel ? max(1, min(CPUCount.online * bandsPerCore, rowCount / max(1, minimumRowsPerBand))) : 1
        if bands == 1 {
            body(0..<rowCount)
            return
        }
        withoutActuallyEscaping(body) { body in
            let box = UncheckedSendable(body)
            DispatchQueue.concurrentPerform(iterations: bands) { band in
                let start = rowCount * band / bands, end = rowCount * (band + 1) / bands
                box.value(start..<end)
            }
        }
    }
}

/// Wraps a value whose thread safety the caller guarantees, typically buffer pointers that
/// concurrent row bands read, or write in disjoint parts.
public struct UncheckedSendable<Value>: @unchecked Sendable {
    public let value: Value
    public init(_ value: Value) { self.value = value }
}

enum CPUCount {
    /// Cores online.
    static let online: Int = {
        #if os(Linux)
        let count = sysconf(Int32(_SC_NPROCESSORS_ONLN))
        return max(1, Int(count))
        #else
        return 1
        #endif
    }()
}

#if os(Linux)
import Glibc
#endif
