#!/usr/bin/env bash
# Builds the three GPU benchmark programs into OUTDIR (see run.sh):
#   gpu_bench   sporkle-cc -O3 --sporkle-targets=cpu,vulkan gpu_bench.cpp
#   gpu_bench.spv  its Vulkan kernels (--emit=spirv), for pipeline_stats
#   glsl_bench  + glsl/*.spv (build_glsl.sh: g++ and glslangValidator)
#   pipeline_stats  the driver's statistics for a module's pipelines
#   cuda_bench  (build_cuda.sh: nvcc; skipped with a note when there is none)
# SPORKLE_CC overrides the compiler (default: <repo>/build/bin/sporkle-cc).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=${1:?usage: build.sh OUTDIR}
mkdir -p "$out"
SPORKLE_CC=${SPORKLE_CC:-$root/build/bin/sporkle-cc}
"$SPORKLE_CC" -O3 --sporkle-targets=cpu,vulkan "$here/gpu_bench.cpp" -o "$out/gpu_bench"
"$SPORKLE_CC" -O3 --sporkle-targets=vulkan --emit=spirv "$here/gpu_bench.cpp" -o "$out/gpu_bench.spv"
"$here/build_glsl.sh" "$out"
if command -v "${NVCC:-nvcc}" > /dev/null || [ -x /usr/local/cuda/bin/nvcc ]; then
  "$here/build_cuda.sh" "$out"
else
  echo "note: no nvcc: the CUDA column stays empty" >&2
fi
