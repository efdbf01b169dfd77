/// The width and height of a raster, in pixels.
public struct Size: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Columns, in pixels.
    public var width: Int
    /// Rows, in pixels.
    public var height: Int

    /// Creates a size of `width` columns and `height` rows.
    @inlinable
    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }

    /// `width × height`, or `nil` when the product overflows `Int` or either side is negative.
    @inlinable
    public var pixelCount: Int? {
        guard width >= 0, height >= 0 else { return nil }
        let (product, overflow) = width.multipliedReportingOverflow(by: height)
        return overflow ? nil : product
    }

    /// The size with width and height exchanged.
    @inlinable
    public var transposed: Size { Size(width: height, height: width) }

    public var description: String { "\(width)×\(height)" }
}
