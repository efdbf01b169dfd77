public import AnalysisKit
import Foundation
import ImageCore
#if canImport(Glibc)
import Glibc
#endif

/// One persistent worker process of an out-of-process plugin, started on first use and reused
/// for every pair. Requests are served one at a time (concurrent callers wait their turn).
///
/// A request that times out, a worker that exits, and output that is not the protocol each fail
/// that request with a reason and stop the worker; the next request starts a new one. After
/// ``maximumConsecutiveFailures`` such failures in a row the plugin is disabled for the rest of
/// the run, so a hanging plugin costs its timeout a bounded number of times.
public final class PluginWorker: @unchecked Sendable {
    /// Failures in a row after which the plugin is not started again.
    public static let maximumConsecutiveFailures = 3

    public let manifest: PluginManifest
    /// The plugin's folder (the worker's working directory).
    public let folder: URL
    private let hostDescription: String
    private let lock = NSLock()
    private var process: Process?
    private var channel: FrameChannel?
    private var stdinHandle: FileHandle?
    private var stdoutHandle: FileHandle?
    private var logURL: URL?
    private var consecutiveFailures = 0
    private var disabledReason: String?
    private var nextRequest = 1
    /// Set when the worker chose the shared-memory transport.
    private var shared: SharedPlanes?

    public init(manifest: PluginManifest, folder: URL, hostDescription: String = "skindelta") {
        self.manifest = manifest
        self.folder = folder
        self.hostDescription = hostDescription
    }

    deinit {
        stop()
        if let logURL { try? FileManager.default.removeItem(at: logURL) }
    }

    /// Measures `pair` with the plugin; `settings` is the complete document the plugin receives.
    public func analyze(_ pair: AlignedPair, settings: SettingsDocument) throws(AnalysisError) -> AnalysisResult {
        lock.lock()
        defer { lock.unlock() }
        if let disabledReason { throw .failed(id: manifest.id, reason: disabledReason) }
        do {
            let result = try exchange(pair, settings: settings)
            consecutiveFailures = 0
            return result
        } catch ExchangeFailure.reported(let reason) {
            consecutiveFailures = 0
            throw .failed(id: manifest.id, reason: "the plugin reported: \(reason)")
        } catch {
            var reason = "\(error)"
            if case .broken(let text)? = error as? ExchangeFailure { reason = text }
            let status = stop()
            consecutiveFailures += 1
            var text = "the plugin " + reason + (status.map { " (\($0))" } ?? "") + lastLogLine()
            if consecutiveFailures >= Self.maximumConsecutiveFailures {
                disabledReason = "disabled after \(consecutiveFailures) failures in a row; the last: \(text)"
                text += "; disabled for the rest of the run"
            }
            throw .failed(id: manifest.id, reason: text)
        }
    }

    /// Why a request failed: the plugin said so (the worker stays), or the worker broke.
    enum ExchangeFailure: Error {
        case reported(String)
        case broken(String)
    }

