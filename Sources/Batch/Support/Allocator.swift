#if canImport(Glibc)
import Glibc
#endif

/// How a batch gives memory back to the system between pairs (glibc's allocator; nothing happens
/// elsewhere). The function is found at run time, so a C library without it is no error.
///
/// A pair's plane-sized temporaries below glibc's mmap threshold come from the heap and interleave
/// with the results the batch keeps; freed, they leave holes that glibc does not give back by
/// itself: a batch's resident memory grew by about 2 MB per photo (280 MB for 100 photos at
/// 320×240, 715 MB for 300).
public enum Allocator {
    /// Gives the whole free pages inside the heap back to the system (`malloc_trim(0)`), the holes
    /// that a pair's temporaries leave between the results kept.
    ///
    /// Fixing the mmap threshold instead (`mallopt(M_MMAP_THRESHOLD, 128 KiB)`) also bounded the
    /// memory, but every plane of a small photo was then mapped and zeroed afresh: a 200-photo
    /// batch at 320×240 took 44 s instead of 33 s.
    public static func returnFreePages() {
        #if canImport(Glibc)
        typealias MallocTrim = @convention(c) (Int) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return }  // RTLD_DEFAULT
        _ = unsafeBitCast(symbol, to: MallocTrim.self)(0)
        #endif
    }
}
