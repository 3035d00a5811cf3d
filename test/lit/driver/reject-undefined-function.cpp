// A call to a function with no definition in the translation unit is a
// compile error unless it is SYCL_EXTERNAL, a sporkle device builtin or a
// compiler builtin / math function Clang lowers itself.
// RUN: not %sporkle-cc -I%S/Inputs -c %s -o %t.o 2>&1 | FileCheck %s --implicit-check-not=error:
#include "kernel_entry.h"
#include <cmath>

int definedElsewhere(int x);
[[clang::sycl_external]] int externalHelper(int x);
extern "C" float sqrtf(float);

struct Calls;
int main() {
  float *out = nullptr;
  launch<Calls>([=] {
    out[0] = definedElsewhere(1);
    // CHECK: reject-undefined-function.cpp:[[@LINE-1]]:14: error: SYCL device code calls 'definedElsewhere', which has no definition in this translation unit; define it here or declare it SYCL_EXTERNAL
    // CHECK-NEXT: out[0] = definedElsewhere(1);
    out[1] = externalHelper(2);
    out[2] = std::sqrt(out[3]) + sqrtf(out[4]) + std::exp(1.0f) + __builtin_fabsf(out[5]);
    out[3] = float(__sporkle_global_id(0));
  });
  // CHECK: note: in SYCL kernel 'Calls'{{$}}
}
// CHECK: 1 error generated.
