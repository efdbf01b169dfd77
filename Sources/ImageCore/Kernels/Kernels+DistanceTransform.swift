extension Kernels {
    /// Exact squared Euclidean distance transform of a binary mask.
    ///
    /// For each pixel, the squared distance in pixels² (an exact integer) to the nearest pixel whose
    /// mask value is non-zero; `Int32.max` when the mask has no such pixel. Pixels inside the mask
    /// have distance 0.
    public enum DistanceTransform {
        /// Brute force: the minimum of dx² + dy² over every mask pixel. O(n²); for tests.
        public static func reference(_ mask: Image<Gray8>) -> [Int32] {
            let w = mask.width, h = mask.height
            let points = (0..<(w * h)).filter { mask.pixels[$0].value != 0 }.map { ($0 % w, $0 / w) }
            return (0..<(w * h)).map { i in
                let x = i % w, y = i / w
                var best = Int.max
                for (px, py) in points { best = Swift.min(best, (px - x) * (px - x) + (py - y) * (py - y)) }
                return best == Int.max ? Int32.max : Int32(best)
            }
        }

        /// Felzenszwalb and Huttenlocher's two-pass algorithm [1]: a 1-D distance down each column,
        /// then the lower envelope of parabolas along each row; O(n) whatever the distances. Equal to
        /// ``reference(_:)`` exactly. Rows on all cores.
        ///
        /// [1] P. F. Felzenszwalb, D. P. Huttenlocher, "Distance transforms of sampled functions",
        /// Theory of Computing 8 (2012) 415–428.
        public static func fast(_ mask: Image<Gray8>, parallel: Bool = true) -> [Int32] {
            let w = mask.width, h = mask.height
            let infinity = Int64(w) * Int64(w) + Int64(h) * Int64(h) + 1
            var columns = [Int64](repeating: 0, count: w * h)
            var result = [Int32](repeating: 0, count: w * h)
            mask.withUnsafeBufferPointer { maskBuffer in
                columns.withUnsafeMutableBufferPointer { columnBuffer in
                    result.withUnsafeMutableBufferPointer { resultBuffer in
                        let job = UncheckedSendable((
                            UnsafeRawPointer(maskBuffer.baseAddress!).assumingMemoryBound(to: UInt8.self),
                            columnBuffer.baseAddress!, resultBuffer.baseAddress!))
                        // Columns: distance to the nearest mask pixel above or below, squared.
                        let strips = (w + 63) / 64
                        RowBands.forEach(rowCount: strips, parallel: parallel, minimumRowsPerBand: 1) { band in
                            let (m, d, _) = job.value
                            for strip in band {
                                let x0 = strip &* 64, x1 = Swift.min(x0 &+ 64, w)
                                for x in x0..<x1 {
                                    var last = -1
                                    for y in 0..<h {
                                        if m[y &* w &+ x] != 0 { last = y }
                                        d[y &* w &+ x] = last < 0 ? infinity : Int64(y &- last)
                                    }
                                    last = -1
                                    var y = h &- 1
                                    while y >= 0 {
                                        if m[y &* w &+ x] != 0 { last = y }
                                        if last >= 0 { d[y &* w &+ x] = Swift.min(d[y &* w &+ x], Int64(last &- y)) }
                                        y &-= 1
                                    }
                                    for y in 0..<h {
                                        let v = d[y &* w &+ x]
                                        d[y &* w &+ x] = v == infinity ? infinity : v &* v
                                    }
                                }
                            }
                        }
                        // Rows: lower envelope of parabolas f(q) + (x − q)².
                        RowBands.forEach(rowCount: h, parallel: parallel) { rows in
                            let (_, d, out) = job.value
                            let vertices = UnsafeMutablePointer<Int>.allocate(capacity: w)
                            let bounds = UnsafeMutablePointer<Double>.allocate(capacity: w &+ 1)
                            defer { vertices.deallocate(); bounds.deallocate() }
                            for y in rows {
                                envelopeRow(d + y &* w, width: w, infinity: infinity, vertices: vertices, bounds: bounds,
                                            out: out + y &* w)
                            }
                        }
                    }
                }
            }
            return result
        }

        @inline(__always)
        static func envelopeRow(_ f: UnsafeMutablePointer<Int64>, width w: Int, infinity: Int64,
                                vertices v: UnsafeMutablePointer<Int>, bounds z: UnsafeMutablePointer<Double>,
                                out: UnsafeMutablePointer<Int32>) {
            // Only finite samples define parabolas.
            var k = -1
            for q in 0..<w where f[q] < infinity {
                let fq = Double(f[q]) + Double(q &* q)
                if k < 0 {
                    k = 0; v[0] = q; z[0] = -.infinity; z[1] = .infinity
                    continue
                }
                // z[0] = −∞ ends the loop at k = 0 at the latest.
                var s = 0.0
                while true {
                    let p = v[k]
                    s = (fq - (Double(f[p]) + Double(p &* p))) / Double(2 &* (q &- p))
                    if s <= z[k] { k &-= 1 } else { break }
                }
                k &+= 1
                v[k] = q; z[k] = s; z[k &+ 1] = .infinity
            }
            if k < 0 {
                for x in 0..<w { out[x] = Int32.max }
                return
            }
            var j = 0
            for x in 0..<w {
                while z[j &+ 1] < Double(x) { j &+= 1 }
                let p = v[j]
                let value = f[p] &+ Int64((x &- p) &* (x &- p))
                out[x] = value > Int64(Int32.max) ? Int32.max : Int32(value)
            }
        }
    }
}
