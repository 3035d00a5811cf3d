#!/usr/bin/env bash
# The two commands of the README, for a fresh Debian 12 machine:
#   scripts/sporkle.sh example   install what is missing, build, compile and run examples/vector_add.cpp
#   scripts/sporkle.sh test      install what is missing, build, run every test (lit + ctest)
# Environment: BUILD_DIR (default ./build), JOBS (default: number of cores).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_DIR=${BUILD_DIR:-$ROOT/build}
JOBS=${JOBS:-$(nproc)}
LLVM_BIN=/usr/lib/llvm-22/bin

# Debian packages sporkle builds and tests with. LLVM/Clang 22 come from
# Debian's own archive (bookworm-security carries 22.1).
PACKAGES=(
  cmake ninja-build ccache g++ python3 pkg-config
  llvm-22-dev libclang-22-dev clang-22 lld-22 llvm-22-tools libomp-22-dev
  libgtest-dev
  libsleef-dev
  spirv-tools spirv-headers
  pocl-opencl-icd ocl-icd-opencl-dev opencl-headers
  # Vulkan: headers and loader, Mesa's drivers (lavapipe runs every Vulkan
  # test without a GPU), validation layers, glslang (GLSL kernels of the unit
  # tests), SPIRV-Cross (--emit=glsl)
  libvulkan-dev mesa-vulkan-drivers vulkan-validationlayers glslang-tools
  libspirv-cross-c-shared-dev
)

log() { printf '\033[1m== %s\033[0m\n' "$*"; }

install_missing() {
  local missing=()
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if ((${#missing[@]} == 0)); then
    log "all packages present"
    return
  fi
  log "installing: ${missing[*]}"
  local sudo=""
  [[ $(id -u) -eq 0 ]] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

build() {
  log "configuring $BUILD_DIR"
  cmake -G Ninja -S "$ROOT" -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release >/dev/null
  log "building with $JOBS jobs"
  cmake --build "$BUILD_DIR" -j "$JOBS"
}

run_example() {
  local exe="$BUILD_DIR/examples/vector_add"
  mkdir -p "$(dirname "$exe")"
  log "sporkle-cc -O2 examples/vector_add.cpp -o $exe"
  "$BUILD_DIR/bin/sporkle-cc" -O2 "$ROOT/examples/vector_add.cpp" -o "$exe"
  log "devices"
  "$BUILD_DIR/bin/sporkle-info"
  log "running on the best device present"
  "$exe"
}

run_tests() {
  local status=0
  log "lit: pass, driver and end-to-end tests"
  "$LLVM_BIN/lit" -sv --time-tests "$BUILD_DIR/test" || status=1
  log "ctest: runtime unit tests"
  ctest --test-dir "$BUILD_DIR" --output-on-failure -E '^lit$' -j "$JOBS" || status=1
  return $status
}

case "${1:-}" in
  example) install_missing; build; run_example ;;
  test) install_missing; build; run_tests ;;
  *) echo "usage: $0 example|test" >&2; exit 2 ;;
esac
