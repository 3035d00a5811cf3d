#!/usr/bin/env bash
# Builds and runs sporkle's CPU benchmarks against OpenCL on PoCL and OpenMP,
# one benchmark at a time across the three variants (so they share the same
# moment of machine load), and writes a markdown table of medians and ratios.
#
#   bench/run.sh                    # everything, table in build/bench/results.md
#   UPDATE_README=1 bench/run.sh    # also rewrite the table in bench/README.md
#
# Environment (all optional):
#   SPORKLE_CC   sporkle-cc to use            (default: <repo>/build/bin/sporkle-cc)
#   OUT_DIR      where binaries/results go    (default: <repo>/build/bench)
#   BENCH_CPUS   taskset CPU list, e.g. 1     (default: every CPU)
#   REPS WARMUP LAUNCHES                      (default: 11, 2, 2000)
#   ONLY         one benchmark: vector_add saxpy matmul reduction launch
# Thread counts of all three variants are set to the number of CPUs used.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
SPORKLE_CC=${SPORKLE_CC:-$root/build/bin/sporkle-cc}
OUT_DIR=${OUT_DIR:-$root/build/bench}
REPS=${REPS:-11} WARMUP=${WARMUP:-2} LAUNCHES=${LAUNCHES:-2000}
BENCHES=${ONLY:-"vector_add saxpy matmul reduction launch"}
mkdir -p "$OUT_DIR"

pin=()
if [ -n "${BENCH_CPUS:-}" ]; then pin=(taskset -c "$BENCH_CPUS"); fi
threads=$("${pin[@]}" nproc)
export OMP_NUM_THREADS=$threads POCL_MAX_PTHREAD_COUNT=$threads SPORKLE_CPU_THREADS=$threads SPORKLE_DEVICE=cpu

echo "== building in $OUT_DIR"
variants=()
if "${pin[@]}" g++ -O3 -march=native -fopenmp -std=c++17 "$here/omp_bench.cpp" -o "$OUT_DIR/omp_bench"; then
  variants+=(omp)
else
  echo "warning: the OpenMP variant did not build" >&2
fi
if "${pin[@]}" g++ -O2 -std=c++17 "$here/ocl_bench.cpp" -lOpenCL -o "$OUT_DIR/ocl_bench"; then
  variants+=(ocl)
else
  echo "warning: the OpenCL variant did not build (pocl-opencl-icd, ocl-icd-opencl-dev, opencl-headers?)" >&2
fi
if [ -x "$SPORKLE_CC" ] && "${pin[@]}" "$SPORKLE_CC" -O3 "$here/sycl_bench.cpp" -o "$OUT_DIR/sycl_bench"; then
  variants+=(sycl)
else
  echo "note: sporkle variant not built ($SPORKLE_CC missing or failed): its column stays 'not measured'" >&2
fi

results=$OUT_DIR/results.txt
{
  echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc --all) CPUs on the machine, $threads used (BENCH_CPUS=${BENCH_CPUS:-all})"
  echo "# medians of $REPS runs after $WARMUP warm-up runs; launch: median of $LAUNCHES single round trips"
  echo "# load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "# g++ $(g++ -dumpfullversion); PoCL $(dpkg-query -W -f='${Version}' pocl-opencl-icd 2>/dev/null || echo '?'); sporkle-cc: $([ -x "$SPORKLE_CC" ] && "$SPORKLE_CC" --version 2>/dev/null | head -1 || echo 'not built')"
} > "$results"
args=(--reps="$REPS" --warmup="$WARMUP" --launches="$LAUNCHES")
for b in $BENCHES; do
  for v in "${variants[@]}"; do
    echo "== $b: $v"
    "${pin[@]}" "$OUT_DIR/${v}_bench" "${args[@]}" --only="$b" | tee -a "$results" | grep -v '^#' || echo "warning: $v $b failed" >&2
  done
done
echo "# load average after the run: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$results"

readme_args=()
if [ -n "${UPDATE_README:-}" ]; then readme_args=(--readme "$here/README.md"); fi
python3 "$here/report.py" "$results" "${readme_args[@]}" | tee "$OUT_DIR/results.md"
echo "== table written to $OUT_DIR/results.md"
