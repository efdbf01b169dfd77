extension Kernels {
    /// Gaussian pyramid: each level is the previous one smoothed by the 5-tap binomial kernel
    /// [1 4 6 4 1]/16 in both directions (clamp-to-edge borders) and then every second column and
    /// row kept (even indices), so level k is about σ ≈ √(Σ (2ʲ)²)·1 px of blur at 1/2ᵏ scale.
    ///
    /// Output size ⌈w/2⌉ × ⌈h/2⌉; output (x, y) sits on input (2x, 2y) (pixel centres coincide),
    /// unlike ``Downsample2x``, which averages blocks. OpenCV's `pyrDown` uses the same kernel with
    /// mirrored borders, so the two agree away from the outermost two pixels.
    public enum GaussianPyramid {
        static let weights: [Float] = [1, 4, 6, 4, 1]

        /// Direct definition in double precision.
        public static func reference(_ image: Image<Gray32>) -> Image<Gray32> {
            let out = Downsample2x.outputSize(for: image.size)
            let w = image.width, h = image.height
            var pixels = [Gray32]()
            for y in 0..<out.height {
                for x in 0..<out.width {
                    var sum = 0.0
                    for j in -2...2 {
                        for i in -2...2 {
                            let v = image[x: Swift.min(Swift.max(2 * x + i, 0), w - 1), y: Swift.min(Swift.max(2 * y + j, 0), h - 1)]
                            sum += Double(weights[i + 2] * weights[j + 2]) * Double(v.value)
                        }
                    }
                    pixels.append(Gray32(value: Float(sum / 256)))
                }
            }
            return Image(size: out, pixels: pixels)
        }

        /// One level down: vertical 5-tap sum of the five source rows (`SIMD16<Float>`), then the
        /// horizontal taps at even columns only; rows on all cores.
        ///
        /// Tolerance against ``reference(_:)``: |Δ| ≤ 1·10⁻⁶ × max |input|. Results do not depend on
        /// `parallel`.
        public static func fast(_ image: Image<Gray32>, parallel: Bool = true) -> Image<Gray32> {
            let out = Downsample2x.outputSize(for: image.size)
            let w = image.width, h = image.height
            var output = Image<Gray32>.uninitialized(size: out)
            image.withUnsafeBufferPointer { source in
                output.withUnsafeMutableBufferPointer { target in
                    let job = PlanePointers(source, target)
                    RowBands.forEach(rowCount: out.height, parallel: parallel) { rows in
                        // Row of vertical sums, padded by two replicated columns on each side.
                        let padded = UnsafeMutablePointer<Float>.allocate(capacity: w &+ 4)
                        defer { padded.deallocate() }
                        let column = padded + 2
                        for y in rows {
                            let r0 = job.source + Swift.max(2 &* y &- 2, 0) &* w
                            let r1 = job.source + Swift.max(2 &* y &- 1, 0) &* w
                            let r2 = job.source + Swift.min(2 &* y, h &- 1) &* w
                            let r3 = job.source + Swift.min(2 &* y &+ 1, h &- 1) &* w
                            let r4 = job.source + Swift.min(2 &* y &+ 2, h &- 1) &* w
                            let four = SIMD16<Float>(repeating: 4), six = SIMD16<Float>(repeating: 6)
                            var x = 0
                            while x &+ 16 <= w {
                                let sum = (load16(r0 + x) + load16(r4 + x)) + four * (load16(r1 + x) + load16(r3 + x))
                                    + six * load16(r2 + x)
                                store16(sum, column + x)
                                x &+= 16
                            }
                            while x < w {
                                column[x] = (r0[x] + r4[x]) + 4 * (r1[x] + r3[x]) + 6 * r2[x]
                                x &+= 1
                            }
                            padded[0] = column[0]; padded[1] = column[0]
                            column[w] = column[w &- 1]; column[w &+ 1] = column[w &- 1]
                            let row = job.target + y &* out.width
                            for x in 0..<out.width {
                                let c = column + 2 &* x
                                row[x] = ((c[-2] + c[2]) + 4 * (c[-1] + c[1]) + 6 * c[0]) * (1 / 256)
                            }
                        }
                    }
                }
            }
            return output
        }

        /// `image` followed by `count − 1` successively halved levels (fewer if a level reaches 1×1).
        public static func levels(_ image: Image<Gray32>, count: Int, parallel: Bool = true) -> [Image<Gray32>] {
            precondition(count >= 1, "a pyramid has at least one level")
            var result = [image]
            while result.count < count, let last = result.last, last.width > 1 || last.height > 1 {
                result.append(fast(last, parallel: parallel))
            }
            return result
        }
    }
}
