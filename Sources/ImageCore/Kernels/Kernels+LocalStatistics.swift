extension Kernels {
    /// Local mean and variance in a square window, optionally restricted to a mask (a box filter
    /// when there is no mask).
    ///
    /// For pixel (x, y) the window is columns x−r...x+r and rows y−r...y+r, cut at the image edge
    /// (no padding: edge windows hold fewer pixels), and only pixels whose mask value is non-zero
    /// count. mean = Σv/n, variance = Σv²/n − mean² (population variance, units of input²).
    /// Where a window holds no counted pixel both are NaN, so "no data" is never read as zero.
    public enum LocalStatistics {
        /// The mean and variance planes, each of the input's size.
        public struct Result: Sendable, Equatable {
            public var mean: Image<Gray32>
            public var variance: Image<Gray32>
        }

        /// Direct definition in double precision (two-pass mean then variance per window).
        public static func reference(_ image: Image<Gray32>, radius: Int, mask: Image<Gray8>? = nil) -> Result {
            precondition(radius >= 0, "radius must not be negative")
            let w = image.width, h = image.height
            var mean = [Gray32](), variance = [Gray32]()
            for y in 0..<h {
                for x in 0..<w {
                    var values = [Double]()
                    for yy in Swift.max(0, y - radius)...Swift.min(h - 1, y + radius) {
                        for xx in Swift.max(0, x - radius)...Swift.min(w - 1, x + radius)
                        where mask.map({ $0[x: xx, y: yy].value != 0 }) ?? true {
                            values.append(Double(image[x: xx, y: yy].value))
                        }
                    }
                    if values.isEmpty {
                        mean.append(Gray32(value: .nan))
                        variance.append(Gray32(value: .nan))
                        continue
                    }
                    let m = values.reduce(0, +) / Double(values.count)
                    let v = values.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(values.count)
                    mean.append(Gray32(value: Float(m)))
                    variance.append(Gray32(value: Float(v)))
                }
            }
            return Result(mean: Image(size: image.size, pixels: mean), variance: Image(size: image.size, pixels: variance))
        }

        /// Summed-area tables (``IntegralImage``) of v, v² and the mask, then four look-ups per
        /// pixel, rows on all cores; the cost does not depend on the radius.
        ///
        /// Tolerance against ``reference(_:radius:mask:)``: |Δmean| ≤ 1·10⁻⁵ × max |v| and
        /// |Δvariance| ≤ 1·10⁻⁵ × max v² (cancellation in Σv²/n − mean²; negative results are
        /// clamped to 0). NaN in the same places. Results do not depend on `parallel`.
        public static func fast(_ image: Image<Gray32>, radius: Int, mask: Image<Gray8>? = nil,
                                parallel: Bool = true) -> Result {
            precondition(radius >= 0, "radius must not be negative")
            let sums = IntegralImage(image, mask: mask, parallel: parallel)
            let squares = IntegralImage(image, squared: true, mask: mask, parallel: parallel)
            let counts = mask.map { mask in
                IntegralImage(Image(size: mask.size, pixels: mask.pixels.map { Gray32(value: $0.value == 0 ? 0 : 1) }),
                              parallel: parallel)
            }
            var mean = Image<Gray32>.uninitialized(size: image.size)
            var variance = Image<Gray32>.uninitialized(size: image.size)
            let w = image.width, h = image.height, stride = w + 1
            sums.sums.withUnsafeBufferPointer { s1 in
                squares.sums.withUnsafeBufferPointer { s2 in
                    withOptionalTable(counts) { n in
                        mean.withUnsafeMutableBufferPointer { meanOut in
                            variance.withUnsafeMutableBufferPointer { varianceOut in
                                let job = UncheckedSendable((s1.baseAddress!, s2.baseAddress!, n,
                                                             meanOut.baseAddress!, varianceOut.baseAddress!))
                                RowBands.forEach(rowCount: h, parallel: parallel) { rows in
                                    let (s1, s2, n, meanOut, varianceOut) = job.value
                                    for y in rows {
                                        let top = Swift.max(0, y &- radius) &* stride
                                        let bottom = (Swift.min(h &- 1, y &+ radius) &+ 1) &* stride
                                        let height = Double(Swift.min(h &- 1, y &+ radius) &+ 1 &- Swift.max(0, y &- radius))
                                        for x in 0..<w {
                                            let left = Swift.max(0, x &- radius), right = Swift.min(w &- 1, x &+ radius) &+ 1
                                            @inline(__always) func box(_ t: UnsafePointer<Double>) -> Double {
                                                (t[bottom &+ right] - t[top &+ right]) - (t[bottom &+ left] - t[top &+ left])
                                            }
                                            let count = n.map { box($0) } ?? height * Double(right &- left)
                                            let index = y &* w &+ x
                                            if count < 0.5 {
                                                meanOut[index] = Gray32(value: .nan)
                                                varianceOut[index] = Gray32(value: .nan)
                                                continue
                                            }
                                            let m = box(s1) / count
                                            meanOut[index] = Gray32(value: Float(m))
                                            varianceOut[index] = Gray32(value: Float(Swift.max(0, box(s2) / count - m * m)))
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            return Result(mean: mean, variance: variance)
        }

        private static func withOptionalTable(_ table: IntegralImage?, _ body: (UnsafePointer<Double>?) -> Void) {
            guard let table else { return body(nil) }
            table.sums.withUnsafeBufferPointer { body($0.baseAddress!) }
        }
    }
}
