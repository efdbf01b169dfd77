#if canImport(Glibc)
import Glibc
#endif

/// How the process gives memory back to the system between pairs (glibc's allocator; nothing
/// happens elsewhere). The functions are found at run time, so a C library without them is no error.
///
/// By default glibc raises its mmap threshold to the largest block freed so far (up to 32 MiB),
/// after which a pair's plane-sized temporaries come from the heap, interleave with the results a
/// batch keeps, and the freed holes are not given back: a batch's resident memory grew by about
/// 2 MB per photo (280 MB for 100 photos at 320×240, 715 MB for 300).
public enum Allocator {
    /// Fixes the mmap threshold at 128 KiB (`mallopt(M_MMAP_THRESHOLD, …)`): every block of that
    /// size or more is mapped, and unmapped when freed. Call once, before any work.
    public static func fixMapThreshold() {
        #if canImport(Glibc)
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        let mmapThreshold: Int32 = -3  // M_MMAP_THRESHOLD in <malloc.h>
        guard let symbol = function("mallopt") else { return }
        _ = unsafeBitCast(symbol, to: Mallopt.self)(mmapThreshold, 128 << 10)
        #endif
    }

    /// Gives the whole free pages inside the heap back to the system (`malloc_trim(0)`), the holes
    /// that a pair's smaller temporaries leave between the results kept.
    public static func returnFreePages() {
        #if canImport(Glibc)
        typealias MallocTrim = @convention(c) (Int) -> Int32
        guard let symbol = function("malloc_trim") else { return }
        _ = unsafeBitCast(symbol, to: MallocTrim.self)(0)
        #endif
    }

    #if canImport(Glibc)
    private static func function(_ name: String) -> UnsafeMutableRawPointer? {
        dlsym(UnsafeMutableRawPointer(bitPattern: 0), name)  // RTLD_DEFAULT: every loaded library
    }
    #endif
}
