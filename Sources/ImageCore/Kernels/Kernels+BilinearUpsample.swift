extension Kernels {
    /// Brings a plane reduced `levels` times by ``Downsample2x`` back to a full-resolution grid by
    /// bilinear interpolation.
    ///
    /// With f = 2^levels, reduced pixel (X, Y) has its centre at full-resolution position
    /// (f·X + (f − 1)/2, f·Y + (f − 1)/2) (origin at the top-left pixel's centre), so output pixel
    /// (x, y) samples the reduced plane at ((x − (f − 1)/2)/f, (y − (f − 1)/2)/f), clamped to its
    /// edge pixels.
    public enum BilinearUpsample {
        /// Where output coordinate `x` falls in the reduced plane of `count` pixels: the lower
        /// neighbour and the weight of the upper one.
        static func tap(_ x: Int, levels: Int, count: Int) -> (index: Int, weight: Float) {
            let f = Double(1 << levels)
            let u = min(max((Double(x) - (f - 1) / 2) / f, 0), Double(count - 1))
            let low = min(Int(u.rounded(.down)), count - 1)
            return (low, Float(u - Double(low)))
        }

        /// Direct definition, one pixel at a time.
        public static func reference(_ plane: Image<Gray32>, levels: Int, outputSize: Size) -> Image<Gray32> {
            var pixels = [Gray32]()
            pixels.reserveCapacity(outputSize.width * outputSize.height)
            for y in 0..<outputSize.height {
                let (y0, wy) = tap(y, levels: levels, count: plane.height)
                let y1 = Swift.min(y0 + 1, plane.height - 1)
                for x in 0..<outputSize.width {
                    let (x0, wx) = tap(x, levels: levels, count: plane.width)
                    let x1 = Swift.min(x0 + 1, plane.width - 1)
                    let top = plane[x: x0, y: y0].value + wx * (plane[x: x1, y: y0].value - plane[x: x0, y: y0].value)
                    let bottom = plane[x: x0, y: y1].value + wx * (plane[x: x1, y: y1].value - plane[x: x0, y: y1].value)
                    pixels.append(Gray32(value: top + wy * (bottom - top)))
                }
            }
            return Image(size: outputSize, pixels: pixels)
        }

        /// Column taps computed once, rows in bands on all cores; equal to ``reference(_:levels:outputSize:)``
        /// exactly (the same operations in the same order). Results do not depend on `parallel`.
        public static func fast(_ plane: Image<Gray32>, levels: Int, outputSize: Size, parallel: Bool = true) -> Image<Gray32> {
            let columns = (0..<outputSize.width).map { tap($0, levels: levels, count: plane.width) }
            let lower = columns.map(\.index), upper = columns.map { Swift.min($0.index + 1, plane.width - 1) }
            let weights = columns.map(\.weight)
            let w = plane.width, outWidth = outputSize.width
            var output = Image<Gray32>.uninitialized(size: outputSize)
            plane.withUnsafeBufferPointer { source in
                output.withUnsafeMutableBufferPointer { target in
                    lower.withUnsafeBufferPointer { lo in
                        upper.withUnsafeBufferPointer { hi in
                            weights.withUnsafeBufferPointer { wt in
                                let job = UncheckedSendable((PlanePointers(source, target), lo, hi, wt))
                                RowBands.forEach(rowCount: outputSize.height, parallel: parallel) { rows in
                                    let (pointers, lo, hi, wt) = job.value
                                    for y in rows {
                                        let (y0, wy) = tap(y, levels: levels, count: plane.height)
                                        let y1 = Swift.min(y0 + 1, plane.height - 1)
                                        let a = pointers.source + y0 &* w, b = pointers.source + y1 &* w
                                        let row = pointers.target + y &* outWidth
                                        for x in 0..<outWidth {
                                            let x0 = lo[x], x1 = hi[x], wx = wt[x]
                                            let top = a[x0] + wx * (a[x1] - a[x0])
                                            let bottom = b[x0] + wx * (b[x1] - b[x0])
                                            row[x] = top + wy * (bottom - top)
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            return output
        }
    }
}
