// 'throw' reachable from a kernel is a compile error naming the construct.
// RUN: not %sporkle-cc -I%S/Inputs -c %s -o %t.o 2>&1 | FileCheck %s
#include "kernel_entry.h"

void check(int x) {
  if (x < 0)
    throw x;
  // CHECK: reject-throw.cpp:[[@LINE-1]]:5: error: 'throw' is not allowed in SYCL device code
}

struct Checked;
int main() {
  int *data = nullptr;
  launch<Checked>([=] { check(data[0]); });
  // CHECK: reject-throw.cpp:[[@LINE-1]]:25: note: called by a lambda here
  // CHECK: note: in SYCL kernel 'Checked'{{$}}
  try { check(-1); } catch (int) {} // host code may use exceptions
}
// CHECK: 1 error generated.
