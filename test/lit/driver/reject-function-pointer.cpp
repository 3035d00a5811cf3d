// Calls through function pointers and pointers to member functions are
// compile errors; naming a function without calling it through a pointer is not.
// RUN: not %sporkle-cc -I%S/Inputs -c %s -o %t.o 2>&1 | FileCheck %s --implicit-check-not=error:
#include "kernel_entry.h"

int twice(int x) { return 2 * x; }
int thrice(int x) { return 3 * x; }
struct Scaler {
  int factor;
  int apply(int x) const { return factor * x; }
};

int applyTo(int (*fn)(int), int x) { return fn(x); }
// CHECK-DAG: reject-function-pointer.cpp:[[@LINE-1]]:45: error: indirect call through a function pointer is not allowed in SYCL device code

struct Indirect;
int main() {
  int *out = nullptr;
  launch<Indirect>([=] {
    out[0] = applyTo(out[1] ? twice : thrice, 4);
    Scaler s{3};
    int (Scaler::*method)(int) const = &Scaler::apply;
    out[2] = (s.*method)(5);
    // CHECK-DAG: reject-function-pointer.cpp:[[@LINE-1]]:14: error: indirect call through a function pointer is not allowed in SYCL device code
    out[3] = twice(1); // a direct call is fine
  });
}
// CHECK: 2 errors generated.
