// 2-D range of odd size (37x53): item<2> ids, get_range and linear ids, buffer<2>.
// RUN: %sporkle-cc -O2 -c %s -o %t.o
// RUN: %run-at-widths %t -O2 %t.o
#include <sycl/sycl.hpp>
#include "Inputs/check.hpp"

int main() {
  const size_t R = 37, C = 53;
  sycl::queue q;
  e2e::banner("range_2d", q.get_device().get_info<sycl::info::device::name>());
  std::vector<float> in = e2e::random_floats(R * C), out(R * C, e2e::poison<float>()), want(R * C);
  std::vector<int> lin(R * C, e2e::poison<int>()), lwant(R * C);
  // out[r][c] = in[r][c] * r - in[r][(c+1) % C] + c: depends on both ids and on a neighbour.
  for (size_t r = 0; r < R; ++r)
    for (size_t c = 0; c < C; ++c) {
      want[r * C + c] = in[r * C + c] * float(r) - in[r * C + (c + 1) % C] + float(c);
      lwant[r * C + c] = int(r * C + c);
    }
  {
    sycl::buffer<float, 2> I(in.data(), sycl::range<2>(R, C)), O(out.data(), sycl::range<2>(R, C));
    sycl::buffer<int, 2> L(lin.data(), sycl::range<2>(R, C));
    q.submit([&](sycl::handler &h) {
      sycl::accessor i(I, h, sycl::read_only);
      sycl::accessor o(O, h, sycl::write_only);
      sycl::accessor l(L, h, sycl::write_only);
      h.parallel_for(sycl::range<2>(R, C), [=](sycl::item<2> it) {
        size_t r = it.get_id(0), c = it.get_id(1), cols = it.get_range(1);
        o[it] = i[r][c] * float(r) - i[sycl::id<2>(r, (c + 1) % cols)] + float(c);
        l[it.get_id()] = int(it.get_linear_id());
      });
    });
  }
  e2e::check("2-D out", out, want, 1e-5);
  e2e::check("2-D linear id", lin, lwant);
  return e2e::pass("range_2d");
}
