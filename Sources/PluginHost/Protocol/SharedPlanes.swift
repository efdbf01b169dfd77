import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A memory-mapped file that carries a request's planes and mask when the worker chose the
/// `sharedMemory` transport: SkinDelta copies each array into it once and the worker maps the
/// same pages, instead of both copying every byte through the pipe. The file lives in `/dev/shm`
/// when that exists (else the temporary folder), is reused for every request, grows when a
/// request needs more, and is deleted when the worker stops.
final class SharedPlanes {
    /// Arrays start at multiples of this many bytes.
    static let alignment = 64

    let path: String
    private let descriptor: Int32
    private var base: UnsafeMutableRawPointer?
    private var capacity = 0

    init?(label: String) {
        let folder = FileManager.default.isWritableFile(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
        path = (folder as NSString).appendingPathComponent("skindelta-\(label)-\(getpid())-\(UUID().uuidString.prefix(8)).planes")
        descriptor = open(path, O_CREAT | O_RDWR | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { return nil }
    }

    deinit {
        if let base { munmap(base, capacity) }
        close(descriptor)
        unlink(path)
    }

    /// Byte offsets of arrays of `sizes` bytes laid out in order, and the total.
    static func layout(_ sizes: [Int]) -> (offsets: [Int], total: Int) {
        var offsets: [Int] = [], cursor = 0
        for size in sizes {
            offsets.append(cursor)
            cursor += (size + alignment - 1) / alignment * alignment
        }
        return (offsets, cursor)
    }

    /// Makes room for `total` bytes; false when the file cannot grow or be mapped.
    func reserve(_ total: Int) -> Bool {
        if total <= capacity, base != nil { return true }
        if let base { munmap(base, capacity) }
        base = nil
        capacity = 0
        guard ftruncate(descriptor, off_t(total)) == 0 else { return false }
        guard let mapped = mmap(nil, total, PROT_READ | PROT_WRITE, MAP_SHARED, descriptor, 0), mapped != MAP_FAILED else { return false }
        base = mapped
        capacity = total
        return true
    }

    /// Copies `bytes` to `offset` (within the reserved size).
    func write(_ bytes: UnsafeRawBufferPointer, at offset: Int) {
        guard let base, offset + bytes.count <= capacity, let source = bytes.baseAddress else { return }
        memcpy(base + offset, source, bytes.count)
    }
}
