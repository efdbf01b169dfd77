public import AnalysisKit
import Foundation

/// What an out-of-process analyzer declares in `skindelta-plugin.json` at the top of its folder:
/// everything SkinDelta needs to list, configure and check it without starting it.
///
/// ```json
/// {
///   "protocolVersion": 1,
///   "id": "org.example.roughness", "name": "Roughness", "version": "1.0.0",
///   "summary": "Mean local standard deviation of L*.",
///   "command": ["python3", "roughness.py"],
///   "inputs": ["L"],
///   "timeoutSeconds": 60,
///   "metrics": [{"id": "roughness", "name": "Roughness", "unit": "L*", "direction": "lowerIsBetter",
///                "description": "Mean over the mask of the standard deviation of L* in 1 mm windows."}],
///   "claims": [{"id": "texture", "name": "Smoothness", "headlineMetric": "roughness", "metrics": ["roughness"],
///               "description": "Unevenness of the skin's surface; lower is better."}],
///   "settings": {"revision": 1, "members": {
///       "windowMillimetres": {"type": "number", "default": 1.0, "minimum": 0.2, "maximum": 10,
///                             "description": "Side of the window, mm."}}}
/// }
/// ```
public struct PluginManifest: Hashable, Sendable, Codable {
    /// The file name of the manifest inside a plugin's folder.
    public static let fileName = "skindelta-plugin.json"
    /// Largest manifest read, bytes.
    public static let maximumBytes = 1 << 20

    /// The protocol version the plugin speaks (see ``PluginProtocol``).
    public var protocolVersion: Int
    public var id: AnalyzerID
    public var name: String
    public var summary: String
    /// Semantic version of the plugin's algorithm.
    public var version: String
    public var metrics: [MetricDescriptor]
    /// The treatment claims the metrics stand for (optional; without it reports show the plugin as
    /// one claim named after it, see ``AnalyzerDescriptor/reportedClaims``).
    public var claims: [ClaimDescriptor]
    /// The program and its arguments, run in the plugin's folder; the first element is looked up
    /// on `PATH` unless it contains a slash (then it is relative to the folder).
    public var command: [String]
    /// The planes sent for each photo, in this order: any of `red`, `green`, `blue` (linear light,
    /// 0...1), `L`, `a`, `b` (CIELAB D65), `density` (optical density). Default `["L", "a", "b"]`.
    public var inputs: [PluginPlane]
    /// Longest wait for one pair's reply, seconds (default 120).
    public var timeoutSeconds: Double
    /// Longest wait for the worker to start and answer the greeting, seconds (default 30).
    public var startupTimeoutSeconds: Double
    public var settings: PluginSettingsSchema

    enum CodingKeys: String, CodingKey {
        case protocolVersion, id, name, summary, version, metrics, claims, command, inputs, timeoutSeconds, startupTimeoutSeconds, settings
    }

    public init(protocolVersion: Int = PluginProtocol.currentVersion, id: AnalyzerID, name: String, summary: String,
                version: String, metrics: [MetricDescriptor], command: [String], inputs: [PluginPlane] = [.l, .a, .b],
                timeoutSeconds: Double = 120, startupTimeoutSeconds: Double = 30,
                settings: PluginSettingsSchema = PluginSettingsSchema(), claims: [ClaimDescriptor] = []) {
        self.claims = claims
        self.protocolVersion = protocolVersion
        self.id = id
        self.name = name
        self.summary = summary
        self.version = version
        self.metrics = metrics
        self.command = command
        self.inputs = inputs
        self.timeoutSeconds = timeoutSeconds
        self.startupTimeoutSeconds = startupTimeoutSeconds
        self.settings = settings
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        protocolVersion = try c.decode(Int.self, forKey: .protocolVersion)
        // The analyzer's declaration is decoded as every descriptor is.
        let declared = try AnalyzerDescriptor(from: decoder)
        (id, name, summary, version, metrics, claims) = (declared.id, declared.name, declared.summary, declared.version,
                                                         declared.metrics, declared.claims)
        command = try c.decode([String].self, forKey: .command)
        inputs = try c.decodeIfPresent([PluginPlane].self, forKey: .inputs) ?? [.l, .a, .b]
        timeoutSeconds = try c.decodeIfPresent(Double.self, forKey: .timeoutSeconds) ?? 120
        startupTimeoutSeconds = try c.decodeIfPresent(Double.self, forKey: .startupTimeoutSeconds) ?? 30
        settings = try c.decodeIfPresent(PluginSettingsSchema.self, forKey: .settings) ?? PluginSettingsSchema()
    }

    /// The analyzer descriptor the manifest declares.
    public var descriptor: AnalyzerDescriptor {
        AnalyzerDescriptor(id: id, name: name, summary: summary, version: version, metrics: metrics, claims: claims)
    }

    /// Reads and checks the manifest in `folder`. The error names the file and the reason.
    public static func load(folder: URL) throws(PluginError) -> PluginManifest {
        let file = folder.appendingPathComponent(fileName)
        let data: Data
        do {
            let size = (try FileManager.default.attributesOfItem(atPath: file.path)[.size] as? NSNumber)?.intValue ?? 0
            guard size <= maximumBytes else { throw PluginError.invalidManifest(file: file.path, reason: "it is larger than 1 MiB") }
            data = try Data(contentsOf: file)
        } catch let error as PluginError {
            throw error
        } catch {
            throw .invalidManifest(file: file.path, reason: "it cannot be read (\(error.localizedDescription))")
        }
        return try decode(data, file: file.path)
    }

    /// Decodes and checks the bytes of a manifest; `file` names it in the error.
    static func decode(_ data: Data, file: String) throws(PluginError) -> PluginManifest {
        let manifest: PluginManifest
        do {
            manifest = try JSONDecoder().decode(PluginManifest.self, from: data)
        } catch {
            throw .invalidManifest(file: file, reason: Self.describe(error))
        }
        try manifest.check(file: file)
        return manifest
    }

    /// Checks everything but the protocol version's support (see ``PluginProtocol/negotiate(manifestVersion:)``).
    func check(file: String) throws(PluginError) {
        func fail(_ reason: String) -> PluginError { .invalidManifest(file: file, reason: reason) }
        do {
            try descriptor.validate()
        } catch {
            throw fail("\(error)")
        }
        if let reason = PluginProtocol.refusal(manifestVersion: protocolVersion) { throw .unsupportedProtocol(id: id, reason: reason) }
        guard let program = command.first, !program.isEmpty else { throw fail("“command” must name a program") }
        guard !inputs.isEmpty, Set(inputs).count == inputs.count else { throw fail("“inputs” must list planes, each once") }
        guard timeoutSeconds.isFinite, timeoutSeconds > 0, timeoutSeconds <= 86_400,
              startupTimeoutSeconds.isFinite, startupTimeoutSeconds > 0, startupTimeoutSeconds <= 3_600 else {
            throw fail("the timeouts must be positive numbers of seconds (at most a day)")
        }
        do {
            try settings.check()
        } catch {
            throw fail("\(error)")
        }
    }

    static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            let path = (context.codingPath + [key]).map(\.stringValue).joined(separator: ".")
            return "“\(path)” is missing"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context),
             DecodingError.dataCorrupted(let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            let detail = (context.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey] as? String ?? context.debugDescription
            return path.isEmpty ? "it is not valid JSON (\(detail))" : "“\(path)”: \(detail)"
        default:
            return "\(error)"
        }
    }
}
