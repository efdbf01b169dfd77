extension Kernels {
    /// CIELAB planes (D65) to 8-bit sRGB, for overlays and reports: Lab → XYZ → linear sRGB,
    /// clipped to 0...1, then encoded with rounding to the nearest code.
    public enum LabToRGB {
        /// Exact definition in double precision (``ColorSpace/linear(fromL:a:b:)``,
        /// ``ColorSpace/sRGB8(fromLinear:)``).
        public static func reference(_ lab: LabPlanes) -> Image<RGB8> {
            let l = lab.l.pixels, a = lab.a.pixels, b = lab.b.pixels
            return Image(size: lab.size, pixels: l.indices.map { i in
                let rgb = ColorSpace.linear(fromL: Double(l[i].value), a: Double(a[i].value), b: Double(b[i].value))
                return RGB8(red: ColorSpace.sRGB8(fromLinear: rgb.red), green: ColorSpace.sRGB8(fromLinear: rgb.green),
                            blue: ColorSpace.sRGB8(fromLinear: rgb.blue))
            })
        }

        /// Single precision with the 8-bit encoding done by a binary search in
        /// ``ColorSpace/sRGB8Thresholds`` (no power function); rows on all cores.
        ///
        /// Tolerance against ``reference(_:)``: each channel within 1 code (single-precision colour
        /// arithmetic can land on the other side of a rounding threshold); round trips of 8-bit sRGB
        /// through ``RGBToLab/fast(_:parallel:)`` and back are exact for over 99 % of colours.
        /// Results do not depend on `parallel`.
        public static func fast(_ lab: LabPlanes, parallel: Bool = true) -> Image<RGB8> {
            var output = Image<RGB8>.uninitialized(size: lab.size)
            let m = ColorSpace.xyzToLinearSRGB, white = ColorSpace.whiteD65
            let matrix = (0..<3).flatMap { r in [Float(m[r][0] * white.x), Float(m[r][1] * white.y), Float(m[r][2] * white.z)] }
            let w = lab.size.width
            lab.l.withUnsafeBufferPointer { lBuffer in
                lab.a.withUnsafeBufferPointer { aBuffer in
                    lab.b.withUnsafeBufferPointer { bBuffer in
                        output.withUnsafeMutableBufferPointer { out in
                            ColorSpace.sRGB8Thresholds.withUnsafeBufferPointer { thresholds in
                                matrix.withUnsafeBufferPointer { matrix in
                                    let job = UncheckedSendable((
                                        UnsafeRawPointer(lBuffer.baseAddress!).assumingMemoryBound(to: Float.self),
                                        UnsafeRawPointer(aBuffer.baseAddress!).assumingMemoryBound(to: Float.self),
                                        UnsafeRawPointer(bBuffer.baseAddress!).assumingMemoryBound(to: Float.self),
                                        UnsafeMutableRawPointer(out.baseAddress!).assumingMemoryBound(to: UInt8.self),
                                        thresholds.baseAddress!, matrix.baseAddress!))
                                    RowBands.forEach(rowCount: lab.size.height, parallel: parallel) { rows in
                                        let (l, a, b, out, thresholds, m) = job.value
                                        for i in (rows.lowerBound &* w)..<(rows.upperBound &* w) {
                                            let fy = (l[i] + 16) * (1 / 116), fx = fy + a[i] * (1 / 500), fz = fy - b[i] * (1 / 200)
                                            let x = inverseF(fx), y = inverseF(fy), z = inverseF(fz)
                                            out[i &* 3] = encode(m[0] * x + m[1] * y + m[2] * z, thresholds)
                                            out[i &* 3 &+ 1] = encode(m[3] * x + m[4] * y + m[5] * z, thresholds)
                                            out[i &* 3 &+ 2] = encode(m[6] * x + m[7] * y + m[8] * z, thresholds)
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

        @inline(__always)
        static func inverseF(_ f: Float) -> Float {
            f > Float(6.0 / 29.0) ? f * f * f : Float(3 * 36.0 / 841.0) * (f - Float(4.0 / 29.0))
        }

        /// The number of thresholds ≤ v: the rounded 8-bit code (eight comparisons).
        @inline(__always)
        static func encode(_ v: Float, _ thresholds: UnsafePointer<Float>) -> UInt8 {
            var low = 0, count = 255
            while count > 0 {
                let half = count / 2
                if thresholds[low &+ half] <= v { low &+= half &+ 1; count &-= half &+ 1 } else { count = half }
            }
            return UInt8(low)
        }
    }
}
