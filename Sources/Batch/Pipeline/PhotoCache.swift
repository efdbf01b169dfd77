import Foundation
import ImageCodec

/// The photos of a batch in flight: each is prepared (read, hashed, decoded) on its first use and
/// released after its last planned use, so a batch decodes every photo once and holds in memory
/// only the photos of the pairs being scored (and the patient's photos still to be compared).
final class PhotoCache: @unchecked Sendable {
    private let lock = NSLock()
    private var remaining: [String: Int]
    private var live: [String: PreparedPhoto] = [:]
    private var digests: [String: (sha: String, bytes: Int)] = [:]
    private var decodes = 0
    private var decodeWarnings: [String: [String]] = [:]
    private let decoder: ImageDecoder

    /// `uses`: how many planned jobs each photo (by path) takes part in.
    init(uses: [String: Int], decoder: ImageDecoder) {
        remaining = uses
        self.decoder = decoder
    }

    /// The photo at `path`, prepared on the first call (its bytes are read and hashed under the lock,
    /// so two jobs never read one file twice).
    func acquire(_ path: String, name: String) -> PreparedPhoto {
        lock.withLock {
            if let photo = live[path] { return photo }
            let photo = PreparedPhoto(path: path, name: name, decoder: decoder)
            if let sha = photo.sha256 { digests[path] = (sha, photo.byteCount) }
            live[path] = photo
            return photo
        }
    }

    /// One planned use of the photo at `path` is over; after the last, its pixels are released.
    func finished(_ path: String) {
        lock.withLock {
            remaining[path, default: 1] -= 1
            if remaining[path]! <= 0, let photo = live.removeValue(forKey: path) {
                decodes += photo.decodeCount
                if !photo.warnings.isEmpty { decodeWarnings[path] = photo.warnings }
                photo.release()
            }
        }
    }

    /// The digest of a photo that no job used (it is read for its digest alone).
    func digest(_ path: String, name: String) -> (sha: String, bytes: Int)? {
        if let known = lock.withLock({ digests[path] }) { return known }
        let photo = PreparedPhoto(path: path, name: name, decoder: decoder)
        guard let sha = photo.sha256 else { return nil }
        lock.withLock { digests[path] = (sha, photo.byteCount) }
        return (sha, photo.byteCount)
    }

    /// The decoders' tolerated warnings by path, for the photos released so far.
    var warnings: [String: [String]] { lock.withLock { decodeWarnings } }

    /// Pixel decodes so far, over all photos (released or still live).
    var decodeCount: Int { lock.withLock { decodes + live.values.reduce(0) { $0 + $1.decodeCount } } }
}
