import Foundation

/// Numbers as the pages print them: in fixed-point notation (never `4.964e-05`), with a true minus
/// sign, rounded to what the measurement can tell apart.
///
/// A value that comes with an interval keeps two significant digits of the interval's width
/// (an interval 0.31 wide gives two decimals, one 35 wide none); a value without one keeps three
/// significant digits, and a whole number (a count) none. At most six decimals.
public enum DisplayNumber {
    /// The number of decimals that keeps two significant digits of `spread` (a non-negative width),
    /// or three significant digits of `value` when the spread is zero or not finite (none for a whole number).
    public static func decimals(value: Double, spread: Double? = nil) -> Int {
        if let spread, spread.isFinite, spread > 0 {
            return min(6, max(0, 1 - Int(floor(log10(spread)))))
        }
        guard value.isFinite, value != 0, value != value.rounded() else { return 0 }
        return min(6, max(0, 2 - Int(floor(log10(abs(value))))))
    }

    /// `value` with `decimals` decimals, "−" for negative numbers and "+" when `signed` and positive;
    /// "–" when not finite. A value that rounds to zero prints as "0" (unsigned).
    public static func text(_ value: Double, decimals: Int, signed: Bool = false) -> String {
        guard value.isFinite else { return "–" }
        var body = String(format: "%.\(decimals)f", abs(value))
        let isZero = body.allSatisfy { $0 == "0" || $0 == "." }
        if isZero { body = String(format: "%.\(decimals)f", 0.0) }
        if isZero { return body }
        if value < 0 { return "−" + body }
        return signed ? "+" + body : body
    }

    /// A percentage change as printed in summaries: "−18 %", "+2.5 %", "0 %" (one decimal below 10 %).
    public static func percent(_ value: Double) -> String {
        text(value, decimals: abs(value) < 9.95 ? 1 : 0, signed: true) + " %"
    }
}
