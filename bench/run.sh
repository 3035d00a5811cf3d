#!/usr/bin/env bash
# Builds and runs sporkle's CPU benchmarks against OpenCL on PoCL and OpenMP,
# one benchmark at a time across all variants (so they share the same moment
# of machine load), and writes a markdown table of medians and ratios.
#
#   bench/run.sh                    # everything, table in build/bench/results.md
#   UPDATE_README=1 bench/run.sh    # also rewrite the table in bench/README.md
#   ONLY=mandelbrot bench/run.sh    # one benchmark (or a space-separated list)
#
# Variants: sycl_bench.cpp is built three times with sporkle-cc -O3:
#   vectorized  default flags (sporkle's whole-function vectorizer)
#   loopvec     -fsporkle-vector-width=1 (no whole-function vectorizer; LLVM's
#               loop vectorizer over the work-item loops: the baseline)
#   scalar      -fsporkle-vector-width=1 -fno-vectorize -fno-slp-vectorize
# plus pocl (ocl_bench.cpp + kernels.cl) and openmp (omp_bench.cpp).
#
# Environment (all optional):
#   SPORKLE_CC   sporkle-cc to use            (default: <repo>/build/bin/sporkle-cc)
#   OUT_DIR      where binaries/results go    (default: <repo>/build/bench)
#   BENCH_CPUS   taskset CPU list, e.g. 1     (default: every CPU)
#   REPS WARMUP LAUNCHES                      (default: 11, 2, 2000)
#   ONLY         benchmarks to run: vector_add saxpy matmul reduction mandelbrot
#                nbody blackscholes stencil conv2d launch (default: all)
#   VARIANTS     variants to build and run    (default: vectorized loopvec scalar pocl openmp)
# Thread counts of all variants are set to the number of CPUs used.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
SPORKLE_CC=${SPORKLE_CC:-$root/build/bin/sporkle-cc}
OUT_DIR=${OUT_DIR:-$root/build/bench}
REPS=${REPS:-11} WARMUP=${WARMUP:-2} LAUNCHES=${LAUNCHES:-2000}
BENCHES=${ONLY:-"vector_add saxpy matmul reduction mandelbrot nbody blackscholes stencil conv2d launch"}
VARIANTS=${VARIANTS:-"vectorized loopvec scalar pocl openmp"}
mkdir -p "$OUT_DIR"

pin=()
if [ -n "${BENCH_CPUS:-}" ]; then pin=(taskset -c "$BENCH_CPUS"); fi
threads=$("${pin[@]}" nproc)
export OMP_NUM_THREADS=$threads POCL_MAX_PTHREAD_COUNT=$threads SPORKLE_CPU_THREADS=$threads SPORKLE_DEVICE=cpu

OMP_FLAGS="-O3 -march=native -fno-math-errno -fopenmp" # no errno: sqrt vectorizes, as in the kernels
sporkle_flags() {
  case $1 in
    vectorized) echo "-O3" ;;
    loopvec) echo "-O3 -fsporkle-vector-width=1" ;;
    scalar) echo "-O3 -fsporkle-vector-width=1 -fno-vectorize -fno-slp-vectorize" ;;
  esac
}

echo "== building in $OUT_DIR"
built=()
for v in $VARIANTS; do
  bin=$OUT_DIR/${v}_bench
  case $v in
    openmp)
      # shellcheck disable=SC2086
      if "${pin[@]}" g++ $OMP_FLAGS -std=c++17 "$here/omp_bench.cpp" -o "$bin"; then
        built+=("$v")
      else
        echo "warning: the OpenMP variant did not build" >&2
      fi ;;
    pocl)
      if "${pin[@]}" g++ -O2 -std=c++17 "$here/ocl_bench.cpp" -lOpenCL -o "$bin"; then
        built+=("$v")
      else
        echo "warning: the OpenCL variant did not build (pocl-opencl-icd, ocl-icd-opencl-dev, opencl-headers?)" >&2
      fi ;;
    vectorized | loopvec | scalar)
      # shellcheck disable=SC2046
      if [ -x "$SPORKLE_CC" ] &&
        "${pin[@]}" "$SPORKLE_CC" $(sporkle_flags "$v") -DSPORKLE_BENCH_VARIANT="$v" "$here/sycl_bench.cpp" -o "$bin"; then
        built+=("$v")
      else
        echo "note: sporkle $v not built ($SPORKLE_CC missing or failed): its column stays 'not measured'" >&2
      fi ;;
    *) echo "unknown variant '$v' in VARIANTS" >&2; exit 2 ;;
  esac
done

results=$OUT_DIR/results.txt
{
  echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc --all) CPUs on the machine, $threads used (BENCH_CPUS=${BENCH_CPUS:-all})"
  echo "# medians of $REPS runs after $WARMUP warm-up runs; launch: median of $LAUNCHES single round trips"
  echo "# load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "# g++ $(g++ -dumpfullversion); PoCL $(dpkg-query -W -f='${Version}' pocl-opencl-icd 2>/dev/null || echo '?'); sporkle-cc: $([ -x "$SPORKLE_CC" ] && "$SPORKLE_CC" --version 2>/dev/null | head -1 || echo 'not built')"
  echo "# sporkle-cc flags: vectorized \`$(sporkle_flags vectorized)\`, loopvec \`$(sporkle_flags loopvec)\`, scalar \`$(sporkle_flags scalar)\`; OpenMP: \`g++ $OMP_FLAGS\`"
} > "$results"
args=(--reps="$REPS" --warmup="$WARMUP" --launches="$LAUNCHES")
for b in $BENCHES; do
  for v in "${built[@]}"; do
    echo "== $b: $v"
    "${pin[@]}" "$OUT_DIR/${v}_bench" "${args[@]}" --only="$b" | tee -a "$results" | grep -v '^#' || echo "warning: $v $b failed" >&2
  done
done
echo "# load average after the run: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$results"

readme_args=()
if [ -n "${UPDATE_README:-}" ]; then readme_args=(--readme "$here/README.md"); fi
python3 "$here/report.py" "$results" "${readme_args[@]}" | tee "$OUT_DIR/results.md"
echo "== table written to $OUT_DIR/results.md"
