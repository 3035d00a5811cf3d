// Work-group reduction with group queries and group_barrier; out-of-order
// queue with explicit depends_on and profiling.
#include <sycl/sycl.hpp>
int main() {
  sycl::queue q{sycl::property_list{sycl::property::queue::enable_profiling()}};
  constexpr size_t n = 1024, wg = 64;
  int *in = sycl::malloc_device<int>(n, q);
  int *out = sycl::malloc_shared<int>(n / wg, q);
  sycl::event init = q.parallel_for(n, [=](sycl::id<1> i) { in[i] = int(i); });
  sycl::event red = q.submit([&](sycl::handler &h) {
    h.depends_on(init);
    sycl::local_accessor<int> scratch(sycl::range<1>(wg), h);
    h.parallel_for(sycl::nd_range<1>(n, wg), [=](sycl::nd_item<1> it) {
      sycl::group<1> g = it.get_group();
      size_t lid = g.get_local_linear_id();
      scratch[lid] = in[it.get_global_linear_id()];
      for (size_t s = wg / 2; s > 0; s /= 2) {
        sycl::group_barrier(g);
        if (lid < s)
          scratch[lid] += scratch[lid + s];
      }
      if (g.leader())
        out[g.get_group_linear_id()] = scratch[0];
    });
  });
  red.wait();
  auto t = red.get_profiling_info<sycl::info::event_profiling::command_end>() -
           red.get_profiling_info<sycl::info::event_profiling::command_start>();
  (void)t;
  sycl::free(in, q);
  sycl::free(out, q);
}
