// Inclusive prefix sum: work-group scans in local memory, a scan of the block sums, then a fix-up kernel.
// RUN: %sporkle-cc -O2 -c %s -o %t.o
// RUN: %run-at-widths %t -O2 %t.o
#include <sycl/sycl.hpp>
#include "Inputs/check.hpp"

constexpr size_t WG = 64;

// Hillis-Steele inclusive scan of one work-group's values in local memory s.
// Every work-item reaches every barrier: the loop bound is uniform.
template <typename Acc> int group_scan(sycl::nd_item<1> it, Acc s, int v) {
  size_t l = it.get_local_id(0);
  s[l] = v;
  for (size_t d = 1; d < WG; d *= 2) {
    sycl::group_barrier(it.get_group());
    int add = l >= d ? s[l - d] : 0;
    sycl::group_barrier(it.get_group());
    s[l] += add;
  }
  sycl::group_barrier(it.get_group());
  return s[l];
}

int main() {
  const size_t blocks = 53, n = WG * blocks; // blocks <= WG: one group scans the block sums
  sycl::queue q;
  e2e::banner("prefix_scan", q.get_device().get_info<sycl::info::device::name>());
  std::vector<int> in = e2e::random_ints<int>(n, -100, 100), want(n);
  int acc = 0;
  for (size_t i = 0; i < n; ++i)
    want[i] = acc += in[i];
  std::vector<int> out(n, e2e::poison<int>());
  {
    sycl::buffer<int> In(in.data(), sycl::range<1>(n)), Out(out.data(), sycl::range<1>(n));
    sycl::buffer<int> Sums{sycl::range<1>(WG)};
    q.submit([&](sycl::handler &h) { // 1: scan each block, record its total
      sycl::accessor x(In, h, sycl::read_only);
      sycl::accessor y(Out, h, sycl::write_only);
      sycl::accessor sums(Sums, h, sycl::write_only);
      sycl::local_accessor<int, 1> s(sycl::range<1>(WG), h);
      h.parallel_for(sycl::nd_range<1>(sycl::range<1>(n), sycl::range<1>(WG)), [=](sycl::nd_item<1> it) {
        int v = group_scan(it, s, x[it.get_global_id()]);
        y[it.get_global_id()] = v;
        if (it.get_local_id(0) == WG - 1)
          sums[it.get_group(0)] = v;
      });
    });
    q.submit([&](sycl::handler &h) { // 2: exclusive scan of the block totals in one group
      sycl::accessor sums(Sums, h, sycl::read_write);
      sycl::local_accessor<int, 1> s(sycl::range<1>(WG), h);
      h.parallel_for(sycl::nd_range<1>(sycl::range<1>(WG), sycl::range<1>(WG)), [=](sycl::nd_item<1> it) {
        size_t l = it.get_local_id(0);
        int v = l < blocks ? sums[l] : 0;
        int inclusive = group_scan(it, s, v);
        sums[l] = inclusive - v;
      });
    });
    q.submit([&](sycl::handler &h) { // 3: add each block's offset
      sycl::accessor y(Out, h, sycl::read_write);
      sycl::accessor sums(Sums, h, sycl::read_only);
      h.parallel_for(sycl::range<1>(n), [=](sycl::id<1> i) { y[i] += sums[i[0] / WG]; });
    });
    sycl::host_accessor r(Out, sycl::read_only);
    e2e::check("inclusive scan", r, want);
  }
  return e2e::pass("prefix_scan");
}
