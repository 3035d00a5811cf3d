// A call that needs virtual dispatch is a compile error; calls the compiler
// devirtualizes (final classes, objects of known type, qualified calls) are not.
// RUN: not %sporkle-cc -I%S/Inputs -c %s -o %t.o 2>&1 | FileCheck %s --implicit-check-not=error:
#include "kernel_entry.h"

struct Shape {
  virtual float area() const { return 0; }
  virtual ~Shape() = default;
};
struct Square final : Shape {
  float side = 1;
  float area() const override { return side * side; }
};

float areaOf(const Shape &s) { return s.area(); }
// CHECK: reject-virtual-call.cpp:[[@LINE-1]]:41: error: virtual call to 'Shape::area' is not allowed in SYCL device code
// CHECK: note: called by a lambda here

struct Areas;
int main() {
  float *out = nullptr;
  launch<Areas>([=] {
    Square sq;
    const Square &ref = sq;
    out[0] = sq.area() + ref.area() + sq.Shape::area(); // all devirtualized
    out[1] = areaOf(sq);
  });
  // CHECK: note: in SYCL kernel 'Areas'{{$}}
}
// CHECK: 1 error generated.
