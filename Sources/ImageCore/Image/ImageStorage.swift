#if os(Linux)
import Glibc
#endif
import Synchronization

/// The heap buffer behind an ``Image``: `count` pixels, 64-byte aligned, freed on deinit.
///
/// Kernels reach the memory through unsafe buffer pointers only (never through an array held in a
/// class), so that hot loops are free of uniqueness, exclusivity and bounds checks.
///
/// Buffers of 4 MiB and more (a 12 MP RGB8 photo is 36 MB) are mapped directly, 2 MiB-aligned,
/// and marked for transparent huge pages on Linux: the first write to a fresh 36 MB buffer then
/// takes about 18 page faults instead of about 9,000 (measured: 12 ms less per 12 MP JPEG decode).
/// A freed mapping is kept for the next buffer of its length (see `MappingCache`), so a pipeline
/// that makes and drops plane after plane does not have the kernel zero fresh pages each time.
@usableFromInline
final class ImageStorage<Pixel: PixelProtocol>: @unchecked Sendable {
    /// Alignment of every pixel buffer, in bytes: one cache line, and one AVX-512 vector.
    @usableFromInline static var alignment: Int { 64 }
    /// Size from which buffers are mapped with huge pages.
    static var hugePageThreshold: Int { 4 << 20 }
    static var hugePageSize: Int { 2 << 20 }

    @usableFromInline let base: UnsafeMutablePointer<Pixel>
    @usableFromInline let count: Int
    /// The whole mapping when the buffer was mapped (`nil` for ordinary allocations).
    private let mapping: (start: UnsafeMutableRawPointer, length: Int)?

    /// Allocates uninitialized memory for `count` pixels. The caller initializes every pixel.
    @usableFromInline
    init(uninitializedCount count: Int) {
        precondition(count >= 0, "pixel count must not be negative")
        let (bytes, overflow) = count.multipliedReportingOverflow(by: MemoryLayout<Pixel>.stride)
        precondition(!overflow, "pixel buffer size overflows Int")
        self.count = count
        ImageMemory.allocated(bytes)
        if bytes >= Self.hugePageThreshold, let (start, length, aligned) = Self.mapHugePages(byteCount: bytes) {
            self.mapping = (start, length)
            self.base = aligned.bindMemory(to: Pixel.self, capacity: count)
        } else {
            let raw = UnsafeMutableRawPointer.allocate(byteCount: max(bytes, 1), alignment: Self.alignment)
            self.mapping = nil
            self.base = raw.bindMemory(to: Pixel.self, capacity: count)
        }
    }

    /// An anonymous mapping with a 2 MiB-aligned region of `byteCount` bytes inside, advised for
    /// huge pages; `nil` where mapping is unavailable (then ordinary allocation is used).
    private static func mapHugePages(byteCount: Int) -> (UnsafeMutableRawPointer, Int, UnsafeMutableRawPointer)? {
        #if os(Linux)
        let page = hugePageSize
        let (rounded, overflow) = byteCount.addingReportingOverflow(2 * page)
        guard !overflow else { return nil }
        let length = rounded & ~(page - 1)
        if let start = MappingCache.take(length: length) {
            let aligned = UnsafeMutableRawPointer(bitPattern: (Int(bitPattern: start) + page - 1) & ~(page - 1))!
            return (start, length, aligned)
        }
        guard let start = mmap(nil, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
              start != MAP_FAILED else { return nil }
        let address = Int(bitPattern: start)
        let aligned = UnsafeMutableRawPointer(bitPattern: (address + page - 1) & ~(page - 1))!
        _ = madvise(aligned, length - (Int(bitPattern: aligned) - address), MADV_HUGEPAGE)
        return (start, length, aligned)
        #else
        return nil
        #endif
    }

    @usableFromInline
    func copy() -> ImageStorage<Pixel> {
        let clone = ImageStorage(uninitializedCount: count)
        clone.base.initialize(from: base, count: count)
        return clone
    }

    deinit {
        ImageMemory.freed(count * MemoryLayout<Pixel>.stride)
        #if os(Linux)
        if let mapping {
            if !MappingCache.keep(mapping.start, length: mapping.length) { munmap(mapping.start, mapping.length) }
            return
        }
        #endif
        UnsafeMutableRawPointer(base).deallocate()
    }
}

/// How many bytes of pixels the process holds in images, and the most it held since the last
/// ``resetPeak()``: what a benchmark reports per stage (the process's resident memory also counts
/// the kept mappings of `MappingCache`, the code and everything else).
public enum ImageMemory {
    private static let live = Atomic<Int>(0)
    private static let highWater = Atomic<Int>(0)

    /// Bytes of pixels held now.
    public static var liveBytes: Int { live.load(ordering: .relaxed) }

    /// The most bytes of pixels held at once since the last ``resetPeak()``.
    public static var peakBytes: Int { highWater.load(ordering: .relaxed) }

    /// Starts a new high-water mark at the bytes held now.
    public static func resetPeak() { highWater.store(live.load(ordering: .relaxed), ordering: .relaxed) }

    static func allocated(_ bytes: Int) {
        let now = live.add(bytes, ordering: .relaxed).newValue
        _ = highWater.max(now, ordering: .relaxed)
    }

    static func freed(_ bytes: Int) {
        live.subtract(bytes, ordering: .relaxed)
    }
}

/// Freed pixel mappings kept for reuse, by length, up to ``capacityBytes`` in all: 2 GiB, or an
/// eighth of the physical memory if that is less (at least 256 MiB). A 12 MP pair holds up to
/// 1.5 GB of pixels at once and frees and makes some twenty 48 MB planes per stage: with 384 MiB
/// kept, page zeroing took 1.7 s of a 10 s pair; with 1 GiB, the next pair of a batch still had
/// 1.2 s of its 6.8 s zeroed afresh, with 2 GiB none. A new buffer of
/// a length held takes one instead of mapping fresh memory, which the kernel would first zero:
/// with every plane of a 3 MP pair newly mapped, page zeroing was a fifth of the run time.
/// Contents of a reused mapping are whatever it held; buffers are uninitialized by contract.
enum MappingCache {
    /// At most this many bytes of freed mappings are kept (then they are unmapped).
    static let capacityBytes: Int = {
        #if os(Linux)
        let physical = Int(sysconf(Int32(_SC_PHYS_PAGES))) * Int(sysconf(Int32(_SC_PAGESIZE)))
        if physical > 0 { return max(256 << 20, min(2048 << 20, physical / 8)) }
        #endif
        return 1024 << 20
    }()

    private static let state = Mutex<(free: [Int: [UncheckedSendable<UnsafeMutableRawPointer>]], bytes: Int)>(([:], 0))

    /// A kept mapping of exactly `length` bytes, or nil.
    static func take(length: Int) -> UnsafeMutableRawPointer? {
        state.withLock { state in
            guard let kept = state.free[length]?.popLast() else { return nil }
            state.bytes -= length
            return kept.value
        }
    }

    /// Keeps the mapping for reuse; false when the cache is full (the caller unmaps it).
    static func keep(_ start: UnsafeMutableRawPointer, length: Int) -> Bool {
        state.withLock { state in
            guard state.bytes + length <= capacityBytes else { return false }
            state.free[length, default: []].append(UncheckedSendable(start))
            state.bytes += length
            return true
        }
    }
}
