// A kernel calling a SYCL_EXTERNAL function defined in external_def.cpp. The
// kernel is not run (that needs sycl.hpp); the program checks the device
// function on the host and prints the kernel's name.
#include "kernel_entry.h"
#include <cstdio>

[[clang::sycl_external]] int scale(int x);
int scale(int x);

struct Scale;
int main(int argc, char **) {
  int *data = nullptr;
  if (argc > 100) // never: only the kernel's existence matters here
    launch<Scale>([=] { data[__sporkle_global_id(0)] = scale(data[__sporkle_global_id(0)]); });
  int sum = 0;
  for (int i = 0; i < 16; ++i)
    sum += scale(i);
  std::printf("kernel %s: 16 values, sum %d\n", __builtin_sycl_unique_stable_name(Scale), sum);
}
