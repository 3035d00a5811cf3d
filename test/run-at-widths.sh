#!/bin/sh
# Usage: run-at-widths.sh SPORKLE_CC "WIDTHS" "DEVICES" OUT LINK-ARGS...
# (lit's %run-at-widths fills in the first three: %run-at-widths OUT LINK-ARGS...)
#
# Links LINK-ARGS (objects and flags, e.g. `-O2 %t.o`) with sporkle-cc once per
# CPU vector width in WIDTHS and runs each executable on every device, so the
# same program runs scalar and vectorized, each checked against its own host
# reference. A width is a -fsporkle-vector-width= value (1 = scalar) or `auto`
# (no flag: the driver's default, the CPU's own width). OUT.w1, OUT.w4,
# OUT.wauto, ... are the executables. Fails on the first failure and names the
# width; run-on-devices.sh names the device.
cc=$1 widths=$2 devices=$3 out=$4
shift 4
here=$(dirname "$0")
for w in $widths; do
  echo "== -fsporkle-vector-width=$w"
  if [ "$w" = auto ]; then flag=; else flag=-fsporkle-vector-width=$w; fi
  "$cc" $flag "$@" -o "$out.w$w" || { echo "FAILED to link at vector width $w" >&2; exit 1; }
  "$here/run-on-devices.sh" "$devices" "$out.w$w" || { echo "FAILED at vector width $w" >&2; exit 1; }
done
