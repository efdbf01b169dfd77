/// Summed-area table of a float plane in double precision.
///
/// `sums` has (width + 1) × (height + 1) entries; entry (x, y) is the sum of input pixels with
/// column < x and row < y, so the sum over any rectangle takes four look-ups. Double precision keeps
/// the sums of 12-megapixel planes exact to about 10⁻⁹ of their magnitude.
public struct IntegralImage: Sendable {
    /// Input width in pixels.
    public let width: Int
    /// Input height in pixels.
    public let height: Int
    /// Row-major table of (width + 1) × (height + 1) partial sums.
    public private(set) var sums: [Double]

    /// The table of `image`, or of `image` squared when `squared` is true, optionally with every
    /// pixel outside `mask` (where the mask is 0) counted as 0. Rows are summed on all cores.
    public init(_ image: Image<Gray32>, squared: Bool = false, mask: Image<Gray8>? = nil, parallel: Bool = true) {
        precondition(mask == nil || mask!.size == image.size, "mask size differs from image size")
        width = image.width
        height = image.height
        let stride = width + 1
        sums = [Double](repeating: 0, count: stride * (height + 1))
        let w = width, h = height
        sums.withUnsafeMutableBufferPointer { table in
            let target = UncheckedSendable(table.baseAddress!)
            image.withUnsafeBufferPointer { source in
                let input = UncheckedSendable(UnsafeRawPointer(source.baseAddress!).assumingMemoryBound(to: Float.self))
                Kernels.Statistics.withMask(mask) { maskPointer in
                    let gate = UncheckedSendable(maskPointer)
                    // Pass 1: prefix sums along each row (rows independent).
                    RowBands.forEach(rowCount: h, parallel: parallel, minimumRowsPerBand: 64) { rows in
                        for y in rows {
                            let row = input.value + y &* w, out = target.value + (y &+ 1) &* stride
                            var running = 0.0
                            for x in 0..<w {
                                var v = Double(row[x])
                                if squared { v *= v }
                                if let m = gate.value, m[y &* w &+ x] == 0 { v = 0 }
                                running += v
                                out[x &+ 1] = running
                            }
                        }
                    }
                    // Pass 2: accumulate down the columns, in column strips.
                    let strips = (stride + 255) / 256
                    RowBands.forEach(rowCount: strips, parallel: parallel, minimumRowsPerBand: 1) { band in
                        for strip in band {
                            let x0 = strip &* 256, x1 = Swift.min(x0 &+ 256, stride)
                            for y in 1..<h {
                                let above = target.value + y &* stride, row = above + stride
                                for x in x0..<x1 { row[x] += above[x] }
                            }
                        }
                    }
                }
            }
        }
    }

    /// The sum over columns `x0..<x1` and rows `y0..<y1` (0 when the range is empty).
    @inlinable
    public func sum(columns: Range<Int>, rows: Range<Int>) -> Double {
        let stride = width + 1
        return (sums[rows.upperBound * stride + columns.upperBound] - sums[rows.lowerBound * stride + columns.upperBound])
            - (sums[rows.upperBound * stride + columns.lowerBound] - sums[rows.lowerBound * stride + columns.lowerBound])
    }
}
