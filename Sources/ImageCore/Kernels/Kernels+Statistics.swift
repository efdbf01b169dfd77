extension Kernels {
    /// Histograms, percentiles and summary statistics of float planes, optionally restricted to a
    /// mask (pixels whose mask value is non-zero). Non-finite values (NaN, ±∞) are never counted.
    ///
    /// Sums run in fixed blocks of rows whose partial results are combined in order, so every
    /// result is identical for any number of threads.
    public enum Statistics {
        /// Count, mean, population variance, minimum and maximum of the counted pixels.
        public struct Summary: Sendable, Equatable, Codable {
            public var count: Int
            /// Σv/n, or NaN when nothing was counted.
            public var mean: Double
            /// Σ(v − mean)²/n (units²), or NaN when nothing was counted.
            public var variance: Double
            public var minimum: Float
            public var maximum: Float
            /// √variance.
            public var standardDeviation: Double { variance.squareRoot() }
        }

        /// Two passes over the pixel list in double precision.
        public static func summaryReference(_ image: Image<Gray32>, mask: Image<Gray8>? = nil) -> Summary {
            let values = selected(image, mask: mask)
            guard !values.isEmpty else { return Summary(count: 0, mean: .nan, variance: .nan, minimum: .nan, maximum: .nan) }
            let mean = values.reduce(0.0) { $0 + Double($1) } / Double(values.count)
            let variance = values.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / Double(values.count)
            return Summary(count: values.count, mean: mean, variance: variance, minimum: values.min()!, maximum: values.max()!)
        }

        /// One pass per block of 64 rows (count, Σv, shifted Σ(v − v₀)² with v₀ the block's first
        /// value, min, max), blocks combined in order with Chan's parallel update.
        ///
        /// Tolerance against ``summaryReference(_:mask:)``: equal count, min and max; |Δmean| and
        /// |Δvariance| ≤ 1·10⁻¹⁰ relative to max |v| and max v².
        public static func summary(_ image: Image<Gray32>, mask: Image<Gray8>? = nil, parallel: Bool = true) -> Summary {
            precondition(mask == nil || mask!.size == image.size, "mask size differs from image size")
            let w = image.width, h = image.height
            let blockRows = 64
            let blocks = (h + blockRows - 1) / blockRows
            var partials = [Partial](repeating: Partial(), count: blocks)
            image.withUnsafeBufferPointer { source in
                withMask(mask) { maskPointer in
                    partials.withUnsafeMutableBufferPointer { out in
                        let job = UncheckedSendable((UnsafeRawPointer(source.baseAddress!).assumingMemoryBound(to: Float.self),
                                                     maskPointer, out.baseAddress!))
                        RowBands.forEach(rowCount: blocks, parallel: parallel, minimumRowsPerBand: 1) { band in
                            let (values, gate, partials) = job.value
                            for block in band {
                                var p = Partial()
                                var shift: Double = .nan
                                var sumShifted = 0.0, sumSquares = 0.0
                                for i in (block &* blockRows &* w)..<(Swift.min(h, (block &+ 1) &* blockRows) &* w) {
                                    if let gate, gate[i] == 0 { continue }
                                    let v = values[i]
                                    guard v.isFinite else { continue }
                                    if p.count == 0 { shift = Double(v) }
                                    p.count &+= 1
                                    let d = Double(v) - shift
                                    sumShifted += d
                                    sumSquares += d * d
                                    p.minimum = Swift.min(p.minimum, v)
                                    p.maximum = Swift.max(p.maximum, v)
                                }
                                if p.count > 0 {
                                    let n = Double(p.count)
                                    p.mean = shift + sumShifted / n
                                    p.m2 = Swift.max(0, sumSquares - sumShifted * sumShifted / n)
                                }
                                partials[block] = p
                            }
                        }
                    }
                }
            }
            var total = Partial()
            for p in partials where p.count > 0 {
                if total.count == 0 { total = p; continue }
                let n = Double(total.count + p.count), delta = p.mean - total.mean
                total.m2 += p.m2 + delta * delta * Double(total.count) * Double(p.count) / n
                total.mean += delta * Double(p.count) / n
                total.count += p.count
                total.minimum = Swift.min(total.minimum, p.minimum)
                total.maximum = Swift.max(total.maximum, p.maximum)
            }
            guard total.count > 0 else { return Summary(count: 0, mean: .nan, variance: .nan, minimum: .nan, maximum: .nan) }
            return Summary(count: total.count, mean: total.mean, variance: total.m2 / Double(total.count),
                           minimum: total.minimum, maximum: total.maximum)
        }

        struct Partial {
            var count = 0
            var mean = 0.0
            var m2 = 0.0
            var minimum = Float.infinity
            var maximum = -Float.infinity
        }

        /// Counts per bin: `bins` equal bins over `range` (lower bound inclusive, upper bound
        /// inclusive in the last bin); values outside the range are not counted.
        public static func histogram(_ image: Image<Gray32>, bins: Int, range: ClosedRange<Float>,
                                     mask: Image<Gray8>? = nil) -> [Int] {
            precondition(bins >= 1 && range.upperBound > range.lowerBound, "need at least one bin over a non-empty range")
            var counts = [Int](repeating: 0, count: bins)
            let scale = Float(bins) / (range.upperBound - range.lowerBound)
            image.withUnsafeBufferPointer { source in
                withMask(mask) { gate in
                    let values = UnsafeRawPointer(source.baseAddress!).assumingMemoryBound(to: Float.self)
                    for i in 0..<image.pixelCount {
                        if let gate, gate[i] == 0 { continue }
                        let v = values[i]
                        guard v >= range.lowerBound, v <= range.upperBound else { continue }
                        counts[Swift.min(Int((v - range.lowerBound) * scale), bins - 1)] += 1
                    }
                }
            }
            return counts
        }

        /// The 256-bin histogram of an 8-bit plane.
        public static func histogram(_ image: Image<Gray8>, mask: Image<Gray8>? = nil) -> [Int] {
            var counts = [Int](repeating: 0, count: 256)
            image.withUnsafeBufferPointer { source in
                withMask(mask) { gate in
                    let values = UnsafeRawPointer(source.baseAddress!).assumingMemoryBound(to: UInt8.self)
                    for i in 0..<image.pixelCount {
                        if let gate, gate[i] == 0 { continue }
                        counts[Int(values[i])] += 1
                    }
                }
            }
            return counts
        }

        /// Percentiles by sorting every counted value; `percentiles` in 0...100. Linear
        /// interpolation between order statistics (NumPy's default): rank = p/100 · (n − 1).
        public static func percentilesReference(_ image: Image<Gray32>, _ percentiles: [Double],
                                                mask: Image<Gray8>? = nil) -> [Double] {
            let sorted = selected(image, mask: mask).sorted()
            guard !sorted.isEmpty else { return percentiles.map { _ in .nan } }
            return percentiles.map { p in
                let rank = p / 100 * Double(sorted.count - 1)
                let low = Int(rank.rounded(.down)), high = Swift.min(low + 1, sorted.count - 1)
                return Double(sorted[low]) + (rank - Double(low)) * (Double(sorted[high]) - Double(sorted[low]))
            }
        }

        /// Exact percentiles without sorting everything: a 4096-bin histogram between min and max
        /// finds the bin of each needed order statistic, then ``select(_:_:)`` picks it among that
        /// bin's values (gathered once for all the ranks in it). Equal to
        /// ``percentilesReference(_:_:mask:)`` exactly; NaN when nothing is counted.
        public static func percentiles(_ image: Image<Gray32>, _ percentiles: [Double], mask: Image<Gray8>? = nil) -> [Double] {
            precondition(percentiles.allSatisfy { (0...100).contains($0) }, "percentiles must be in 0...100")
            let summary = summary(image, mask: mask)
            guard summary.count > 0 else { return percentiles.map { _ in .nan } }
            let n = summary.count
            if summary.minimum == summary.maximum { return percentiles.map { _ in Double(summary.minimum) } }
            let bins = 4096
            let range = summary.minimum...summary.maximum
            let counts = histogram(image, bins: bins, range: range, mask: mask)
            var cumulative = [Int](repeating: 0, count: bins + 1)
            for b in 0..<bins { cumulative[b + 1] = cumulative[b] + counts[b] }
            let scale = Float(bins) / (range.upperBound - range.lowerBound)
            // The order statistics needed, their bins, and the values of those bins.
            func orderStatistic(_ k: Int, cache: inout [Int: [Float]]) -> Float {
                var bin = 0
                while cumulative[bin + 1] <= k { bin += 1 }
                if cache[bin] == nil {
                    var values = [Float]()
                    values.reserveCapacity(counts[bin])
                    image.withUnsafeBufferPointer { source in
                        withMask(mask) { gate in
                            let all = UnsafeRawPointer(source.baseAddress!).assumingMemoryBound(to: Float.self)
                            for i in 0..<image.pixelCount {
                                if let gate, gate[i] == 0 { continue }
                                let v = all[i]
                                guard v >= range.lowerBound, v <= range.upperBound,
                                      Swift.min(Int((v - range.lowerBound) * scale), bins - 1) == bin else { continue }
                                values.append(v)
                            }
                        }
                    }
                    cache[bin] = values
                }
                return select(&cache[bin]!, k - cumulative[bin])
            }
            var cache = [Int: [Float]]()
            return percentiles.map { p in
                let rank = p / 100 * Double(n - 1)
                let low = Int(rank.rounded(.down)), high = Swift.min(low + 1, n - 1)
                let a = orderStatistic(low, cache: &cache), b = orderStatistic(high, cache: &cache)
                return Double(a) + (rank - Double(low)) * (Double(b) - Double(a))
            }
        }

        /// The `k`-th smallest of `values` (0-based: `values.sorted()[k]`) without sorting them:
        /// quickselect with a median-of-three pivot and a three-way partition (runs of equal values
        /// are settled at once). Reorders `values`; they must not hold NaN.
        public static func select(_ values: inout [Float], _ k: Int) -> Float {
            precondition(k >= 0 && k < values.count, "rank \(k) outside 0..<\(values.count)")
            return values.withUnsafeMutableBufferPointer { v in
                var low = 0, high = v.count - 1
                while low < high {
                    let a = v[low], b = v[low + (high - low) / 2], c = v[high]
                    let pivot = Swift.max(Swift.min(a, b), Swift.min(Swift.max(a, b), c))
                    // [low, less) < pivot, [less, i) == pivot, (greater, high] > pivot.
                    var less = low, i = low, greater = high
                    while i <= greater {
                        let value = v[i]
                        if value < pivot {
                            v.swapAt(less, i)
                            less += 1
                            i += 1
                        } else if value > pivot {
                            v.swapAt(i, greater)
                            greater -= 1
                        } else {
                            i += 1
                        }
                    }
                    if k < less { high = less - 1 } else if k > greater { low = greater + 1 } else { return pivot }
                }
                return v[k]
            }
        }

        /// The median (50th percentile).
        public static func median(_ image: Image<Gray32>, mask: Image<Gray8>? = nil) -> Double {
            percentiles(image, [50], mask: mask)[0]
        }

        static func selected(_ image: Image<Gray32>, mask: Image<Gray8>?) -> [Float] {
            let pixels = image.pixels, gate = mask?.pixels
            return pixels.indices.compactMap { i in
                guard gate.map({ $0[i].value != 0 }) ?? true, pixels[i].value.isFinite else { return nil }
                return pixels[i].value
            }
        }

        static func withMask<R>(_ mask: Image<Gray8>?, _ body: (UnsafePointer<UInt8>?) -> R) -> R {
            guard let mask else { return body(nil) }
            return mask.withUnsafeBufferPointer { body(UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: UInt8.self)) }
        }
    }
}