    private func exchange(_ pair: AlignedPair, settings: SettingsDocument) throws -> AnalysisResult {
        if channel == nil { try start() }
        guard let channel else { throw ExchangeFailure.broken("could not be started") }
        let number = nextRequest
        nextRequest += 1
        let photos = pair.after.map { [("before", pair.before), ("after", $0)] } ?? [("before", pair.before)]
        var request = PluginMessage.AnalyzeRequest(
            request: number, settings: settings.members, settingsRevision: settings.revision,
            width: pair.mask.width, height: pair.mask.height, pixelsPerMillimetre: pair.pixelsPerMillimetre,
            photos: photos.map(\.0),
            planes: photos.flatMap { photo in manifest.inputs.map { .init(photo: photo.0, plane: $0.rawValue) } },
            tiles: pair.tiles.tiles.map { [$0.x, $0.y, $0.width, $0.height] },
            captures: ["before": .init(daysSinceProcedure: pair.beforeCapture.daysSinceProcedure)].merging(
                pair.afterCapture.map { ["after": .init(daysSinceProcedure: $0.daysSinceProcedure)] } ?? [:]) { a, _ in a })
        let deadline = Deadline(seconds: manifest.timeoutSeconds)
        let reply: PluginMessage.Reply
        if let shared {
            let planes = photos.flatMap { photo in manifest.inputs.map { Self.plane($0, of: photo.1) } }
            let planeBytes = pair.mask.width * pair.mask.height * MemoryLayout<Float>.size
            let layout = SharedPlanes.layout(Array(repeating: planeBytes, count: planes.count) + [pair.mask.width * pair.mask.height])
            guard shared.reserve(layout.total) else { throw ExchangeFailure.broken("cannot be sent the planes: shared memory of \(layout.total) bytes cannot be mapped") }
            for (plane, offset) in zip(planes, layout.offsets) {
                plane.withUnsafeBufferPointer { shared.write(UnsafeRawBufferPointer($0), at: offset) }
            }
            pair.mask.withUnsafeBufferPointer { shared.write(UnsafeRawBufferPointer($0), at: layout.offsets.last!) }
            request.sharedMemory = .init(path: shared.path, offsets: layout.offsets)
        }
        do {
            try channel.send(json: try Self.encode(request), deadline: deadline)
            if shared == nil {
                for (_, photo) in photos {
                    for plane in manifest.inputs {
                        try Self.plane(plane, of: photo).withUnsafeBufferPointer { (pixels: UnsafeBufferPointer<Gray32>) throws in
                            try channel.send(binary: UnsafeRawBufferPointer(pixels), deadline: deadline)
                        }
                    }
                }
                try pair.mask.withUnsafeBufferPointer { (pixels: UnsafeBufferPointer<Gray8>) throws in
                    try channel.send(binary: UnsafeRawBufferPointer(pixels), deadline: deadline)
                }
            }
            reply = try Self.decode(try channel.receiveJSON(deadline: deadline))
        } catch let failure as FrameChannel.Failure {
            throw ExchangeFailure.broken(failure.description)
        } catch let failure as ExchangeFailure {
            throw failure
        } catch {
            throw ExchangeFailure.broken("\(error)")
        }
        if reply.type == "error" { throw ExchangeFailure.reported(reply.reason ?? "no reason given") }
        guard reply.type == "result" else { throw ExchangeFailure.broken("answered with a “\(reply.type)” message where a result was due") }
        guard reply.request == number else {
            throw ExchangeFailure.broken("answered request \(reply.request.map(String.init) ?? "(none)") where \(number) was due")
        }
        let (result, problem) = reply.result()
        guard let result else { throw ExchangeFailure.broken("sent an invalid result: \(problem ?? "")") }
        return result
    }

    static func plane(_ plane: PluginPlane, of photo: AnalysisPhoto) -> Image<Gray32> {
        switch plane {
        case .red: photo.red
        case .green: photo.green
        case .blue: photo.blue
        case .l: photo.lab.l
        case .a: photo.lab.a
        case .b: photo.lab.b
        case .density: photo.density
        }
    }

