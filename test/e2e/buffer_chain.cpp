// A chain of kernels on an out-of-order queue ordered only through buffer accessors (RAW, WAR, WAW), read via host_accessor.
// RUN: %sporkle-cc -O2 -c %s -o %t.o
// RUN: %run-at-widths %t -O2 %t.o
#include <sycl/sycl.hpp>
#include "Inputs/check.hpp"

int main() {
  const size_t n = 30011;
  sycl::queue q; // out-of-order by default: only the accessors order these kernels
  e2e::banner("buffer_chain", q.get_device().get_info<sycl::info::device::name>());
  std::vector<int> x = e2e::random_ints<int>(n, -1000, 1000);
  std::vector<int> wa(n), wb(n), wc(n);
  for (size_t i = 0; i < n; ++i) {
    int a1 = x[i] * 2;   // k1: A *= 2        read_write A
    int b = a1 + 7;      // k2: B = A + 7     RAW on A
    int a2 = int(i) - 3; // k3: A = i - 3     WAR on A: k2 must read the old A first
    int c = b * 3 - a2;  // k4: C = 3B - A    RAW on A and B
    wa[i] = a2, wc[i] = c;
    wb[i] = c - 1;       // k5: B = C - 1     WAW on B, WAR with k4's read of B
  }
  sycl::buffer<int> A(x.data(), sycl::range<1>(n)), B{sycl::range<1>(n)}, C{sycl::range<1>(n)};
  { // poison B and C so that a skipped kernel shows
    sycl::host_accessor b(B, sycl::write_only), c(C, sycl::write_only);
    for (size_t i = 0; i < n; ++i)
      b[i] = c[i] = e2e::poison<int>();
  }
  const sycl::range<1> r(n);
  q.submit([&](sycl::handler &h) {
    sycl::accessor a(A, h, sycl::read_write);
    h.parallel_for(r, [=](sycl::id<1> i) { a[i] *= 2; });
  });
  q.submit([&](sycl::handler &h) {
    sycl::accessor a(A, h, sycl::read_only);
    sycl::accessor b(B, h, sycl::write_only, sycl::no_init);
    h.parallel_for(r, [=](sycl::id<1> i) { b[i] = a[i] + 7; });
  });
  q.submit([&](sycl::handler &h) {
    sycl::accessor a(A, h, sycl::write_only, sycl::no_init);
    h.parallel_for(r, [=](sycl::id<1> i) { a[i] = int(i[0]) - 3; });
  });
  q.submit([&](sycl::handler &h) {
    sycl::accessor a(A, h, sycl::read_only), b(B, h, sycl::read_only);
    sycl::accessor c(C, h, sycl::write_only, sycl::no_init);
    h.parallel_for(r, [=](sycl::id<1> i) { c[i] = b[i] * 3 - a[i]; });
  });
  q.submit([&](sycl::handler &h) {
    sycl::accessor c(C, h, sycl::read_only);
    sycl::accessor b(B, h, sycl::write_only, sycl::no_init);
    h.parallel_for(r, [=](sycl::id<1> i) { b[i] = c[i] - 1; });
  });
  // No wait anywhere: each host_accessor waits for the kernels that write its buffer.
  sycl::host_accessor ra(A, sycl::read_only), rb(B, sycl::read_only), rc(C, sycl::read_only);
  e2e::check("A after WAR", ra, wa);
  e2e::check("C after RAW on A and B", rc, wc);
  e2e::check("B after WAW", rb, wb);
  return e2e::pass("buffer_chain");
}
