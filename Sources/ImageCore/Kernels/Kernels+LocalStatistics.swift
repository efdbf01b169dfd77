extension Kernels {
    /// Local mean and variance in a square window, optionally restricted to a mask (a box filter
    /// when there is no mask).
    ///
    /// For pixel (x, y) the window is columns x−r...x+r and rows y−r...y+r, cut at the image edge
    /// (no padding: edge windows hold fewer pixels), and only pixels whose mask value is non-zero
    /// count (non-finite values never count). mean = Σv/n, variance = Σ(v − mean)²/n (population
    /// variance, units of input²). Where a window holds no counted pixel both are NaN, so "no data"
    /// is never read as zero. Radius at most 300 pixels.
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
                        where (mask.map({ $0[x: xx, y: yy].value != 0 }) ?? true) && image[x: xx, y: yy].value.isFinite {
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

        /// Exact integer window sums: values are converted to 26-bit fixed point (scaled by the
        /// power of two that fits the largest |v|), squares kept to 44 bits, and each row band slides
        /// its window down with running column sums of per-row window sums. Integer sums do not
        /// depend on order, so results are identical for any banding; the cost does not depend on
        /// the radius beyond the row updates.
        ///
        /// Tolerance against ``reference(_:radius:mask:)``: |Δmean| ≤ 1·10⁻⁶ × max |v| and
        /// |Δvariance| ≤ 1·10⁻⁶ × max v² (fixed-point quantisation of 2⁻²⁶ × max |v|, then
        /// single-precision output). NaN in the same places. Results do not depend on `parallel`.
        public static func fast(_ image: Image<Gray32>, radius: Int, mask: Image<Gray8>? = nil,
                                parallel: Bool = true) -> Result {
            precondition((0...300).contains(radius), "radius must be in 0...300")
            precondition(mask == nil || mask!.size == image.size, "mask size differs from image size")
            let w = image.width, h = image.height
            let largest = image.pixels.reduce(Float(0)) { $1.value.isFinite ? Swift.max($0, abs($1.value)) : $0 }
            let shift = largest > 0 ? 25 - Int(largest.exponent) : 0
            let scale = Double(sign: .plus, exponent: shift, significand: 1)
            var mean = Image<Gray32>.uninitialized(size: image.size)
            var variance = Image<Gray32>.uninitialized(size: image.size)
            image.withUnsafeBufferPointer { source in
                Statistics.withMask(mask) { gate in
                    mean.withUnsafeMutableBufferPointer { meanOut in
                        variance.withUnsafeMutableBufferPointer { varianceOut in
                            let job = Job(values: UnsafeRawPointer(source.baseAddress!).assumingMemoryBound(to: Float.self),
                                          mask: gate, mean: UnsafeMutableRawPointer(meanOut.baseAddress!).assumingMemoryBound(to: Float.self),
                                          variance: UnsafeMutableRawPointer(varianceOut.baseAddress!).assumingMemoryBound(to: Float.self),
                                          width: w, height: h, radius: radius, scale: scale)
                            RowBands.forEach(rowCount: h, parallel: parallel, minimumRowsPerBand: Swift.max(64, 4 * radius),
                                             bandsPerCore: 1) { rows in
                                band(job, rows: rows)
                            }
                        }
                    }
                }
            }
            return Result(mean: mean, variance: variance)
        }

        struct Job: @unchecked Sendable {
            let values: UnsafePointer<Float>
            let mask: UnsafePointer<UInt8>?
            let mean: UnsafeMutablePointer<Float>
            let variance: UnsafeMutablePointer<Float>
            let width: Int, height: Int, radius: Int
            let scale: Double
        }

        /// One band of output rows: running column sums of the per-row window sums (S of v, Q of
        /// v²/256, N of counted pixels, all in fixed point). Each row's window sums are computed once
        /// into a ring of 2r+2 rows, so the row leaving the window is subtracted from the ring.
        static func band(_ job: Job, rows: Range<Int>) {
            let w = job.width, r = job.radius
            let ringRows = 2 &* r &+ 2
            let columns = UnsafeMutablePointer<Int64>.allocate(capacity: 3 &* w)
            let prefix = UnsafeMutablePointer<Int64>.allocate(capacity: 3 &* (w &+ 1))
            let ring = UnsafeMutablePointer<Int64>.allocate(capacity: 3 &* w &* ringRows)
            defer { columns.deallocate(); prefix.deallocate(); ring.deallocate() }
            columns.initialize(repeating: 0, count: 3 &* w)
            let sumS = columns, sumQ = columns + w, sumN = columns + 2 &* w

            /// Row y's window sums, in its ring slot (S, Q, N one after another).
            func slot(_ y: Int) -> UnsafeMutablePointer<Int64> { ring + (y % ringRows) &* 3 &* w }

            func add(row y: Int) {
                let ps = prefix, pq = prefix + (w &+ 1), pn = prefix + 2 &* (w &+ 1)
                ps[0] = 0; pq[0] = 0; pn[0] = 0
                let values = job.values + y &* w
                for x in 0..<w {
                    let v = values[x]
                    var counted = v.isFinite
                    if let m = job.mask, m[y &* w &+ x] == 0 { counted = false }
                    let fixed: Int64 = counted ? Int64((Double(v) * job.scale).rounded(.toNearestOrEven)) : 0
                    ps[x &+ 1] = ps[x] &+ fixed
                    pq[x &+ 1] = pq[x] &+ ((fixed &* fixed) >> 8)
                    pn[x &+ 1] = pn[x] &+ (counted ? 1 : 0)
                }
                let cached = slot(y)
                for x in 0..<w {
                    let low = Swift.max(0, x &- r), high = Swift.min(w, x &+ r &+ 1)
                    cached[x] = ps[high] &- ps[low]
                    cached[w &+ x] = pq[high] &- pq[low]
                    cached[2 &* w &+ x] = pn[high] &- pn[low]
                }
                for x in 0..<(3 &* w) { columns[x] &+= cached[x] }
            }

            func remove(row y: Int) {
                let cached = slot(y)
                for x in 0..<(3 &* w) { columns[x] &-= cached[x] }
            }

            for y in Swift.max(0, rows.lowerBound &- r)..<Swift.min(job.height, rows.lowerBound &+ r &+ 1) {
                add(row: y)
            }
            let inverseScale = 1 / job.scale
            for y in rows {
                if y > rows.lowerBound {
                    if y &- r &- 1 >= 0 { remove(row: y &- r &- 1) }
                    if y &+ r < job.height { add(row: y &+ r) }
                }
                let meanRow = job.mean + y &* w, varianceRow = job.variance + y &* w
                for x in 0..<w {
                    let n = sumN[x]
                    guard n > 0 else { meanRow[x] = .nan; varianceRow[x] = .nan; continue }
                    let count = Double(n)
                    let m = Double(sumS[x]) / count
                    let spread = Swift.max(0, Double(sumQ[x]) * 256 / count - m * m)
                    meanRow[x] = Float(m * inverseScale)
                    varianceRow[x] = Float(spread * inverseScale * inverseScale)
                }
            }
        }
    }
}