    static func encode(_ message: some Encodable) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        do {
            return try encoder.encode(message)
        } catch {
            throw ExchangeFailure.broken("cannot be sent a request (\(error))")
        }
    }

    static func decode<Message: Decodable>(_ data: Data) throws -> Message {
        do {
            return try JSONDecoder().decode(Message.self, from: data)
        } catch {
            throw ExchangeFailure.broken("sent a message that is not valid protocol JSON (\(PluginManifest.describe(error)))")
        }
    }

    /// Starts the worker and exchanges greetings.
    private func start() throws {
        signal(SIGPIPE, SIG_IGN)
        let process = Process()
        let program = manifest.command[0]
        if program.contains("/") {
            process.executableURL = URL(fileURLWithPath: program, relativeTo: folder).standardizedFileURL
            process.arguments = Array(manifest.command.dropFirst())
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = manifest.command
        }
        process.currentDirectoryURL = folder
        var environment = ProcessInfo.processInfo.environment
        environment["SKINDELTA_PLUGIN_PROTOCOL"] = String(PluginProtocol.currentVersion)
        environment["PYTHONUNBUFFERED"] = "1"
        process.environment = environment
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        let log = FileManager.default.temporaryDirectory
            .appendingPathComponent("skindelta-plugin-\(manifest.id.rawValue)-\(getpid())-\(UUID().uuidString.prefix(8)).log")
        if let old = logURL { try? FileManager.default.removeItem(at: old) }
        // Without a log file (an unwritable temporary folder) the worker still runs; its standard error is
        // then discarded and a failure is reported without the worker's last line.
        if FileManager.default.createFile(atPath: log.path, contents: nil), let handle = FileHandle(forWritingAtPath: log.path) {
            logURL = log
            process.standardError = handle
        } else {
            logURL = nil
            process.standardError = FileHandle.nullDevice
        }
        do {
            try process.run()
        } catch {
            throw ExchangeFailure.broken("cannot be started: \(manifest.command.joined(separator: " ")): \(error.localizedDescription)")
        }
        try? input.fileHandleForReading.close()
        try? output.fileHandleForWriting.close()
        self.process = process
        stdinHandle = input.fileHandleForWriting
        stdoutHandle = output.fileHandleForReading
        let channel = FrameChannel(read: output.fileHandleForReading.fileDescriptor, write: input.fileHandleForWriting.fileDescriptor)
        self.channel = channel
        let deadline = Deadline(seconds: manifest.startupTimeoutSeconds)
        let hello: PluginMessage.PluginHello
        do {
            try channel.send(json: try Self.encode(PluginMessage.HostHello(
                protocolVersions: PluginProtocol.supportedVersions, host: hostDescription,
                transports: ["pipe", "sharedMemory"])), deadline: deadline)
            hello = try Self.decode(try channel.receiveJSON(deadline: deadline))
        } catch let failure as FrameChannel.Failure {
            throw ExchangeFailure.broken("did not complete the greeting: it " + failure.description)
        } catch let failure as ExchangeFailure {
            throw failure
        } catch {
            throw ExchangeFailure.broken("\(error)")
        }
        if hello.type == "error" {
            throw ExchangeFailure.broken("refused the greeting: \(hello.reason ?? "no reason given")")
        }
        guard hello.type == "hello", let version = hello.protocolVersion else {
            throw ExchangeFailure.broken("answered the greeting with a “\(hello.type)” message")
        }
        if let refusal = PluginProtocol.refusal(manifestVersion: version) {
            throw ExchangeFailure.broken("chose a protocol version this skindelta cannot use: \(refusal)")
        }
        if let id = hello.id, id != manifest.id.rawValue {
            throw ExchangeFailure.broken("introduced itself as “\(id)”, not \(manifest.id) as its manifest says")
        }
        switch hello.transport ?? "pipe" {
        case "pipe": shared = nil
        case "sharedMemory":
            guard let planes = SharedPlanes(label: manifest.id.rawValue) else {
                throw ExchangeFailure.broken("chose shared memory, which cannot be created here")
            }
            shared = planes
        case let other: throw ExchangeFailure.broken("chose the transport “\(other)”, which was not offered")
        }
    }

    /// Stops the worker (closing its input, then killing it if it lingers); returns how it ended.
    @discardableResult
    private func stop() -> String? {
        guard let process else { return nil }
        try? stdinHandle?.close()
        if process.isRunning {
            let end = Deadline(seconds: 0.2)
            while process.isRunning, end.remainingMilliseconds > 0 { usleep(5_000) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
        process.waitUntilExit()
        try? stdoutHandle?.close()
        self.process = nil
        shared = nil
        channel = nil
        stdinHandle = nil
        stdoutHandle = nil
        switch process.terminationReason {
        case .uncaughtSignal: return process.terminationStatus == SIGKILL ? "stopped" : "killed by signal \(process.terminationStatus)"
        case .exit: return "exit status \(process.terminationStatus)"
        @unknown default: return nil
        }
    }

    /// "; its last message: …" from the worker's standard error, or "".
    private func lastLogLine() -> String {
        guard let logURL, let data = try? Data(contentsOf: logURL), !data.isEmpty else { return "" }
        let lines = String(decoding: data.suffix(4_096), as: UTF8.self).split(whereSeparator: \.isNewline)
        guard let last = lines.last(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) else { return "" }
        return "; its last message: “\(last.prefix(300))”"
    }
}
