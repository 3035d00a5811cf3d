#!/bin/sh
# Usage: run-on-devices.sh "cpu vulkan:0 ..." PROGRAM [ARGS...]
# Runs PROGRAM once per listed device with SPORKLE_DEVICE set; fails on the
# first failure and names the device.
devices=$1; shift
for d in $devices; do
  echo "== SPORKLE_DEVICE=$d"
  SPORKLE_DEVICE=$d "$@" || { echo "FAILED on device $d" >&2; exit 1; }
done
