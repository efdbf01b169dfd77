extension Kernels {
    /// Halves a float plane: each output pixel is the mean of a 2×2 input block.
    ///
    /// Output size is ⌈w/2⌉ × ⌈h/2⌉; at an odd right or bottom edge the last column or row is
    /// replicated, so edge pixels average what exists. Output (x, y) covers input (2x...2x+1,
    /// 2y...2y+1): in continuous coordinates (origin at pixel centres) output x maps to input 2x + 0.5.
    public enum Downsample2x {
        /// The output size for an input of `size`.
        public static func outputSize(for size: Size) -> Size {
            Size(width: (size.width + 1) / 2, height: (size.height + 1) / 2)
        }

        /// Direct definition.
        public static func reference(_ image: Image<Gray32>) -> Image<Gray32> {
            let out = outputSize(for: image.size)
            var pixels = [Gray32]()
            for y in 0..<out.height {
                for x in 0..<out.width {
                    let x0 = 2 * x, x1 = Swift.min(2 * x + 1, image.width - 1)
                    let y0 = 2 * y, y1 = Swift.min(2 * y + 1, image.height - 1)
                    let sum = (image[x: x0, y: y0].value + image[x: x1, y: y0].value)
                        + (image[x: x0, y: y1].value + image[x: x1, y: y1].value)
                    pixels.append(Gray32(value: sum * 0.25))
                }
            }
            return Image(size: out, pixels: pixels)
        }

        /// `SIMD16<Float>` version (even/odd lane split) in row bands on all cores.
        ///
        /// Equal to ``reference(_:)`` exactly: both add the same four values in the same order
        /// ((a + b) + (c + d)) and scale by 0.25. Results do not depend on `parallel`.
        public static func fast(_ image: Image<Gray32>, parallel: Bool = true) -> Image<Gray32> {
            reduce(image, squared: false, parallel: parallel)
        }

        /// The 2×2 means of the squares of `image`: ``fast(_:parallel:)`` of the plane of squares,
        /// without making that plane (a local RMS reduces squares before blurring them).
        public static func squares(_ image: Image<Gray32>, parallel: Bool = true) -> Image<Gray32> {
            reduce(image, squared: true, parallel: parallel)
        }

        /// Squares of ``squares(_:parallel:)`` by the definition: every value squared, then ``reference(_:)``.
        public static func squaresReference(_ image: Image<Gray32>) -> Image<Gray32> {
            reference(Image(size: image.size, pixels: image.pixels.map { Gray32(value: $0.value * $0.value) }))
        }

        @inline(__always)
        static func reduce(_ image: Image<Gray32>, squared: Bool, parallel: Bool) -> Image<Gray32> {
            let out = outputSize(for: image.size)
            let w = image.width, h = image.height
            var output = Image<Gray32>.uninitialized(size: out)
            image.withUnsafeBufferPointer { source in
                output.withUnsafeMutableBufferPointer { target in
                    let job = PlanePointers(source, target)
                    RowBands.forEach(rowCount: out.height, parallel: parallel) { rows in
                        for y in rows {
                            let top = job.source + (2 &* y) &* w
                            let bottom = job.source + Swift.min(2 &* y &+ 1, h &- 1) &* w
                            let row = job.target + y &* out.width
                            let quarter = SIMD16<Float>(repeating: 0.25)
                            var x = 0
                            // Vector body while 32 input columns exist; the tail handles the odd edge.
                            while 2 &* x &+ 32 <= w {
                                var a0 = load16(top + 2 &* x)
                                var a1 = load16(top + (2 &* x &+ 16))
                                var b0 = load16(bottom + 2 &* x)
                                var b1 = load16(bottom + (2 &* x &+ 16))
                                if squared { a0 *= a0; a1 *= a1; b0 *= b0; b1 *= b1 }
                                let topEven = SIMD16(lowHalf: a0.evenHalf, highHalf: a1.evenHalf)
                                let topOdd = SIMD16(lowHalf: a0.oddHalf, highHalf: a1.oddHalf)
                                let bottomEven = SIMD16(lowHalf: b0.evenHalf, highHalf: b1.evenHalf)
                                let bottomOdd = SIMD16(lowHalf: b0.oddHalf, highHalf: b1.oddHalf)
                                let sum = (topEven + topOdd) + (bottomEven + bottomOdd)
                                store16(sum * quarter, row + x)
                                x &+= 16
                            }
                            while x < out.width {
                                let x0 = 2 &* x, x1 = Swift.min(2 &* x &+ 1, w &- 1)
                                var a = top[x0], b = top[x1], c = bottom[x0], d = bottom[x1]
                                if squared { a *= a; b *= b; c *= c; d *= d }
                                row[x] = ((a + b) + (c + d)) * 0.25
                                x &+= 1
                            }
                        }
                    }
                }
            }
            return output
        }
    }
}
