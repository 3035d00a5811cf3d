# lit configuration for sporkle. Suites: test/lit/<area>/ (FileCheck tests of
# passes and tools), test/e2e/ (SYCL programs built with sporkle-cc and run
# on every device present, at several CPU vector widths) and test/diff/
# (random kernels, vectorized against scalar).
import os
import subprocess
import lit.formats

config.name = "sporkle"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".ll", ".cpp", ".test"]
config.excludes = ["Inputs", "CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py", "unit"]
config.test_source_root = os.path.dirname(__file__)

tools = config.sporkle_tools_dir
llvm = config.llvm_tools_dir
config.environment["PATH"] = os.pathsep.join([tools, llvm, config.environment.get("PATH", os.environ.get("PATH", ""))])
for var in ["HOME", "TMPDIR", "SPORKLE_DEVICE", "VK_ICD_FILENAMES", "VK_DRIVER_FILES", "XDG_CACHE_HOME"]:
    if var in os.environ:
        config.environment[var] = os.environ[var]

config.substitutions.append(("%sporkle-cc", os.path.join(tools, "sporkle-cc")))
config.substitutions.append(("%sporkle-opt", os.path.join(tools, "sporkle-opt")))
config.substitutions.append(("%sporkle-info", os.path.join(tools, "sporkle-info")))
config.substitutions.append(("%src_root", config.sporkle_src_root))
config.substitutions.append(("%obj_root", config.sporkle_obj_root))

# The Vulkan target is built when SPIRV-Tools is there; its tests also need
# spirv-val and spirv-dis (Debian spirv-tools).
import shutil
if getattr(config, "sporkle_have_vulkan_target", False) and shutil.which("spirv-val") and shutil.which("spirv-dis"):
    config.available_features.add("vulkan-target")

# Devices present, as sporkle-info reports them: e2e tests run once per device.
config.sporkle_devices = []
info = os.path.join(tools, "sporkle-info")
if os.path.exists(info):
    try:
        out = subprocess.run([info, "--list-selectors"], capture_output=True, text=True, timeout=60)
        config.sporkle_devices = [l.strip() for l in out.stdout.splitlines() if l.strip()]
    except Exception:
        pass
for dev in config.sporkle_devices:
    config.available_features.add("device-" + dev.split(":")[0])
# Tests that need a Vulkan device (and not just the e2e matrix, which runs on
# every device listed above) say REQUIRES: vulkan-device.
if os.path.exists(info):
    try:
        out = subprocess.run([info], capture_output=True, text=True, timeout=60)
        if "[vulkan:0]" in out.stdout:
            config.available_features.add("vulkan-device")
    except Exception:
        pass
# %diff-devices: the devices other than the CPU, for the random-kernel tests.
config.substitutions.append(("%diff-devices", " ".join(d for d in config.sporkle_devices if d != "cpu")))
# %run-on-devices CMD: runs CMD once per device present (SPORKLE_DEVICE set each time).
devs = " ".join(config.sporkle_devices) or "cpu"
config.substitutions.append(("%run-on-devices", os.path.join(config.sporkle_src_root, "test", "run-on-devices.sh") + " '" + devs + "'"))

# %run-at-widths OUT LINK-ARGS...: links LINK-ARGS once per CPU vector width
# (OUT.w1, OUT.w4, OUT.wauto) and runs each like %run-on-devices: every e2e
# program runs scalar, at a forced width narrower than most CPUs' and at the
# CPU's own width. SPORKLE_TEST_WIDTHS overrides the list, e.g. "1 2 4 8 16 auto".
widths = os.environ.get("SPORKLE_TEST_WIDTHS", "1 4 auto")
config.substitutions.append(("%run-at-widths", " ".join([
    os.path.join(config.sporkle_src_root, "test", "run-at-widths.sh"),
    os.path.join(tools, "sporkle-cc"), "'" + widths + "'", "'" + devs + "'"])))
