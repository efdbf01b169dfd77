import Foundation

/// Reads a manifest's rows as field name → text, with the line (CSV) or entry number (JSON).
enum ManifestReader {
    struct MalformedManifest: Error, CustomStringConvertible {
        var description: String
    }

    /// Header names accepted besides the canonical ones (compared without case, spaces or `_`).
    static let aliases: [String: String] = [
        "patient": "patient", "patientid": "patient", "sessiondate": "sessionDate", "date": "sessionDate",
        "photo": "photo", "path": "photo", "file": "photo", "view": "view", "region": "view", "roi": "roi",
        "pixelspermillimetre": "pixelsPerMillimetre", "pixelspermm": "pixelsPerMillimetre",
        "pixelspermillimeter": "pixelsPerMillimetre", "dayssinceprocedure": "daysSinceProcedure",
        "repeat": "repeat", "repeatindex": "repeat",
    ]

    /// The key of a row that could not be split into the header's fields.
    static let malformed = "\u{0}malformed"

    static func canonical(_ header: String) -> String {
        let key = header.lowercased().filter { $0 != " " && $0 != "_" && $0 != "-" }
        return aliases[key] ?? header
    }

    /// RFC 4180 CSV: a header row, quoted fields may hold commas, quotes (doubled) and newlines.
    /// A row with the wrong number of fields comes back with `malformed` set instead of fields.
    static func csvRows(_ data: Data) throws -> [(line: Int, fields: [String: String])] {
        guard let text = String(data: data, encoding: .utf8) else { throw MalformedManifest(description: "the manifest is not UTF-8 text") }
        var records: [(line: Int, cells: [String])] = []
        var cells: [String] = [], cell = "", quoted = false, line = 1, recordLine = 1, afterQuote = false
        var iterator = Array(text.unicodeScalars.map(Character.init)).makeIterator()
        var pending: Character? = nil
        func next() -> Character? {
            if let p = pending { pending = nil; return p }
            return iterator.next()
        }
        while let c = next() {
            if quoted {
                if c == "\"" {
                    if let n = next() {
                        if n == "\"" { cell.append("\"") } else { quoted = false; afterQuote = true; pending = n }
                    } else { quoted = false }
                } else {
                    if c == "\n" { line += 1 }
                    cell.append(c)
                }
                continue
            }
            switch c {
            case "\"" where cell.isEmpty && !afterQuote: quoted = true
            case ",": cells.append(cell); cell = ""; afterQuote = false
            case "\r": break
            case "\n":
                cells.append(cell)
                if !(cells.count == 1 && cells[0].isEmpty) { records.append((recordLine, cells)) }
                cells = []; cell = ""; afterQuote = false
                line += 1
                recordLine = line
            default: cell.append(c)
            }
        }
        if quoted { throw MalformedManifest(description: "a quoted field opened on line \(recordLine) is never closed") }
        if !cell.isEmpty || !cells.isEmpty { cells.append(cell); records.append((recordLine, cells)) }
        guard let header = records.first else { throw MalformedManifest(description: "the manifest is empty") }
        let names = header.cells.map { canonical($0.trimmingCharacters(in: .whitespaces)) }
        return records.dropFirst().map { record in
            guard record.cells.count == names.count else {
                return (record.line, [malformed: "the row has \(record.cells.count) fields; the header has \(names.count)"])
            }
            var fields: [String: String] = [:]
            for (name, value) in zip(names, record.cells) { fields[name] = value.trimmingCharacters(in: .whitespaces) }
            return (record.line, fields)
        }
    }

    /// A JSON array of objects, or an object with a `photos` array. Numbers become their text.
    static func jsonRows(_ data: Data) throws -> [(line: Int, fields: [String: String])] {
        let top: Any
        do { top = try JSONSerialization.jsonObject(with: data) } catch {
            throw MalformedManifest(description: "the manifest is not valid JSON")
        }
        guard let entries = (top as? [Any]) ?? ((top as? [String: Any])?["photos"] as? [Any]) else {
            throw MalformedManifest(description: "the JSON manifest must be an array of photo entries or {\"photos\": [...]}")
        }
        return try entries.enumerated().map { index, entry in
            guard let object = entry as? [String: Any] else {
                throw MalformedManifest(description: "entry \(index + 1) is not an object")
            }
            var fields: [String: String] = [:]
            for (key, value) in object {
                switch value {
                case let text as String: fields[canonical(key)] = text
                case let number as NSNumber: fields[canonical(key)] = number.stringValue
                case is NSNull: break
                default: throw MalformedManifest(description: "entry \(index + 1): \(key) must be text or a number")
                }
            }
            return (index + 1, fields)
        }
    }
}
