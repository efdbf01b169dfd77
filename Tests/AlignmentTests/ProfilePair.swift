import ImageCodec
import ImageCore
import Synthesis

/// Session 0 and a later session of `base` photographed by a capture profile, each saved as JPEG at
/// the profile's quality and decoded again, with the captures and the true after → before transform.
struct ProfilePair {
    let before: Image<RGB8>
    let after: Image<RGB8>
    let beforeCapture: CaptureProfile.Capture
    let afterCapture: CaptureProfile.Capture
    let truth: ProjectiveTransform

    init(_ profile: CaptureProfile, base: Image<RGB8>, seed: UInt64, session: Int) throws {
        beforeCapture = profile.capture(base, session: 0, seed: seed)
        afterCapture = profile.capture(base, session: session, seed: seed)
        func saved(_ shot: CaptureProfile.Capture) throws -> Image<RGB8> {
            try ImageDecoder().decode(try JPEGEncoder(quality: shot.jpegQuality).encode(shot.image)).image.rgb8
        }
        before = try saved(beforeCapture)
        after = try saved(afterCapture)
        guard let truth = CaptureProfile.afterToBefore(before: beforeCapture, after: afterCapture) else {
            throw SynthesisError.invalidOption("the capture's transform is singular")
        }
        self.truth = truth
    }
}
