#!/bin/sh
# Usage: run-on-devices.sh "cpu vulkan:0 ..." PROGRAM [ARGS...]
# Runs PROGRAM once per listed device with SPORKLE_DEVICE set; fails on the
# first failure and names the device. On Vulkan devices the Khronos
# validation layer runs too when it is installed (Debian
# vulkan-validationlayers), and anything it reports is a failure.
devices=$1; shift
layer_json=/usr/share/vulkan/explicit_layer.d/VkLayer_khronos_validation.json
for d in $devices; do
  echo "== SPORKLE_DEVICE=$d"
  case $d in
    vulkan*)
      if [ -f "$layer_json" ]; then
        log=$(mktemp)
        SPORKLE_DEVICE=$d VK_INSTANCE_LAYERS=VK_LAYER_KHRONOS_validation "$@" >"$log" 2>&1
        rc=$?
        cat "$log"
        if grep -q 'VUID-\|Validation Error\|Validation Warning' "$log"; then
          rm -f "$log"
          echo "FAILED on device $d: the Vulkan validation layer reported problems" >&2
          exit 1
        fi
        rm -f "$log"
        [ $rc -eq 0 ] || { echo "FAILED on device $d" >&2; exit 1; }
        continue
      fi ;;
  esac
  SPORKLE_DEVICE=$d "$@" || { echo "FAILED on device $d" >&2; exit 1; }
done
