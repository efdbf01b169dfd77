extension Kernels {
    /// Halves a mask: an output pixel is set (255) when every pixel of its 2×2 input block is set
    /// (non-zero), so a reduced mask never reaches past the full-resolution one.
    ///
    /// Geometry as ``Downsample2x``: output size ⌈w/2⌉ × ⌈h/2⌉, the last column or row replicated
    /// at an odd edge; output (x, y) covers input (2x...2x+1, 2y...2y+1).
    public enum MaskDownsample2x {
        /// Direct definition.
        public static func reference(_ mask: Image<Gray8>) -> Image<Gray8> {
            let out = Downsample2x.outputSize(for: mask.size)
            var pixels = [Gray8]()
            pixels.reserveCapacity(out.width * out.height)
            for y in 0..<out.height {
                for x in 0..<out.width {
                    let x1 = Swift.min(2 * x + 1, mask.width - 1), y1 = Swift.min(2 * y + 1, mask.height - 1)
                    let all = mask[x: 2 * x, y: 2 * y].value != 0 && mask[x: x1, y: 2 * y].value != 0
                        && mask[x: 2 * x, y: y1].value != 0 && mask[x: x1, y: y1].value != 0
                    pixels.append(Gray8(value: all ? 255 : 0))
                }
            }
            return Image(size: out, pixels: pixels)
        }

        /// Branch-free row loop over unsafe buffers, in row bands on all cores; equal to
        /// ``reference(_:)`` exactly. Results do not depend on `parallel`.
        public static func fast(_ mask: Image<Gray8>, parallel: Bool = true) -> Image<Gray8> {
            let out = Downsample2x.outputSize(for: mask.size)
            let w = mask.width, h = mask.height, outWidth = out.width
            var output = Image<Gray8>.uninitialized(size: out)
            mask.withUnsafeBufferPointer { source in
                output.withUnsafeMutableBufferPointer { target in
                    let job = BytePointers(source: UnsafeRawPointer(source.baseAddress!).assumingMemoryBound(to: UInt8.self),
                                           target: UnsafeMutableRawPointer(target.baseAddress!).assumingMemoryBound(to: UInt8.self))
                    RowBands.forEach(rowCount: out.height, parallel: parallel) { rows in
                        for y in rows {
                            let top = job.source + (2 &* y) &* w
                            let bottom = job.source + Swift.min(2 &* y &+ 1, h &- 1) &* w
                            let row = job.target + y &* outWidth
                            for x in 0..<outWidth {
                                let x0 = 2 &* x, x1 = Swift.min(2 &* x &+ 1, w &- 1)
                                let all = (top[x0] != 0) && (top[x1] != 0) && (bottom[x0] != 0) && (bottom[x1] != 0)
                                row[x] = all ? 255 : 0
                            }
                        }
                    }
                }
            }
            return output
        }
    }

    struct BytePointers: @unchecked Sendable {
        let source: UnsafePointer<UInt8>
        let target: UnsafeMutablePointer<UInt8>
    }
}
