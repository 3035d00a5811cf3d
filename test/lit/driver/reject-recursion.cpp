// Recursion reachable from a kernel is a compile error at the call that
// closes the cycle, with the path back to the kernel; no object is written.
// RUN: rm -f %t.o
// RUN: not %sporkle-cc -I%S/Inputs -c %s -o %t.o 2>&1 | FileCheck %s
// RUN: not ls %t.o
#include "kernel_entry.h"

int factorial(int n) { return n <= 1 ? 1 : n * factorial(n - 1); }
// CHECK: reject-recursion.cpp:[[@LINE-1]]:48: error: recursion is not allowed in SYCL device code: this call to 'factorial' makes it recursive
// CHECK: reject-recursion.cpp:[[#FACT_LAUNCH:]]:31: note: called by a lambda here
// CHECK: reject-recursion.cpp:[[#FACT_LAUNCH]]:16: note: in SYCL kernel 'Fact'{{$}}

// The walk enters isEven first, so the call back to it closes the cycle.
int isOdd(int n);
int isEven(int n) { return n == 0 ? 1 : isOdd(n - 1); }
int isOdd(int n) { return n == 0 ? 0 : isEven(n - 1); }
// CHECK: reject-recursion.cpp:[[@LINE-1]]:40: error: recursion is not allowed in SYCL device code: this call to 'isEven' makes it recursive
// CHECK-NEXT: isEven(n - 1)
// CHECK: reject-recursion.cpp:[[@LINE-4]]:41: note: called by 'isEven' here

// Recursion only host code reaches is fine.
int hostOnly(int n) { return n ? hostOnly(n - 1) : 0; }

struct Fact;
struct Parity;
int main() {
  int *out = nullptr;
  launch<Fact>([=] { out[0] = factorial(5); });
  launch<Parity>([=] { out[0] = isEven(4); });
  // CHECK: note: in SYCL kernel 'Parity'{{$}}
  return hostOnly(3);
}
// CHECK: 2 errors generated.
