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
        /// the row above that touch them (union–find with path halving, the smaller run index as
        /// root), runs are numbered in raster order, and properties are summed per run in closed
        /// form. Run storage is counted first and allocated once. Equal to
        /// ``reference(_:connectivity:)`` exactly (labels and integer moment sums). Single-threaded.
        public static func fast(_ mask: Image<Gray8>, connectivity: Connectivity) -> Result {
            let w = mask.width, h = mask.height
            let reach = connectivity == .eight ? 1 : 0
            return mask.withUnsafeBufferPointer { buffer in
                let m = UnsafeRawPointer(buffer.baseAddress!).assumingMemoryBound(to: UInt8.self)
                // Pass 0: count runs (a run starts where a set pixel follows an unset one).
                var runCount = 0
                for y in 0..<h {
                    let row = m + y &* w
                    var previous = false
                    for x in 0..<w {
                        let set = row[x] != 0
                        if set && !previous { runCount &+= 1 }
                        previous = set
                    }
                }
                let runRow = UnsafeMutablePointer<Int32>.allocate(capacity: Swift.max(runCount, 1))
                let runStart = UnsafeMutablePointer<Int32>.allocate(capacity: Swift.max(runCount, 1))
                let runEnd = UnsafeMutablePointer<Int32>.allocate(capacity: Swift.max(runCount, 1))
                let parent = UnsafeMutablePointer<Int32>.allocate(capacity: Swift.max(runCount, 1))
                defer { runRow.deallocate(); runStart.deallocate(); runEnd.deallocate(); parent.deallocate() }
                // Pass 1: runs and unions with the row above.
                var count = 0, previousFirst = 0, previousEnd = 0
                for y in 0..<h {
                    let row = m + y &* w
                    let first = count
                    var x = 0, above = previousFirst
                    while x < w {
                        while x < w && row[x] == 0 { x &+= 1 }
                        if x == w { break }
                        let start = x
                        while x < w && row[x] != 0 { x &+= 1 }
                        let index = Int32(truncatingIfNeeded: count)
                        runRow[count] = Int32(truncatingIfNeeded: y)
                        runStart[count] = Int32(truncatingIfNeeded: start)
                        runEnd[count] = Int32(truncatingIfNeeded: x)
                        parent[count] = index
                        count &+= 1
                        // Runs above overlapping columns [start − reach, x + reach).
                        while above < previousEnd && Int(runEnd[above]) &+ reach <= start { above &+= 1 }
                        var k = above
                        while k < previousEnd && Int(runStart[k]) < x &+ reach {
                            union(parent, Int32(truncatingIfNeeded: k), index)
                            k &+= 1
                        }
                    }
                    previousFirst = first
                    previousEnd = count
                }
                // Pass 2: labels in raster order of each set's first run; properties per run.
                var accumulators = [Region.Accumulator]()
                var labels = [Int32](repeating: 0, count: w * h)
                labels.withUnsafeMutableBufferPointer { out in
                    let labelOf = parent  // reused: after this loop parent[i] holds run i's label
                    for i in 0..<count {
                        let root = Int(find(parent, Int32(truncatingIfNeeded: i)))
                        let label: Int32
                        if root == i {
                            accumulators.append(Region.Accumulator())
                            label = Int32(truncatingIfNeeded: accumulators.count)
                        } else {
                            label = -labelOf[root]  // roots already hold −label
                        }
                        labelOf[i] = -label
                        let x0 = Int(runStart[i]), x1 = Int(runEnd[i]), y = Int(runRow[i])
                        accumulators[Int(label) &- 1].addRun(y: y, x0: x0, x1: x1)
                        (out.baseAddress! + (y &* w &+ x0)).update(repeating: label, count: x1 &- x0)
                    }
                }
                let regions = accumulators.enumerated().map { $1.region(label: $0 + 1) }
                return Result(labels: labels, size: mask.size, regions: regions)
            }
        }

        /// Finds the root of run `i`. Roots always hold the smaller index, so a set's root is its
        /// first run in raster order; a root stores itself (pass 1) and, in pass 2, once labelled,
        /// its negated label, which `find` never follows because roots are resolved first.
        @inline(__always)
        static func find(_ parent: UnsafeMutablePointer<Int32>, _ i: Int32) -> Int32 {
            var i = i
            while true {
                let p = parent[Int(i)]
                if p == i || p < 0 { return i }
                let grand = parent[Int(p)]
                if grand < 0 { return p }
                parent[Int(i)] = grand
                i = grand
            }
        }

        @inline(__always)
        static func union(_ parent: UnsafeMutablePointer<Int32>, _ a: Int32, _ b: Int32) {
            let ra = find(parent, a), rb = find(parent, b)
            if ra < rb { parent[Int(rb)] = ra } else if rb < ra { parent[Int(ra)] = rb }
        }
    }
}
