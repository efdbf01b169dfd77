extension Kernels {
    /// 8-bit sRGB to CIELAB planes (D65): decode through a 256-entry table, linear sRGB → XYZ,
    /// then L* = 116 f(Y) − 16, a* = 500 (f(X/Xn) − f(Y)), b* = 200 (f(Y) − f(Z/Zn)).
    public enum RGBToLab {
        /// Exact definition in double precision (``ColorSpace``).
        public static func reference(_ image: Image<RGB8>) -> LabPlanes {
            var l = [Gray32](), a = [Gray32](), b = [Gray32]()
            for p in image.pixels {
                let lab = ColorSpace.lab(
                    fromLinearRed: ColorSpace.linear(fromSRGB: Double(p.red) / 255),
                    green: ColorSpace.linear(fromSRGB: Double(p.green) / 255),
                    blue: ColorSpace.linear(fromSRGB: Double(p.blue) / 255))
                l.append(Gray32(value: Float(lab.l)))
                a.append(Gray32(value: Float(lab.a)))
                b.append(Gray32(value: Float(lab.b)))
            }
            return LabPlanes(l: Image(size: image.size, pixels: l), a: Image(size: image.size, pixels: a),
                             b: Image(size: image.size, pixels: b))
        }

        /// `SIMD8<Float>` version with a bit-trick cube root refined by two Newton steps, in row
        /// bands on all cores.
        ///
        /// Tolerance against ``reference(_:)``: |ΔL*|, |Δa*|, |Δb*| ≤ 2·10⁻³, far below the
        /// ΔE ≈ 1 a person can see. Results do not depend on `parallel`.
        public static func fast(_ image: Image<RGB8>, parallel: Bool = true) -> LabPlanes {
            var l = Image<Gray32>.uninitialized(size: image.size)
            var a = Image<Gray32>.uninitialized(size: image.size)
            var b = Image<Gray32>.uninitialized(size: image.size)
            let width = image.width
            image.withUnsafeBufferPointer { source in
                l.withUnsafeMutableBufferPointer { lOut in
                    a.withUnsafeMutableBufferPointer { aOut in
                        b.withUnsafeMutableBufferPointer { bOut in
                            ColorSpace.linearFromSRGB8.withUnsafeBufferPointer { table in
                                let planes = LabRowPointers(
                                    source: source.baseAddress!, table: table.baseAddress!,
                                    l: lOut.baseAddress!, a: aOut.baseAddress!, b: bOut.baseAddress!)
                                RowBands.forEach(rowCount: image.height, parallel: parallel) { rows in
                                    convert(planes, from: rows.lowerBound * width, to: rows.upperBound * width)
                                }
                            }
                        }
                    }
                }
            }
            return LabPlanes(l: l, a: a, b: b)
        }

        struct LabRowPointers: @unchecked Sendable {
            let source: UnsafePointer<RGB8>
            let table: UnsafePointer<Float>
            let l: UnsafeMutablePointer<Gray32>
            let a: UnsafeMutablePointer<Gray32>
            let b: UnsafeMutablePointer<Gray32>
        }

        /// Converts pixels `start..<end` eight at a time; the last partial group uses the same
        /// vector code with unused lanes ignored, so every pixel follows one formula.
        static func convert(_ p: LabRowPointers, from start: Int, to end: Int) {
            let m = ColorSpace.linearSRGBToXYZ, white = ColorSpace.whiteD65
            let m00 = Float(m[0][0] / white.x), m01 = Float(m[0][1] / white.x), m02 = Float(m[0][2] / white.x)
            let m10 = Float(m[1][0]), m11 = Float(m[1][1]), m12 = Float(m[1][2])
            let m20 = Float(m[2][0] / white.z), m21 = Float(m[2][1] / white.z), m22 = Float(m[2][2] / white.z)
            let source = UnsafeRawPointer(p.source).assumingMemoryBound(to: UInt8.self)
            let lOut = UnsafeMutableRawPointer(p.l).assumingMemoryBound(to: Float.self)
            let aOut = UnsafeMutableRawPointer(p.a).assumingMemoryBound(to: Float.self)
            let bOut = UnsafeMutableRawPointer(p.b).assumingMemoryBound(to: Float.self)
            var i = start
            while i < end {
                let lanes = Swift.min(8, end &- i)
                var r = SIMD8<Float>(), g = SIMD8<Float>(), bl = SIMD8<Float>()
                let pixel = source + i &* 3
                for lane in 0..<lanes {
                    r[lane] = p.table[Int(pixel[lane &* 3])]
                    g[lane] = p.table[Int(pixel[lane &* 3 &+ 1])]
                    bl[lane] = p.table[Int(pixel[lane &* 3 &+ 2])]
                }
                let fx = labF(m00 * r + m01 * g + m02 * bl)
                let fy = labF(m10 * r + m11 * g + m12 * bl)
                let fz = labF(m20 * r + m21 * g + m22 * bl)
                let lightness = 116 * fy - 16, redGreen = 500 * (fx - fy), yellowBlue = 200 * (fy - fz)
                if lanes == 8 {
                    store8(lightness, lOut + i)
                    store8(redGreen, aOut + i)
                    store8(yellowBlue, bOut + i)
                } else {
                    for lane in 0..<lanes {
                        lOut[i &+ lane] = lightness[lane]
                        aOut[i &+ lane] = redGreen[lane]
                        bOut[i &+ lane] = yellowBlue[lane]
                    }
                }
                i &+= 8
            }
        }

        /// CIELAB's f(t) on eight lanes: cube root above (6/29)³, the line t/(3·(6/29)²) + 4/29 below.
        @inline(__always)
        static func labF(_ t: SIMD8<Float>) -> SIMD8<Float> {
            let line = t * Float(841.0 / 108.0) + Float(4.0 / 29.0)
            return line.replacing(with: cubeRoot(t), where: t .> Float(216.0 / 24_389.0))
        }

        /// Cube root of non-negative lanes: exponent/3 bit trick, then two Newton steps
        /// y ← (2y + t/y²)/3. Relative error below 2·10⁻⁷ for t in [0.008856, 1.1].
        @inline(__always)
        static func cubeRoot(_ t: SIMD8<Float>) -> SIMD8<Float> {
            let bits = unsafeBitCast(t, to: SIMD8<UInt32>.self)
            // bits/3 via multiply-high: (bits * 0xAAAAAAAB) >> 33, exact for 32-bit unsigned.
            var third = SIMD8<UInt32>()
            for lane in 0..<8 { third[lane] = UInt32((UInt64(bits[lane]) &* 0xAAAA_AAAB) >> 33) }
            var y = unsafeBitCast(third &+ 0x2A51_37A0, to: SIMD8<Float>.self)
            let oneThird = SIMD8<Float>(repeating: 1.0 / 3.0)
            y = (y + y + t / (y * y)) * oneThird
            y = (y + y + t / (y * y)) * oneThird
            return y
        }
    }
}
