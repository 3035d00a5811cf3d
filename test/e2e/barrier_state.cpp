// Barriers inside a loop with a uniform trip count and inside a uniform if; private arrays and values live across barriers.
// RUN: %sporkle-cc -O2 -c %s -o %t.o
// RUN: %run-at-widths %t -O2 %t.o
#include <sycl/sycl.hpp>
#include "Inputs/check.hpp"

constexpr size_t WG = 48;

int main() {
  const size_t groups = 23, n = WG * groups;
  sycl::queue q;
  e2e::banner("barrier_state", q.get_device().get_info<sycl::info::device::name>());
  if (e2e::skip_without_usm_host_shared("barrier_state", q.get_device()))
    return 0;
  std::vector<int> in = e2e::random_ints<int>(n, -1000, 1000);
  std::vector<int> rounds = e2e::random_ints<int>(groups, 0, 5); // per-group, so uniform within a group
  // Reference: each round, every work-item keeps 4 private values, rotates the group's
  // shared array by one (needs two barriers), and on odd rounds adds its neighbour's value.
  std::vector<int> want(n);
  for (size_t g = 0; g < groups; ++g) {
    std::vector<int> s(in.begin() + g * WG, in.begin() + (g + 1) * WG), priv(WG * 4);
    for (size_t l = 0; l < WG; ++l)
      for (int j = 0; j < 4; ++j)
        priv[l * 4 + j] = s[l] * (j + 1);
    for (int r = 0; r < rounds[g]; ++r) {
      std::vector<int> t(WG);
      for (size_t l = 0; l < WG; ++l)
        t[l] = s[(l + 1) % WG] + priv[l * 4 + r % 4];
      s = t;
      if (r % 2) {
        std::vector<int> u(WG);
        for (size_t l = 0; l < WG; ++l)
          u[l] = s[l] + s[(l + WG - 1) % WG];
        s = u;
      }
    }
    for (size_t l = 0; l < WG; ++l)
      want[g * WG + l] = s[l] - priv[l * 4 + 3];
  }
  int *d = sycl::malloc_shared<int>(n, q), *rs = sycl::malloc_shared<int>(groups, q), *out = sycl::malloc_shared<int>(n, q);
  for (size_t i = 0; i < n; ++i)
    d[i] = in[i], out[i] = e2e::poison<int>();
  for (size_t g = 0; g < groups; ++g)
    rs[g] = rounds[g];

  q.submit([&](sycl::handler &h) {
    sycl::local_accessor<int, 1> s(sycl::range<1>(WG), h);
    h.parallel_for(sycl::nd_range<1>(sycl::range<1>(n), sycl::range<1>(WG)), [=](sycl::nd_item<1> it) {
      size_t l = it.get_local_id(0);
      int mine = d[it.get_global_id(0)];
      int priv[4];
      for (int j = 0; j < 4; ++j)
        priv[j] = mine * (j + 1);
      s[l] = mine;
      const int nrounds = rs[it.get_group(0)];
      for (int r = 0; r < nrounds; ++r) {
        sycl::group_barrier(it.get_group());
        int next = s[(l + 1) % WG] + priv[r % 4]; // private array indexed dynamically across barriers
        sycl::group_barrier(it.get_group());
        s[l] = next;
        if (r % 2) { // uniform branch containing barriers
          sycl::group_barrier(it.get_group());
          int left = s[(l + WG - 1) % WG];
          sycl::group_barrier(it.get_group());
          s[l] += left;
        }
      }
      sycl::group_barrier(it.get_group());
      out[it.get_global_id(0)] = s[l] - priv[3];
    });
  }).wait();
  e2e::check("barriers in loops and ifs", out, want);
  sycl::free(d, q);
  sycl::free(rs, q);
  sycl::free(out, q);
  return e2e::pass("barrier_state");
}
