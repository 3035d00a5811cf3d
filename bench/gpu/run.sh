#!/usr/bin/env bash
# Runs sporkle's GPU benchmarks against their GLSL and CUDA twins, one
# benchmark at a time across the three programs (so they share the moment),
# then the start-up measurement, and writes the RESULT lines and a table.
#
#   bench/gpu/run.sh BIN_DIR [RESULTS]
#
# BIN_DIR holds what bench/gpu/build.sh built: gpu_bench (sporkle-cc
# --sporkle-targets=cpu,vulkan; needs libsporkle.so on LD_LIBRARY_PATH),
# glsl_bench with glsl/*.spv, and cuda_bench (optional: skipped when absent).
# The Vulkan device is SPORKLE_DEVICE (default vulkan:0) for sporkle and
# --device=0 for the GLSL harness: the same physical device when only one
# driver is installed (check the '# device:' lines).
#
# Environment: REPS, WARMUP, WARMUP_SECONDS (default 11, 2, 0.5); ONLY
# (benchmarks, default all); SPORKLE_DEVICE. The warm-up lasts at least
# WARMUP_SECONDS because the check before it (a 1 GiB download over PCIe for
# triad) leaves the H100 slow for about 250 ms: sporkle's triad ran at
# 2.3 ms per launch for its first ~100 launches after the check, then 1.18 ms.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=$(cd "$1" && pwd)
results=${2:-$bin/gpu_results.txt}
REPS=${REPS:-11} WARMUP=${WARMUP:-2} WARMUP_SECONDS=${WARMUP_SECONDS:-0.5}
BENCHES=${ONLY:-"triad copy matmul reduction mandelbrot conv2d"}
export SPORKLE_DEVICE=${SPORKLE_DEVICE:-vulkan:0}
args=(--reps="$REPS" --warmup="$WARMUP" --warmup-seconds="$WARMUP_SECONDS")
cache=$(mktemp -d)
export XDG_CACHE_HOME=$cache # sporkle's pipeline cache: empty at first

{
  echo "# $(date -u '+%Y-%m-%d %H:%M UTC'); medians of $REPS batches after $WARMUP warm-up batches and at least ${WARMUP_SECONDS} s of them"
  if command -v nvidia-smi > /dev/null; then
    echo "# $(nvidia-smi --query-gpu=name,driver_version,clocks.max.sm,clocks.max.mem --format=csv,noheader)"
  fi
} > "$results"

# Start-up first, while nothing is cached: the first launch of a kernel
# creates its pipeline; the second process finds it in sporkle's cache.
for run in cold warm; do
  echo "== first launch ($run pipeline cache)"
  "$bin/gpu_bench" --only=first_launch | sed "s/^RESULT first_launch sporkle/RESULT first_launch_$run sporkle/" |
    tee -a "$results"
  # The whole process (device discovery, pipeline, one launch, exit).
  seconds=$(SPORKLE_VULKAN_STATS=1 python3 -c '
import subprocess, sys, time
t = time.perf_counter()
subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)
print("%.6f" % (time.perf_counter() - t))' "$bin/gpu_bench" --only=first_launch 2>> "$results.stats")
  echo "RESULT process_$run sporkle $seconds $(python3 -c "print($seconds * 1e6)") us" >> "$results"
done
cat "$results.stats" 2> /dev/null | sed 's/^/# /' >> "$results" || true
if [ -x "$bin/cuda_bench" ]; then
  "$bin/cuda_bench" --only=first_launch | tee -a "$results"
fi

for b in $BENCHES; do
  for prog in cuda_bench glsl_bench gpu_bench; do
    [ -x "$bin/$prog" ] || continue
    echo "== $b: $prog"
    extra=()
    [ "$prog" = glsl_bench ] && extra=(--spv-dir="$bin/glsl" --device=0)
    "$bin/$prog" "${extra[@]}" "${args[@]}" --only="$b" | tee -a "$results" || echo "warning: $prog $b failed" >&2
  done
done
rm -rf "$cache"
python3 "$here/report.py" "$results" | tee "${results%.txt}.md"
