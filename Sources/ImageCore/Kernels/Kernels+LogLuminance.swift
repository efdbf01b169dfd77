#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Kernels {
    /// Natural log of linear luminance from 8-bit sRGB, optionally binned 2×2, for registration.
    ///
    /// Each output pixel takes the code sum s = Σ (R + 2G + B) over its b×b input block (b = 1 or
    /// 2; at an odd right or bottom edge the last column or row is repeated, as in
    /// ``Downsample2x``), and returns ln(linear(s / (4·b²·255)) + 1/1024), where `linear` undoes the
    /// sRGB transfer curve. Output size ⌈w/b⌉ × ⌈h/b⌉; output x maps to input b·x + (b − 1)/2.
    ///
    /// Why: a change of exposure or of light colour multiplies the linear signal, which the log
    /// turns into an additive offset that a band-pass removes; the 1/1024 floor keeps black from
    /// dominating. The weights (1, 2, 1)/4 approximate luminance with integers only.
    public enum LogLuminance {
        /// The table from code sum to output for binning `b`: 4·b²·255 + 1 entries.
        public static func table(binning b: Int) -> [Float] {
            precondition(b == 1 || b == 2, "binning must be 1 or 2")
            let count = 4 * b * b * 255
            return (0...count).map { sum in
                Float(log(ColorSpace.linear(fromSRGB: Double(sum) / Double(count)) + 1.0 / 1024))
            }
        }

        /// The output size for an input of `size` binned by `b`.
        public static func outputSize(for size: Size, binning b: Int) -> Size {
            Size(width: (size.width + b - 1) / b, height: (size.height + b - 1) / b)
        }

        /// Direct definition.
        public static func reference(_ image: Image<RGB8>, binning b: Int) -> Image<Gray32> {
            let table = table(binning: b)
            let out = outputSize(for: image.size, binning: b)
            var pixels = [Gray32]()
            pixels.reserveCapacity(out.width * out.height)
            for y in 0..<out.height {
                for x in 0..<out.width {
                    var sum = 0
                    for j in 0..<b {
                        for i in 0..<b {
                            let p = image[x: Swift.min(b * x + i, image.width - 1), y: Swift.min(b * y + j, image.height - 1)]
                            sum += Int(p.red) + 2 * Int(p.green) + Int(p.blue)
                        }
                    }
                    pixels.append(Gray32(value: table[sum]))
                }
            }
            return Image(size: out, pixels: pixels)
        }

        /// Integer sums over the interleaved bytes and one table look-up per output pixel, in row
        /// bands on all cores. Equal to ``reference(_:binning:)`` exactly.
        public static func fast(_ image: Image<RGB8>, binning b: Int, parallel: Bool = true) -> Image<Gray32> {
            let table = table(binning: b)
            let out = outputSize(for: image.size, binning: b)
            let w = image.width, h = image.height, ow = out.width
            var output = Image<Gray32>.uninitialized(size: out)
            image.withUnsafeBufferPointer { source in
                output.withUnsafeMutableBufferPointer { target in
                    table.withUnsafeBufferPointer { lookUp in
                        let job = UncheckedSendable((
                            source: UnsafeRawPointer(source.baseAddress!).assumingMemoryBound(to: UInt8.self),
                            target: UnsafeMutableRawPointer(target.baseAddress!).assumingMemoryBound(to: Float.self),
                            table: lookUp.baseAddress!))
                        RowBands.forEach(rowCount: out.height, parallel: parallel) { rows in
                            let src = job.value.source, dst = job.value.target, table = job.value.table
                            for y in rows {
                                let row = dst + y &* ow
                                if b == 1 {
                                    let p = src + 3 &* (y &* w)
                                    for x in 0..<ow {
                                        let q = p + 3 &* x
                                        let sum = Int(q[0]) &+ 2 &* Int(q[1]) &+ Int(q[2])
                                        row[x] = table[sum]
                                    }
                                    continue
                                }
                                let top = src + 3 &* (2 &* y &* w)
                                let bottom = src + 3 &* (Swift.min(2 &* y &+ 1, h &- 1) &* w)
                                let pairs = w / 2
                                for x in 0..<pairs {
                                    let t = top + 6 &* x, u = bottom + 6 &* x
                                    let red = Int(t[0]) &+ Int(t[3]) &+ Int(u[0]) &+ Int(u[3])
                                    let green = Int(t[1]) &+ Int(t[4]) &+ Int(u[1]) &+ Int(u[4])
                                    let blue = Int(t[2]) &+ Int(t[5]) &+ Int(u[2]) &+ Int(u[5])
                                    row[x] = table[red &+ 2 &* green &+ blue]
                                }
                                if pairs < ow {
                                    let t = top + 3 &* (w &- 1), u = bottom + 3 &* (w &- 1)
                                    let red = 2 &* (Int(t[0]) &+ Int(u[0]))
                                    let green = 2 &* (Int(t[1]) &+ Int(u[1]))
                                    let blue = 2 &* (Int(t[2]) &+ Int(u[2]))
                                    row[pairs] = table[red &+ 2 &* green &+ blue]
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
