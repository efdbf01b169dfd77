#!/usr/bin/env bash
# Builds an optimised skindelta for this machine's CPU class and runs the benchmarks.
#
# Release builds for measurement use `-target-cpu haswell` (AVX2 + FMA; x86-64-v3 is not accepted
# by swiftc): the kernels use separate multiply and add, so the default target is correct but
# slower (about 2x on Lab). Plain `swift build` stays portable for users and as a dependency.
# Usage: Scripts/bench.sh [decode|kernels] [extra bench options]
set -euo pipefail
cd "$(dirname "$0")/.."
Scripts/bootstrap.sh
flags=()
if [[ $(uname -m) == x86_64 ]]; then flags=(-Xswiftc -target-cpu -Xswiftc haswell); fi
swift build -c release --scratch-path .build-bench "${flags[@]}" >&2
if [[ $# -eq 0 ]]; then
    .build-bench/release/skindelta bench decode
    .build-bench/release/skindelta bench kernels
else
    .build-bench/release/skindelta bench "$@"
fi
