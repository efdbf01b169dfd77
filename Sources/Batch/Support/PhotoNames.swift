import Reports

/// The names outputs use for patients and photos: the patient id and the file name, or with a
/// pseudonym key, `P-` + the first 12 hex digits of HMAC-SHA-256(key, id) and a photo name made of
/// that pseudonym, the session date, the view and the repeat index. The same key gives the same
/// pseudonyms in every run; without the key they cannot be traced back.
struct PhotoNames: Sendable {
    let key: [UInt8]?
    private let names: [String: String]

    init(photos: [PhotoEntry], key: [UInt8]?) {
        self.key = key
        var names: [String: String] = [:]
        for photo in photos {
            guard let key else { names[photo.path] = photo.fileName; continue }
            let ext = photo.fileName.split(separator: ".").last.map { "." + $0.lowercased() } ?? ""
            let id = Self.pseudonym(photo.patient, key: key)
            names[photo.path] = "\(id)_\(photo.sessionDate)_\(Self.pseudonym(photo.view, key: key))_r\(photo.repeatIndex)\(ext)"
        }
        self.names = names
    }

    func name(_ photo: PhotoEntry) -> String { names[photo.path] ?? photo.fileName }

    func patient(_ id: String) -> String { key.map { Self.pseudonym(id, key: $0) } ?? id }

    func view(_ view: String) -> String { key.map { Self.pseudonym(view, key: $0) } ?? view }

    static func pseudonym(_ text: String, key: [UInt8]) -> String {
        "P-" + SHA256.hex(SHA256.hmac(key: key, message: Array(text.utf8))).prefix(12)
    }
}
