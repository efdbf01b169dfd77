import Synchronization

/// A thread-safe pool of float planes, so a pipeline that runs stage after stage on 12-megapixel
/// pictures reuses its temporaries instead of allocating (and first-touching, ≈100 ms per GiB)
/// fresh memory each time.
///
///     let pool = ImagePool()
///     var blurred = pool.take(size: plane.size)           // contents unspecified
///     Kernels.GaussianBlur.fast(plane, sigma: 2, into: &blurred)
///     ...
///     pool.recycle(&blurred)                               // back to the pool
public final class ImagePool: Sendable {
    private let free = Mutex<[Size: [Image<Gray32>]]>([:])
    /// At most this many idle planes are kept per size.
    public let capacityPerSize: Int

    public init(capacityPerSize: Int = 8) {
        self.capacityPerSize = capacityPerSize
    }

    /// A plane of `size` whose contents are unspecified: a recycled one when available, else new.
    public func take(size: Size) -> Image<Gray32> {
        if let image = free.withLock({ $0[size]?.popLast() }) { return image }
        return Image<Gray32>.uninitialized(size: size)
    }

    /// Returns `image`'s buffer to the pool when no other copy shares it (otherwise it is simply
    /// released) and leaves a 1×1 placeholder in `image`.
    public func recycle(_ image: inout Image<Gray32>) {
        var taken = Image<Gray32>(size: Size(width: 1, height: 1), repeating: Gray32(value: 0))
        swap(&taken, &image)
        guard taken.isUniquelyReferenced else { return }
        let size = taken.size
        let sendable = UncheckedSendable(taken)
        free.withLock { pool in
            if pool[size, default: []].count < capacityPerSize { pool[size, default: []].append(sendable.value) }
        }
    }

    /// Idle planes held.
    public var idleCount: Int { free.withLock { $0.values.reduce(0) { $0 + $1.count } } }
}

extension Image {
    /// Whether no other `Image` value shares this one's storage.
    var isUniquelyReferenced: Bool {
        mutating get { isKnownUniquelyReferenced(&storage) }
    }
}
