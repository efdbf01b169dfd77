#if canImport(Glibc)
import Glibc

// Every plane and temporary array of a pair is allocated and freed many times over. By default
// glibc maps each large block afresh and unmaps it when freed, so the kernel zeroes new pages for
// every one (measured at 0.8–3 s per GiB on a 2-core virtual machine). Taking large blocks from the heap and
// keeping freed memory there lets later blocks reuse it: about 200,000 fewer page faults per
// 12 MP pair. `mallopt` is looked up at run time (it is not in Glibc's Swift module).
if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") {
    typealias MallocOption = @convention(c) (Int32, Int32) -> Int32
    let mallopt = unsafeBitCast(symbol, to: MallocOption.self)
    _ = mallopt(-4, 0)  // M_MMAP_MAX: no block is mapped on its own
    _ = mallopt(-1, Int32.max)  // M_TRIM_THRESHOLD: freed memory stays for reuse
}
#endif
import SkinDeltaKit

SkinDelta.main()
