#!/bin/sh
# Compiles every sample program in both SYCL passes and checks the device IR:
# kernels may call only sporkle device builtins (__sporkle_*) and LLVM
# intrinsics (plus SYCL_EXTERNAL functions a program names in an
# "ALLOW-EXTERN: <symbol>" comment), and never call through a pointer.
#
# usage: check_sycl_header.sh CLANG INCLUDE_DIR PROGRAM...
clang=$1; include=$2; shift 2
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
status=0
for src in "$@"; do
  name=$(basename "$src" .cpp)
  for opt in -O0 -O2; do
    ll="$tmp/$name$opt.ll"
    if ! "$clang" -fsycl -fsycl-device-only -fno-math-errno $opt -S -emit-llvm -I "$include" "$src" -o "$ll"; then
      echo "FAIL: device pass $opt: $src"; status=1; continue
    fi
    allowed=$(sed -n 's/.*ALLOW-EXTERN: *\([^ ]*\).*/-e @\1(/p' "$src")
    bad=$(grep '^declare' "$ll" | grep -v -e '@__sporkle_' -e '@llvm\.' $allowed)
    if [ -n "$bad" ]; then
      echo "FAIL: device IR ($opt) of $src declares non-builtin functions:"; echo "$bad"; status=1
    fi
    if grep -E 'call [^@]*%[A-Za-z0-9_.]+\(' "$ll"; then
      echo "FAIL: indirect call in the device IR ($opt) of $src"; status=1
    fi
    if ! grep -q '^define.*spir_kernel' "$ll"; then
      echo "FAIL: no kernel in the device IR ($opt) of $src"; status=1
    fi
  done
  if ! "$clang" -fsycl --offload-host-only -c -I "$include" "$src" -o "$tmp/$name.o"; then
    echo "FAIL: host pass: $src"; status=1
  fi
  [ $status -eq 0 ] && echo "ok: $name"
done
exit $status
