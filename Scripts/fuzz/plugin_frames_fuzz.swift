import Foundation
#if canImport(Glibc)
import Glibc
#endif

// libFuzzer target for what a plugin writes back: the bytes arrive on a pipe, are read as frames by
// FrameChannel, and every JSON frame is decoded as a greeting and as a reply and turned into a
// result, as PluginWorker does.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var ends: [Int32] = [0, 0]
    guard pipe(&ends) == 0 else { return 0 }
    _ = fcntl(ends[1], 1031, Int32(1 << 20))  // F_SETPIPE_SZ: room for the whole input
    var offset = 0
    while offset < size {
        let n = write(ends[1], data + offset, size - offset)
        if n <= 0 { break }
        offset += n
    }
    close(ends[1])
    let channel = FrameChannel(read: ends[0], write: ends[0])
    for _ in 0..<64 {
        do {
            let payload = try channel.receiveJSON(deadline: Deadline(seconds: 2))
            if let hello = try? JSONDecoder().decode(PluginMessage.PluginHello.self, from: payload) {
                _ = PluginProtocol.refusal(manifestVersion: hello.protocolVersion ?? 0)
            }
            if let reply = try? JSONDecoder().decode(PluginMessage.Reply.self, from: payload) {
                _ = reply.result()
            }
        } catch {
            _ = "\(error)"
            break
        }
    }
    close(ends[0])
    return 0
}
