import Foundation
import ImageCodec
import ImageCore
import Synthesis

/// Writes a synthetic data set: the photo tree (JPEG, and PNG on request), `manifest.csv` and
/// `ground_truth.json`. Every file is written atomically (temporary file, then rename), so an
/// interrupted run never leaves a half-written photo.
struct SessionWriter {
    var dataSet: SyntheticDataSet

    /// Renders every photo and writes the data set into `folder` (created if needed); calls
    /// `progress` with each relative path written. Returns the ground truth.
    func write(to folder: URL, progress: (String) -> Void = { _ in }) throws(SynthesisError) -> GroundTruth {
        let options = dataSet.plan.options
        let encoder = JPEGEncoder(quality: options.jpegQuality, chromaSubsampling: .both)
        let truth = try dataSet.render { stem, image throws(SynthesisError) in
            let jpeg: [UInt8]
            do { jpeg = try encoder.encode(image) } catch {
                throw .writeFailed(path: stem + ".jpg", reason: "\(error)")
            }
            try Self.write(Data(jpeg), to: folder, relativePath: stem + ".jpg")
            progress(stem + ".jpg")
            if options.writesPNG {
                let png: [UInt8]
                do { png = try PNGEncoder().encode(image) } catch {
                    throw .writeFailed(path: stem + ".png", reason: "\(error)")
                }
                try Self.write(Data(png), to: folder, relativePath: stem + ".png")
                progress(stem + ".png")
            }
        }
        try Self.write(SyntheticDataSet.encodeJSON(truth), to: folder, relativePath: "ground_truth.json")
        progress("ground_truth.json")
        try Self.write(Data(SyntheticDataSet.manifest(truth).utf8), to: folder, relativePath: "manifest.csv")
        progress("manifest.csv")
        return truth
    }

    static func write(_ data: Data, to folder: URL, relativePath: String) throws(SynthesisError) {
        let url = folder.appendingPathComponent(relativePath)
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: url, options: .atomic)
        } catch {
            throw .writeFailed(path: url.path, reason: (error as NSError).localizedDescription)
        }
    }
}
