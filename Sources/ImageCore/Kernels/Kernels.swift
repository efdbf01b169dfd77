/// Namespace of the image kernels.
///
/// Every kernel comes twice, side by side: `reference`, the obviously correct scalar definition
/// (used by tests), and `fast`, the vectorized (SIMD) version run by the pipeline. Tests assert that
/// they agree: integer kernels exactly, float kernels within the tolerance each doc comment states,
/// on sizes that include 1×1, widths not divisible by the vector width, and 1-pixel-wide images.
///
/// Fast kernels are concrete (non-generic) functions over unsafe buffers: generic SIMD code is not
/// specialised across modules, and arrays held in classes defeat vectorisation. They use separate
/// multiply and add (never fused multiply-add), so they are fast on the default x86-64 target too;
/// `Scripts/bench.sh` builds with `-target-cpu x86-64-v3`-class flags for the measured figures.
public enum Kernels {}
