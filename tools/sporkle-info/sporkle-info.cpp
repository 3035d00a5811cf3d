// sporkle-info: the platforms and devices sporkle sees, with their properties
// (like sycl-ls and clinfo).
//
//   sporkle-info                    every platform, device and property
//   sporkle-info --list-selectors   one SPORKLE_DEVICE value per line (lit uses it)
//
// Devices a backend found but cannot use are listed at the end with the reason.
//
// Talks to libsporkle through its runtime ABI only, so it shows exactly what a
// program's default selector chooses from.
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "sycl/detail/runtime_api.hpp"

namespace rt = sporkle::rt;

static const char *kind_name(rt::device_kind kind) {
  switch (kind) {
  case rt::device_kind::cpu: return "cpu";
  case rt::device_kind::gpu: return "gpu";
  case rt::device_kind::accelerator: return "accelerator";
  }
  return "unknown";
}

static void print_bytes(const char *label, uint64_t bytes) {
  const char *unit = "B";
  double v = double(bytes);
  const char *units[] = {"KiB", "MiB", "GiB", "TiB"};
  for (const char *u : units)
    if (v >= 1024.0) {
      v /= 1024.0;
      unit = u;
    }
  std::printf("    %-24s %llu (%.1f %s)\n", label, (unsigned long long)bytes, v, unit);
}

static void usage(FILE *out) {
  std::fprintf(out, "usage: sporkle-info [--list-selectors]\n"
                    "  Lists sporkle's platforms and devices. SPORKLE_DEVICE=<selector> makes a\n"
                    "  program's default queue use that device.\n");
}

int main(int argc, char **argv) {
  bool list_selectors = false;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--list-selectors")) {
      list_selectors = true;
    } else if (!std::strcmp(argv[i], "-h") || !std::strcmp(argv[i], "--help")) {
      usage(stdout);
      return 0;
    } else {
      std::fprintf(stderr, "sporkle-info: unknown argument '%s'\n", argv[i]);
      usage(stderr);
      return 2;
    }
  }

  // Every device present, also those of kinds this tool has no kernels for.
  setenv("SPORKLE_VULKAN", "1", /*overwrite=*/0);
  size_t num_devices = rt::device_count();
  if (list_selectors) {
    // The lit e2e suite runs every program on each selector listed here.
    for (size_t i = 0; i < num_devices; ++i)
      std::printf("%s\n", rt::device_get_info(rt::device_get(i)).selector);
    return 0;
  }

  const char *default_selector = nullptr;
  try {
    default_selector = rt::device_get_info(rt::default_device()).selector;
  } catch (const sycl::exception &e) {
    std::printf("default device: error: %s\n\n", e.what());
  }

  size_t num_platforms = rt::platform_count();
  std::printf("%zu platform(s), %zu device(s)\n", num_platforms, num_devices);
  for (size_t p = 0; p < num_platforms; ++p) {
    const rt::platform_info &pi = rt::platform_get_info(p);
    std::printf("\nplatform %zu: %s\n  vendor: %s\n  version: %s\n", p, pi.name, pi.vendor,
                pi.version);
    for (size_t d = 0; d < num_devices; ++d) {
      const rt::device_info &di = rt::device_get_info(rt::device_get(d));
      if (di.platform_index != p)
        continue;
      bool is_default = default_selector && !std::strcmp(default_selector, di.selector);
      std::printf("  device [%s]%s\n", di.selector, is_default ? " (default)" : "");
      std::printf("    %-24s %s\n", "name", di.name);
      std::printf("    %-24s %s\n", "vendor", di.vendor);
      std::printf("    %-24s %s\n", "type", kind_name(di.kind));
      std::printf("    %-24s %s\n", "driver version", di.driver_version);
      std::printf("    %-24s %u\n", "max compute units", di.max_compute_units);
      std::printf("    %-24s %llu\n", "max work-group size",
                  (unsigned long long)di.max_work_group_size);
      std::printf("    %-24s %llu x %llu x %llu\n", "max work-item sizes",
                  (unsigned long long)di.max_work_item_sizes[2],
                  (unsigned long long)di.max_work_item_sizes[1],
                  (unsigned long long)di.max_work_item_sizes[0]);
      std::printf("    %-24s %u\n", "preferred vector width", di.preferred_vector_width);
      print_bytes("local memory", di.local_mem_size);
      print_bytes("global memory", di.global_mem_size);
      print_bytes("max allocation", di.max_mem_alloc_size);
      std::printf("    %-24s %s\n", "unified host memory", di.host_unified_memory ? "yes" : "no");
    }
  }
  size_t num_unusable = rt::unusable_device_count();
  if (num_unusable)
    std::printf("\nnot used:\n");
  for (size_t u = 0; u < num_unusable; ++u) {
    const rt::unusable_device_info &ui = rt::unusable_device_get(u);
    if (*ui.name)
      std::printf("  %s device '%s': %s\n", ui.platform, ui.name, ui.reason);
    else
      std::printf("  %s: %s\n", ui.platform, ui.reason);
  }
  if (const char *env = std::getenv("SPORKLE_DEVICE"))
    std::printf("\nSPORKLE_DEVICE=%s\n", env);
  return 0;
}
