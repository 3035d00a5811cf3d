#!/usr/bin/env bash
# Builds the GLSL peer of the GPU benchmarks: glsl/*.comp -> OUTDIR/glsl/*.spv
# (glslang) and glsl_bench.cpp -> OUTDIR/glsl_bench (plain Vulkan, -lvulkan),
# and the pipeline_stats tool (pipeline_stats.cpp).
# usage: bench/gpu/build_glsl.sh OUTDIR     then: OUTDIR/glsl_bench [--only=NAME] ...
set -euo pipefail

if [ $# -lt 1 ]; then
  echo "usage: $0 OUTDIR" >&2
  exit 2
fi
OUT=$1
HERE=$(cd "$(dirname "$0")" && pwd)

mkdir -p "$OUT/glsl"
for src in "$HERE"/glsl/*.comp; do
  name=$(basename "$src" .comp)
  glslangValidator -V --target-env vulkan1.3 -o "$OUT/glsl/$name.spv" "$src"
done
g++ -O2 -std=c++17 "$HERE/glsl_bench.cpp" -lvulkan -o "$OUT/glsl_bench"
g++ -O2 -std=c++17 "$HERE/pipeline_stats.cpp" -lvulkan -o "$OUT/pipeline_stats"
