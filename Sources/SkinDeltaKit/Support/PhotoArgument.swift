import AnalysisKit
import ArgumentParser
import Batch
import ImageCodec

/// Photos and regions named on the command line, read through the pipeline's own types, with a
/// usage error or exit status 2 (one sentence naming the file) when they cannot be used.
enum PhotoArgument {
    /// The photo at `path`, its bytes read and its pixels decoded (exit 2 when either fails).
    static func prepare(_ path: String, decoder: ImageDecoder) throws -> PreparedPhoto {
        let photo = PreparedPhoto(path: path, name: path, decoder: decoder)
        do {
            _ = try photo.image()
        } catch {
            StandardOutput.writeError("skindelta: \(error)\n")
            throw ExitCode(2)
        }
        return photo
    }

    /// `--roi` and the like: a rectangle, a polygon, or the path of a mask image (exit 2 when unusable).
    static func region(_ text: String?, decoder: ImageDecoder) throws -> RegionOfInterest? {
        guard let text else { return nil }
        do {
            return try RegionSpec(parsing: text).resolved(decoder: decoder)
        } catch {
            StandardOutput.writeError("skindelta: \(error)\n")
            throw ExitCode(2)
        }
    }
}
