/// Unaligned vector loads and stores on float buffers.
@inline(__always)
func load16(_ pointer: UnsafePointer<Float>) -> SIMD16<Float> {
    UnsafeRawPointer(pointer).loadUnaligned(as: SIMD16<Float>.self)
}

@inline(__always)
func store16(_ value: SIMD16<Float>, _ pointer: UnsafeMutablePointer<Float>) {
    UnsafeMutableRawPointer(pointer).storeBytes(of: value, as: SIMD16<Float>.self)
}

@inline(__always)
func store8(_ value: SIMD8<Float>, _ pointer: UnsafeMutablePointer<Float>) {
    UnsafeMutableRawPointer(pointer).storeBytes(of: value, as: SIMD8<Float>.self)
}

/// The source and target float buffers of a plane kernel, shared across row bands (each band
/// writes disjoint rows of `target`).
struct PlanePointers: @unchecked Sendable {
    let source: UnsafePointer<Float>
    let target: UnsafeMutablePointer<Float>

    init(_ source: UnsafeBufferPointer<Gray32>, _ target: UnsafeMutableBufferPointer<Gray32>) {
        self.source = UnsafeRawPointer(source.baseAddress!).assumingMemoryBound(to: Float.self)
        self.target = UnsafeMutableRawPointer(target.baseAddress!).assumingMemoryBound(to: Float.self)
    }
}
