import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The byte stream to and from one worker: frames of an 8-byte header — `S`, `D`, a kind byte
/// (`J` for a UTF-8 JSON message, `B` for binary data), a zero byte, and the payload length as a
/// little-endian `UInt32` — then the payload. Every read and write waits at most until a
/// deadline, so a worker that stops reading or never answers cannot block the caller.
struct FrameChannel {
    enum Kind: UInt8 {
        case json = 0x4A  // "J"
        case binary = 0x42  // "B"
    }

    /// Why the stream failed; `description` reads as the end of a sentence ("the plugin …").
    enum Failure: Error, CustomStringConvertible {
        case timedOut(seconds: Double)
        case closed
        case notAFrame(prefix: [UInt8])
        case tooLarge(bytes: Int, limit: Int)
        case unexpectedKind(expected: Kind, found: UInt8)
        case system(String)

        var description: String {
            switch self {
            case .timedOut(let seconds): "did not answer within \(Self.seconds(seconds))"
            case .closed: "closed its output"
            case .notAFrame(let prefix):
                "wrote bytes that are not a protocol frame (\(Self.show(prefix))); a plugin must write nothing else to standard output (log to standard error)"
            case .tooLarge(let bytes, let limit): "announced a frame of \(bytes) bytes, more than the \(limit) allowed"
            case .unexpectedKind(let expected, let found):
                "sent a frame of kind \(Self.show([found])) where a \(expected == .json ? "JSON" : "binary") frame was due"
            case .system(let reason): "cannot be talked to: \(reason)"
            }
        }

        static func seconds(_ value: Double) -> String {
            value == value.rounded() ? "\(Int(value)) s" : String(format: "%.1f s", value)
        }

        static func show(_ bytes: [UInt8]) -> String {
            let hex = bytes.map { String(format: "%02x", $0) }.joined(separator: " ")
            let text = String(decoding: bytes.map { (0x20..<0x7F).contains($0) ? $0 : UInt8(ascii: ".") }, as: UTF8.self)
            return "starting \(hex) “\(text)”"
        }
    }

    static let headerBytes = 8
    /// Largest JSON message accepted from a worker.
    static let maximumMessageBytes = 256 << 20

    let readDescriptor: Int32
    let writeDescriptor: Int32

    /// Sets both descriptors non-blocking.
    init(read: Int32, write: Int32) {
        readDescriptor = read
        writeDescriptor = write
        _ = fcntl(read, F_SETFL, fcntl(read, F_GETFL) | O_NONBLOCK)
        _ = fcntl(write, F_SETFL, fcntl(write, F_GETFL) | O_NONBLOCK)
        #if os(Linux)
        // A 1 MiB pipe (F_SETPIPE_SZ; the default is 64 KiB) moves large planes in fewer wake-ups.
        // Refused without harm when the system's limit is lower.
        _ = fcntl(write, 1031, Int32(1 << 20))
        _ = fcntl(read, 1031, Int32(1 << 20))
        #endif
    }

    static func header(_ kind: Kind, length: Int) -> [UInt8] {
        let n = UInt32(length)
        return [0x53, 0x44, kind.rawValue, 0, UInt8(n & 0xFF), UInt8((n >> 8) & 0xFF), UInt8((n >> 16) & 0xFF), UInt8(n >> 24)]
    }

    /// Writes one JSON frame.
    func send(json: Data, deadline: Deadline) throws {
        try write(Self.header(.json, length: json.count), deadline: deadline)
        try json.withUnsafeBytes { (raw: UnsafeRawBufferPointer) throws in try write(raw, deadline: deadline) }
    }

    /// Writes one binary frame straight from `bytes`.
    func send(binary bytes: UnsafeRawBufferPointer, deadline: Deadline) throws {
        try write(Self.header(.binary, length: bytes.count), deadline: deadline)
        try write(bytes, deadline: deadline)
    }

    /// Reads one JSON frame.
    func receiveJSON(deadline: Deadline) throws -> Data {
        var header = [UInt8](repeating: 0, count: Self.headerBytes)
        try header.withUnsafeMutableBytes { (raw: UnsafeMutableRawBufferPointer) throws in try read(into: raw, deadline: deadline) }
        guard header[0] == 0x53, header[1] == 0x44, header[3] == 0 else { throw Failure.notAFrame(prefix: header) }
        guard header[2] == Kind.json.rawValue else { throw Failure.unexpectedKind(expected: .json, found: header[2]) }
        let length = Int(header[4]) | Int(header[5]) << 8 | Int(header[6]) << 16 | Int(header[7]) << 24
        guard length <= Self.maximumMessageBytes else { throw Failure.tooLarge(bytes: length, limit: Self.maximumMessageBytes) }
        var payload = Data(count: length)
        try payload.withUnsafeMutableBytes { (raw: UnsafeMutableRawBufferPointer) throws in try read(into: raw, deadline: deadline) }
        return payload
    }

    private func write(_ bytes: [UInt8], deadline: Deadline) throws {
        try bytes.withUnsafeBytes { (raw: UnsafeRawBufferPointer) throws in try write(raw, deadline: deadline) }
    }

    private func write(_ bytes: UnsafeRawBufferPointer, deadline: Deadline) throws {
        var offset = 0
        while offset < bytes.count {
            try wait(writeDescriptor, for: Int16(POLLOUT), deadline: deadline)
            let n = Glibc.write(writeDescriptor, bytes.baseAddress! + offset, min(bytes.count - offset, 1 << 20))
            if n > 0 {
                offset += n
            } else if n < 0, errno == EAGAIN || errno == EINTR {
                continue
            } else if n < 0, errno == EPIPE {
                throw Failure.closed
            } else {
                throw Failure.system(String(cString: strerror(errno)))
            }
        }
    }

    private func read(into buffer: UnsafeMutableRawBufferPointer, deadline: Deadline) throws {
        var offset = 0
        while offset < buffer.count {
            try wait(readDescriptor, for: Int16(POLLIN), deadline: deadline)
            let n = Glibc.read(readDescriptor, buffer.baseAddress! + offset, buffer.count - offset)
            if n > 0 {
                offset += n
            } else if n == 0 {
                throw Failure.closed
            } else if errno == EAGAIN || errno == EINTR {
                continue
            } else {
                throw Failure.system(String(cString: strerror(errno)))
            }
        }
    }

    private func wait(_ descriptor: Int32, for events: Int16, deadline: Deadline) throws {
        while true {
            let remaining = deadline.remainingMilliseconds
            guard remaining > 0 else { throw Failure.timedOut(seconds: deadline.seconds) }
            var entry = pollfd(fd: descriptor, events: events, revents: 0)
            let ready = poll(&entry, 1, Int32(min(remaining, 1_000)))
            if ready > 0 { return }  // readable, writable, or hung up: the read or write says which
            if ready < 0, errno != EINTR { throw Failure.system(String(cString: strerror(errno))) }
        }
    }
}

/// A point in time on the monotonic clock, with the length of the wait it ends.
struct Deadline {
    let seconds: Double
    private let end: UInt64

    init(seconds: Double) {
        self.seconds = seconds
        end = DispatchTime.now().uptimeNanoseconds + UInt64(max(0, min(seconds, 1e7)) * 1e9)
    }

    var remainingMilliseconds: Int {
        let now = DispatchTime.now().uptimeNanoseconds
        return now >= end ? 0 : Int((end - now + 999_999) / 1_000_000)
    }
}
