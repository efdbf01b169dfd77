/// A rectangular raster of pixels with value semantics.
///
/// Copies share storage until one of them is mutated (copy-on-write), like `Array`.
///
/// **Layout.** Pixels are stored row-major and interleaved, without padding between rows: the
/// pixel at column `x`, row `y` is element `y * size.width + x`. The buffer is 64-byte aligned.
///
/// **Coordinates.** `x` grows to the right and `y` downward; `(0, 0)` is the top-left pixel, and
/// continuous coordinates put the origin at the centre of that pixel. Images decoded by ImageCodec
/// are already upright (their EXIF orientation has been applied).
///
///     var after = before                      // no pixels copied yet
///     after[x: 3, y: 4] = RGB8(red: 0, green: 0, blue: 0)  // `after` now owns its storage
public struct Image<Pixel: PixelProtocol>: Sendable {
    /// The width and height in pixels; both at least 1.
    public let size: Size
    @usableFromInline var storage: ImageStorage<Pixel>

    /// Creates an image of `size` with every pixel set to `pixel`.
    ///
    /// - Precondition: both sides are at least 1 and the pixel count fits in `Int`. Sizes that come
    ///   from input data are validated by their decoder before an image is created.
    @inlinable
    public init(size: Size, repeating pixel: Pixel) {
        let count = Self.validatedCount(size)
        self.size = size
        self.storage = ImageStorage(uninitializedCount: count)
        storage.base.initialize(repeating: pixel, count: count)
    }

    /// Creates an image whose pixels are written by `initializer`, without filling them first.
    ///
    /// `initializer` receives a buffer of `size.width * size.height` uninitialized pixels in row-major
    /// order and must write every one of them before returning normally. If it throws, the
    /// memory is released and the error is rethrown.
    @inlinable
    public init<E: Error>(
        size: Size,
        unsafeUninitializedPixels initializer: (UnsafeMutableBufferPointer<Pixel>) throws(E) -> Void
    ) throws(E) {
        let count = Self.validatedCount(size)
        let storage = ImageStorage<Pixel>(uninitializedCount: count)
        try initializer(UnsafeMutableBufferPointer(start: storage.base, count: count))
        self.size = size
        self.storage = storage
    }

    /// Creates an image from `pixels` in row-major order.
    ///
    /// - Precondition: `pixels.count == size.width * size.height`.
    @inlinable
    public init(size: Size, pixels: [Pixel]) {
        let count = Self.validatedCount(size)
        precondition(pixels.count == count, "expected \(count) pixels, got \(pixels.count)")
        self.size = size
        self.storage = ImageStorage(uninitializedCount: count)
        pixels.withUnsafeBufferPointer { source in
            storage.base.initialize(from: source.baseAddress!, count: count)
        }
    }

    @inlinable
    static func validatedCount(_ size: Size) -> Int {
        precondition(size.width >= 1 && size.height >= 1, "an image has at least one pixel on each side, not \(size)")
        guard let count = size.pixelCount else { preconditionFailure("pixel count of \(size) overflows Int") }
        return count
    }

    /// Columns, in pixels.
    @inlinable public var width: Int { size.width }
    /// Rows, in pixels.
    @inlinable public var height: Int { size.height }
    /// `width * height`.
    @inlinable public var pixelCount: Int { storage.count }

    /// The pixel at column `x`, row `y`. Bounds are checked; use the buffer accessors in loops.
    @inlinable
    public subscript(x x: Int, y y: Int) -> Pixel {
        get {
            precondition(x >= 0 && x < size.width && y >= 0 && y < size.height, "pixel (\(x), \(y)) is outside \(size)")
            return storage.base[y &* size.width &+ x]
        }
        set {
            precondition(x >= 0 && x < size.width && y >= 0 && y < size.height, "pixel (\(x), \(y)) is outside \(size)")
            makeUnique()
            storage.base[y &* size.width &+ x] = newValue
        }
    }

    /// Calls `body` with the pixels in row-major order.
    @inlinable
    public func withUnsafeBufferPointer<R, E: Error>(
        _ body: (UnsafeBufferPointer<Pixel>) throws(E) -> R
    ) throws(E) -> R {
        try withExtendedLifetime(storage) { () throws(E) -> R in
            try body(UnsafeBufferPointer(start: storage.base, count: storage.count))
        }
    }

    /// Calls `body` with the pixels in row-major order for writing, copying them first if shared.
    @inlinable
    public mutating func withUnsafeMutableBufferPointer<R, E: Error>(
        _ body: (UnsafeMutableBufferPointer<Pixel>) throws(E) -> R
    ) throws(E) -> R {
        makeUnique()
        return try withExtendedLifetime(storage) { () throws(E) -> R in
            try body(UnsafeMutableBufferPointer(start: storage.base, count: storage.count))
        }
    }

    /// The pixels as an array in row-major order (a copy).
    @inlinable
    public var pixels: [Pixel] {
        withUnsafeBufferPointer { Array($0) }
    }

    @inlinable
    mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&storage) {
            storage = storage.copy()
        }
    }
}

extension Image: Equatable {
    /// Two images are equal when their sizes and every pixel are equal.
    @inlinable
    public static func == (lhs: Image, rhs: Image) -> Bool {
        guard lhs.size == rhs.size else { return false }
        if lhs.storage === rhs.storage { return true }
        return lhs.withUnsafeBufferPointer { a in
            rhs.withUnsafeBufferPointer { b in
                for i in 0..<a.count where a[i] != b[i] { return false }
                return true
            }
        }
    }
}

extension Image {
    /// An image whose pixel values are unspecified until written.
    ///
    /// For kernels that write every pixel of their output: it skips filling memory that is about to
    /// be overwritten (for a 12 MP float plane, a 48 MB fill). Pixel types are trivial, so reading an
    /// unwritten pixel is not undefined behaviour, but its value is meaningless.
    @inlinable
    public static func uninitialized(size: Size) -> Image {
        Image(size: size) { (_: UnsafeMutableBufferPointer<Pixel>) in }
    }
}
