/// The heap buffer behind an ``Image``: `count` pixels, 64-byte aligned, freed on deinit.
///
/// Kernels reach the memory through unsafe buffer pointers only (never through an array held in a
/// class), so that hot loops are free of uniqueness, exclusivity and bounds checks.
@usableFromInline
final class ImageStorage<Pixel: PixelProtocol>: @unchecked Sendable {
    /// Alignment of every pixel buffer, in bytes: one cache line, and one AVX-512 vector.
    @usableFromInline static var alignment: Int { 64 }

    @usableFromInline let base: UnsafeMutablePointer<Pixel>
    @usableFromInline let count: Int

    /// Allocates uninitialized memory for `count` pixels. The caller initializes every pixel.
    @usableFromInline
    init(uninitializedCount count: Int) {
        precondition(count >= 0, "pixel count must not be negative")
        let (bytes, overflow) = count.multipliedReportingOverflow(by: MemoryLayout<Pixel>.stride)
        precondition(!overflow, "pixel buffer size overflows Int")
        let raw = UnsafeMutableRawPointer.allocate(byteCount: max(bytes, 1), alignment: Self.alignment)
        self.base = raw.bindMemory(to: Pixel.self, capacity: count)
        self.count = count
    }

    @usableFromInline
    func copy() -> ImageStorage<Pixel> {
        let clone = ImageStorage(uninitializedCount: count)
        clone.base.initialize(from: base, count: count)
        return clone
    }

    deinit {
        UnsafeMutableRawPointer(base).deallocate()
    }
}
