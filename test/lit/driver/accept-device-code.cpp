// Device code the checks must accept: nothing here is reported, and the
// object carries device code.
// RUN: %sporkle-cc -I%S/Inputs -std=c++20 -c %s -o %t.o 2>&1 | count 0
// RUN: llvm-objdump --offloading %t.o | FileCheck %s
// CHECK: triple spirv64-unknown-unknown
#include "kernel_entry.h"
#include <cmath>
#include <utility>

int undefinedButUnevaluated(int);
[[noreturn]] void hostOnlyFailure();

struct Vec {
  float x, y;
  Vec operator+(const Vec &o) const { return {x + o.x, y + o.y}; }
  ~Vec() {} // non-trivial destructor: walked, and it is defined
};

template <typename T> constexpr T square(T v) { return v * v; }
template <typename F> auto applyTwice(F f, int v) { return f(f(v)); }

struct Counter {
  int n = 0;
  void operator()() { ++n; }
};

struct Accepted;
int main() {
  int *out = nullptr;
  launch<Accepted>([=] {
    // Unevaluated operands and constant expressions call nothing at run time.
    out[0] = sizeof(undefinedButUnevaluated(1)) + noexcept(undefinedButUnevaluated(2));
    decltype(undefinedButUnevaluated(3)) unused = 0;
    constexpr int k = square(4);
    // Templates, lambdas called through templates, operators, destructors.
    Vec a{1, 2}, b{3, 4};
    Vec c = a + b;
    out[1] = applyTwice([=](int v) { return v + k + unused; }, int(c.x));
    Counter counter;
    counter();
    out[2] = counter.n + int(std::sqrt(float(out[3]))) + int(std::fma(1.0f, 2.0f, 3.0f));
    // A lambda that is never called is never device code.
    auto neverCalled = [] { hostOnlyFailure(); };
    (void)neverCalled;
    out[3] = std::exchange(out[4], 0);
  });
  // Host code may do anything.
  if (!out)
    hostOnlyFailure();
}
