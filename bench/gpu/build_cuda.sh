#!/usr/bin/env bash
# Builds the CUDA peer of the GPU benchmarks (cuda_bench.cu) for the H100
# (sm_90): bench/gpu/build_cuda.sh OUTDIR makes OUTDIR/cuda_bench.
# NVCC=/path/to/nvcc overrides the compiler (default: nvcc on PATH, else
# /usr/local/cuda/bin/nvcc). Run from anywhere.
set -euo pipefail

if [ $# -lt 1 ]; then
  echo "usage: $0 OUTDIR" >&2
  exit 2
fi
outdir=$1
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

if [ -z "${NVCC:-}" ]; then
  if command -v nvcc >/dev/null 2>&1; then
    NVCC=nvcc
  else
    NVCC=/usr/local/cuda/bin/nvcc
  fi
fi

mkdir -p "$outdir"
"$NVCC" -O3 -std=c++17 -arch=sm_90 -o "$outdir/cuda_bench" "$here/cuda_bench.cu"
