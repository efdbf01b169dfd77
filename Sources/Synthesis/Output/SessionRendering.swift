public import ImageCore

/// One session rendered: its photos and its ground truth.
public struct SessionRendering: Sendable {
    public let canvas: SkinCanvas
    public let images: [Image<RGB8>]
    public let truth: SessionTruth

    public init(patient: SyntheticPatient, state: SessionState, photos: [PhotoCapture], options: SynthesisOptions,
                parallel: Bool = true) {
        let canvas = SkinRenderer.canvas(patient: patient, session: state, photos: photos, size: options.size,
                                         parallel: parallel)
        self.canvas = canvas
        images = photos.map { SkinRenderer.photo($0, canvas: canvas, parallel: parallel) }
        truth = TruthBuilder.session(patient: patient, state: state, canvas: canvas, photos: photos, options: options,
                                     parallel: parallel)
    }
}
