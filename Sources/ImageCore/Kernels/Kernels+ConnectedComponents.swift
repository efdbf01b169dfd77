#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Kernels {
    /// Connected components of a binary mask (non-zero = foreground) with region properties.
    ///
    /// Labels are 1, 2, 3, … in the raster order of each component's first pixel (top row first,
    /// then leftmost); background is 0. Neighbours are the 4 edge neighbours, or the 8 edge and
    /// corner neighbours.
    public enum ConnectedComponents {
        /// Which pixels touch.
        public enum Connectivity: Int, Sendable {
            case four = 4, eight = 8
        }

        /// Labels and one ``Region`` per label (`regions[i].label == i + 1`).
        public struct Result: Sendable, Equatable {
            /// Row-major labels, one per pixel; 0 is background.
            public var labels: [Int32]
            public var size: Size
            public var regions: [Region]
        }

        /// Flood fill (breadth-first) from each unlabelled pixel in raster order, properties
        /// accumulated pixel by pixel.
        public static func reference(_ mask: Image<Gray8>, connectivity: Connectivity) -> Result {
            let w = mask.width, h = mask.height
            var labels = [Int32](repeating: 0, count: w * h)
            var regions = [Region]()
            let offsets = connectivity == .four ? [(1, 0), (-1, 0), (0, 1), (0, -1)]
                : [(1, 0), (-1, 0), (0, 1), (0, -1), (1, 1), (1, -1), (-1, 1), (-1, -1)]
            for start in 0..<(w * h) where mask.pixels[start].value != 0 && labels[start] == 0 {
                let label = Int32(regions.count + 1)
                var accumulator = Region.Accumulator()
                var queue = [start]
                labels[start] = label
                var head = 0
                while head < queue.count {
                    let i = queue[head]; head += 1
                    let x = i % w, y = i / w
                    accumulator.addRun(y: y, x0: x, x1: x + 1)
                    for (dx, dy) in offsets {
                        let xx = x + dx, yy = y + dy
                        guard xx >= 0, xx < w, yy >= 0, yy < h else { continue }
                        let j = yy * w + xx
                        if mask.pixels[j].value != 0 && labels[j] == 0 { labels[j] = label; queue.append(j) }
                    }
                }
                regions.append(accumulator.region(label: Int(label)))
            }
            return Result(labels: labels, size: mask.size, regions: regions)
        }

        /// Run-based two-pass labelling: horizontal runs of each row are united with the runs of
        /// the row above that touch them (union–find with path halving), runs are numbered in raster
        /// order, and properties are summed per run in closed form. Equal to
        /// ``reference(_:connectivity:)`` exactly (labels and integer moment sums). Single-threaded.
        public static func fast(_ mask: Image<Gray8>, connectivity: Connectivity) -> Result {
            let w = mask.width, h = mask.height
            // Runs: (row, x0, x1) with x1 exclusive, in raster order.
            var runRow = [Int32](), runStart = [Int32](), runEnd = [Int32]()
            var parent = [Int32]()
            let reach = connectivity == .eight ? 1 : 0
            mask.withUnsafeBufferPointer { buffer in
                let m = UnsafeRawPointer(buffer.baseAddress!).assumingMemoryBound(to: UInt8.self)
                var previousFirst = 0, previousEnd = 0
                for y in 0..<h {
                    let row = m + y &* w
                    let first = runStart.count
                    var x = 0
                    var above = previousFirst
                    while x < w {
                        while x < w && row[x] == 0 { x &+= 1 }
                        if x == w { break }
                        let start = x
                        while x < w && row[x] != 0 { x &+= 1 }
                        let index = Int32(runStart.count)
                        runRow.append(Int32(y)); runStart.append(Int32(start)); runEnd.append(Int32(x))
                        parent.append(index)
                        // Runs above overlap [start − reach, x + reach).
                        while above < previousEnd && Int(runEnd[above]) &+ reach <= start { above &+= 1 }
                        var k = above
                        while k < previousEnd && Int(runStart[k]) < x &+ reach {
                            union(&parent, Int32(k), index)
                            k &+= 1
                        }
                    }
                    previousFirst = first
                    previousEnd = runStart.count
                }
            }
            // Final labels in raster order of each set's first run (the set's smallest run index).
            var runLabel = [Int32](repeating: 0, count: parent.count)
            var accumulators = [Region.Accumulator]()
            for i in parent.indices {
                let root = Int(find(&parent, Int32(i)))
                if root == i {
                    accumulators.append(Region.Accumulator())
                    runLabel[i] = Int32(accumulators.count)
                } else {
                    runLabel[i] = runLabel[root]
                }
                accumulators[Int(runLabel[i]) - 1].addRun(y: Int(runRow[i]), x0: Int(runStart[i]), x1: Int(runEnd[i]))
            }
            var labels = [Int32](repeating: 0, count: w * h)
            labels.withUnsafeMutableBufferPointer { out in
                for i in runLabel.indices {
                    let base = Int(runRow[i]) &* w
                    (out.baseAddress! + base + Int(runStart[i])).update(repeating: runLabel[i],
                                                                        count: Int(runEnd[i] - runStart[i]))
                }
            }
            let regions = accumulators.enumerated().map { $1.region(label: $0 + 1) }
            return Result(labels: labels, size: mask.size, regions: regions)
        }

        /// Roots always point to the smaller index, so a set's root is its first run.
        @inline(__always)
        static func find(_ parent: inout [Int32], _ i: Int32) -> Int32 {
            var i = i
            while parent[Int(i)] != i {
                let next = parent[Int(parent[Int(i)])]
                parent[Int(i)] = next
                i = next
            }
            return i
        }

        @inline(__always)
        static func union(_ parent: inout [Int32], _ a: Int32, _ b: Int32) {
            let ra = find(&parent, a), rb = find(&parent, b)
            if ra < rb { parent[Int(rb)] = ra } else if rb < ra { parent[Int(ra)] = rb }
        }
    }
}
