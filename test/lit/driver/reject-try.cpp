// A 'try' block reachable from a kernel is a compile error.
// RUN: not %sporkle-cc -I%S/Inputs -c %s -o %t.o 2>&1 | FileCheck %s
#include "kernel_entry.h"

struct Guarded;
int main() {
  int *data = nullptr;
  launch<Guarded>([=] {
    try {
      // CHECK: reject-try.cpp:[[@LINE-1]]:5: error: 'try' block is not allowed in SYCL device code
      data[0] = 1;
    } catch (...) {
    }
  });
  // CHECK: note: in SYCL kernel 'Guarded'{{$}}
}
