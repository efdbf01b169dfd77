/// Dense linear algebra for the few parameters of a motion model (row-major `[Double]`).
enum SmallMatrix {
    /// Solves A·x = b (A n×n) by Gaussian elimination with partial pivoting; nil when singular.
    static func solve(_ a: [Double], _ b: [Double], n: Int) -> [Double]? {
        var m = a, x = b
        for column in 0..<n {
            var pivot = column
            for row in (column + 1)..<max(column + 1, n) where abs(m[row * n + column]) > abs(m[pivot * n + column]) {
                pivot = row
            }
            guard abs(m[pivot * n + column]) > 1e-300 else { return nil }
            if pivot != column {
                for k in 0..<n { m.swapAt(column * n + k, pivot * n + k) }
                x.swapAt(column, pivot)
            }
            let diagonal = m[column * n + column]
            for row in (column + 1)..<max(column + 1, n) {
                let factor = m[row * n + column] / diagonal
                guard factor != 0 else { continue }
                for k in column..<n { m[row * n + k] -= factor * m[column * n + k] }
                x[row] -= factor * x[column]
            }
        }
        for row in stride(from: n - 1, through: 0, by: -1) {
            var sum = x[row]
            for k in (row + 1)..<max(row + 1, n) { sum -= m[row * n + k] * x[k] }
            x[row] = sum / m[row * n + row]
        }
        return x.allSatisfy(\.isFinite) ? x : nil
    }

    /// The inverse of A (n×n); nil when singular.
    static func inverse(_ a: [Double], n: Int) -> [Double]? {
        var result = [Double](repeating: 0, count: n * n)
        for column in 0..<n {
            var unit = [Double](repeating: 0, count: n)
            unit[column] = 1
            guard let x = solve(a, unit, n: n) else { return nil }
            for row in 0..<n { result[row * n + column] = x[row] }
        }
        return result
    }
}
