import Foundation

/// Where a manifest may point: paths resolve relative to the manifest's folder, and neither a
/// `..` nor a symbolic link may lead outside it.
public struct PathPolicy: Sendable {
    /// The folder every path must stay inside (symbolic links resolved).
    public let root: String

    public init(root: String) {
        self.root = URL(fileURLWithPath: root).standardizedFileURL.resolvingSymlinksInPath().path
    }

    /// The resolved path of `relative`, or the reason it is refused.
    public func resolve(_ relative: String) -> Result<String, InputProblem> {
        guard !relative.isEmpty else { return .failure(InputProblem(location: relative, reason: "the path is empty")) }
        guard !relative.hasPrefix("/") else {
            return .failure(InputProblem(location: relative, reason: "absolute paths are not allowed; give the path relative to the manifest's folder"))
        }
        let joined = URL(fileURLWithPath: root).appendingPathComponent(relative).standardizedFileURL
        let resolved = joined.resolvingSymlinksInPath().path
        let prefix = root.hasSuffix("/") ? root : root + "/"
        guard joined.path.hasPrefix(prefix), resolved.hasPrefix(prefix) else {
            return .failure(InputProblem(location: relative, reason: "the path leads outside the manifest's folder"))
        }
        return .success(resolved)
    }
}
