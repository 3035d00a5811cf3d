#!/bin/sh
# Usage: run-at-widths.sh SPORKLE_CC "WIDTHS" "DEVICES" OUT LINK-ARGS...
# (lit's %run-at-widths fills in the first three: %run-at-widths OUT LINK-ARGS...)
#
# Links LINK-ARGS (objects and flags, e.g. `-O2 %t.o`) with sporkle-cc once per
# CPU vector width in WIDTHS and runs each executable on every device, so the
# same program runs scalar and vectorized, each checked against its own host
# reference. A width is a -fsporkle-vector-width= value (1 = scalar) or `auto`
# (no flag: the driver's default, the CPU's own width). OUT.w1, OUT.w4,
# OUT.wauto, ... are the executables. CPU devices run every width; other
# devices (Vulkan, linked in with --sporkle-targets=cpu,vulkan) the last
# build. Fails on the first failure and names the width; run-on-devices.sh
# names the device.
cc=$1 widths=$2 devices=$3 out=$4
shift 4
here=$(dirname "$0")
# The vector width is the CPU target's business: CPU devices run every width,
# the others (Vulkan) run the last build only. Vulkan devices need the Vulkan
# target built into the program.
cpu_devices= other_devices= targets=
for d in $devices; do
  case $d in
    cpu*) cpu_devices="$cpu_devices $d" ;;
    vulkan*) other_devices="$other_devices $d"; targets=--sporkle-targets=cpu,vulkan ;;
    *) other_devices="$other_devices $d" ;;
  esac
done
last=
for w in $widths; do
  echo "== -fsporkle-vector-width=$w"
  if [ "$w" = auto ]; then flag=; else flag=-fsporkle-vector-width=$w; fi
  "$cc" $targets $flag "$@" -o "$out.w$w" || { echo "FAILED to link at vector width $w" >&2; exit 1; }
  if [ -n "$cpu_devices" ]; then
    "$here/run-on-devices.sh" "$cpu_devices" "$out.w$w" || { echo "FAILED at vector width $w" >&2; exit 1; }
  fi
  last=$out.w$w
done
if [ -n "$other_devices" ]; then
  "$here/run-on-devices.sh" "$other_devices" "$last" || exit 1
fi
