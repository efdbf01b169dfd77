extension Kernels.Warp {
    /// Bicubic translation of float planes onto a grid of the same size: target pixel (x, y) shows
    /// source position (x + `x`, y + `y`), in pixels. The same result, bit for bit, as
    /// ``fast(_:sourceFromTarget:outputSize:interpolation:parallel:)`` with the translation
    /// `ProjectiveTransform.affine(a: 1, b: 0, c: x, d: 0, e: 1, f: y)` (same validity, the same
    /// edge rule, the same single-precision operations in the same order), at about half its cost:
    /// the 4 × 4 Keys cubic separates into a horizontal pass then a vertical one, each weight set
    /// is computed once per column or row, and both passes run over contiguous memory.
    ///
    /// Used for the photo that the pair's common grid shifts without turning (see
    /// `PairResampling` in AnalysisKit). Results do not depend on `parallel`.
    public static func translated(_ planes: [Image<Gray32>], x tx: Double, y ty: Double, parallel: Bool = true) -> Result {
        precondition(!planes.isEmpty, "translation needs at least one plane")
        let size = planes[0].size
        precondition(planes.allSatisfy { $0.size == size }, "planes must have equal sizes")
        let width = size.width, height = size.height
        let columns = Taps(count: width, source: width, shift: tx)
        let rows = Taps(count: height, source: height, shift: ty)
        var mask = Image<Gray8>.uninitialized(size: size)
        mask.withUnsafeMutableBufferPointer { m in
            for y in 0..<height {
                for x in 0..<width { m[y &* width &+ x] = Gray8(value: rows.valid[y] && columns.valid[x] ? 255 : 0) }
            }
        }
        var outputs: [Image<Gray32>] = []
        var horizontal = Image<Gray32>.uninitialized(size: size)
        for plane in planes {
            var output = Image<Gray32>.uninitialized(size: size)
            plane.withUnsafeBufferPointer { sourcePixels in
                horizontal.withUnsafeMutableBufferPointer { middlePixels in
                    output.withUnsafeMutableBufferPointer { outputPixels in
                        let source = UncheckedSendable(UnsafeRawPointer(sourcePixels.baseAddress!).assumingMemoryBound(to: Float.self))
                        let middle = UncheckedSendable(UnsafeMutableRawPointer(middlePixels.baseAddress!).assumingMemoryBound(to: Float.self))
                        let target = UncheckedSendable(UnsafeMutableRawPointer(outputPixels.baseAddress!).assumingMemoryBound(to: Float.self))
                        RowBands.forEach(rowCount: height, parallel: parallel) { band in
                            for r in band { horizontalRow(source.value + r &* width, into: middle.value + r &* width, columns) }
                        }
                        RowBands.forEach(rowCount: height, parallel: parallel) { band in
                            for y in band { verticalRow(y, middle.value, into: target.value + y &* width, width: width, rows, columns) }
                        }
                    }
                }
            }
            outputs.append(output)
        }
        return Result(planes: outputs, mask: mask)
    }

    /// The four clamped taps and weights of every target column (or row), and whether it is valid;
    /// the interior range is where the taps are `first - 1 … first + 2` unclamped.
    struct Taps: Sendable {
        var index: [(Int, Int, Int, Int)] = []
        var weight: [(Float, Float, Float, Float)] = []
        var valid: [Bool] = []
        /// Source index of tap 1 is `target + offset` in the interior.
        var offset = 0
        var interior = 0..<0

        init(count: Int, source: Int, shift: Double) {
            var lower = count, upper = 0
            for t in 0..<count {
                // As the general warp computes it: (1 · t + 0 · u + shift) / 1.
                let s = Double(t) + shift
                let s0 = s.rounded(.down), i0 = Int(s0)
                let clamp = { (i: Int) in Swift.min(Swift.max(i, 0), source &- 1) }
                index.append((clamp(i0 &- 1), clamp(i0), clamp(i0 &+ 1), clamp(i0 &+ 2)))
                weight.append(Interpolation.cubicWeights(Float(s - s0)))
                valid.append(s >= -0.5 && s <= Double(source) - 0.5)
                if t == 0 { offset = i0 &- t }
                if i0 &- t == offset, i0 &- 1 >= 0, i0 &+ 2 <= source &- 1 { lower = Swift.min(lower, t); upper = Swift.max(upper, t + 1) }
            }
            interior = lower < upper ? lower..<upper : 0..<0
            // The interior fast path also needs one weight set for all its columns.
            if let first = interior.first, interior.contains(where: { weight[$0] != weight[first] }) {
                interior = 0..<0
            }
        }
    }

    @inline(__always)
    static func horizontalRow(_ s: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>, _ c: Taps) {
        let width = c.valid.count
        c.index.withUnsafeBufferPointer { index in
            c.weight.withUnsafeBufferPointer { weight in
                var x = 0
                while x < width {
                    if x == c.interior.lowerBound, !c.interior.isEmpty {
                        // Taps t + offset − 1 … t + offset + 2, all inside the row.
                        let w = weight[x], start = s + (x + c.offset - 1), target = out + x
                        for t in 0..<c.interior.count {
                            target[t] = (w.0 * start[t] + w.1 * start[t &+ 1]) + (w.2 * start[t &+ 2] + w.3 * start[t &+ 3])
                        }
                        x = c.interior.upperBound
                        continue
                    }
                    let i = index[x], w = weight[x]
                    out[x] = (w.0 * s[i.0] + w.1 * s[i.1]) + (w.2 * s[i.2] + w.3 * s[i.3])
                    x &+= 1
                }
            }
        }
    }

    @inline(__always)
    static func verticalRow(_ y: Int, _ middle: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>, width: Int,
                            _ rows: Taps, _ columns: Taps) {
        guard rows.valid[y] else {
            out.update(repeating: 0, count: width)
            return
        }
        let i = rows.index[y], w = rows.weight[y]
        let r0 = middle + i.0 &* width, r1 = middle + i.1 &* width, r2 = middle + i.2 &* width, r3 = middle + i.3 &* width
        for x in 0..<width {
            out[x] = (w.0 * r0[x] + w.1 * r1[x]) + (w.2 * r2[x] + w.3 * r3[x])
        }
        columns.valid.withUnsafeBufferPointer { valid in
            for x in 0..<width where !valid[x] { out[x] = 0 }
        }
    }
}
