/// When a photo was taken, as its camera recorded it (EXIF `DateTimeOriginal`, 0x9003).
///
/// EXIF stores local wall-clock time without a zone; `utcOffset` is filled from
/// `OffsetTimeOriginal` (0x9011) when the camera wrote it.
public struct CaptureTime: Sendable, Hashable, Codable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int
    public var hour: Int
    public var minute: Int
    public var second: Int
    /// `"+HH:MM"` or `"-HH:MM"`, or `nil` when unknown.
    public var utcOffset: String?

    public init(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, utcOffset: String? = nil) {
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
        self.utcOffset = utcOffset
    }

    /// Parses EXIF's `"YYYY:MM:DD HH:MM:SS"`; `nil` for blanks, zeros and out-of-range fields.
    public init?(exifDateTime text: String, utcOffset: String? = nil) {
        let digits = Array(text.utf8.prefix(19))
        guard digits.count == 19 else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for i in range {
                let c = digits[i]
                guard c >= 0x30, c <= 0x39 else { return nil }
                value = value * 10 + Int(c - 0x30)
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
              let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
              (1...9999).contains(year), (1...12).contains(month), (1...31).contains(day),
              (0...23).contains(hour), (0...59).contains(minute), (0...60).contains(second)
        else { return nil }
        var offset: String?
        if let utcOffset, utcOffset.utf8.count == 6,
           let sign = utcOffset.first, sign == "+" || sign == "-",
           utcOffset.dropFirst().enumerated().allSatisfy({ index, c in index == 2 ? c == ":" : c.isASCII && c.isNumber }) {
            offset = utcOffset
        }
        self.init(year: year, month: month, day: day, hour: hour, minute: minute, second: second, utcOffset: offset)
    }

    /// ISO 8601, e.g. `2026-03-01T10:22:03` or `2026-03-01T10:22:03+01:00`.
    public var description: String {
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(hour, 2)):\(pad(minute, 2)):\(pad(second, 2))"
            + (utcOffset ?? "")
    }
}
