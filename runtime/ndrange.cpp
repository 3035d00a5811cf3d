// Local-size choice and nd_range validation (see ndrange.h).
//
// The choice follows PoCL's reasoning adapted to work-group functions: a CPU
// work-group is one call whose innermost loop runs along x, so a long x
// amortises the call and feeds the vectorizer (x is kept a multiple of the
// vector width where the global size has such divisors). The grid must still
// split into a few work-groups per thread for load balance; y and then z only
// grow when x alone gives small groups. Sizes must divide the global size.
#include "ndrange.h"

#include <algorithm>

namespace sporkle::rt {
namespace {

constexpr uint64_t groups_per_thread = 4;   // slack for uneven work-groups
constexpr uint64_t small_group_items = 64;  // below this, grow y/z as well

/// Largest divisor of `n` not above `limit` (>= 1), preferring multiples of
/// `grain` when any such divisor fits.
uint64_t largest_divisor(uint64_t n, uint64_t limit, uint64_t grain) {
  limit = std::max<uint64_t>(1, std::min(limit, n));
  uint64_t best_any = 1, best_grain = 0;
  // Walk divisor pairs up to sqrt(n): O(sqrt n), n is a launch dimension.
  for (uint64_t d = 1; d * d <= n; ++d) {
    if (n % d)
      continue;
    for (uint64_t c : {d, n / d}) {
      if (c > limit)
        continue;
      best_any = std::max(best_any, c);
      if (grain > 1 && c % grain == 0)
        best_grain = std::max(best_grain, c);
    }
  }
  return best_grain ? best_grain : best_any;
}

uint64_t ceil_div(uint64_t a, uint64_t b) { return (a + b - 1) / b; }

} // namespace

void choose_local_size(const local_size_request &req, uint64_t local[3]) {
  const uint64_t *g = req.global;
  local[0] = local[1] = local[2] = 1;
  const uint64_t total_items = g[0] * g[1] * g[2];
  if (total_items == 0)
    return;
  const uint64_t threads = std::max<uint32_t>(1, req.threads);
  const uint64_t max_wg = std::max<uint64_t>(1, req.max_work_group_size);
  // Never ask for more groups than there are work-items.
  const uint64_t wanted_groups = std::min(total_items, threads * groups_per_thread);

  // x: as large as the group count allows.
  uint64_t outer_groups = g[1] * g[2];
  uint64_t x_limit = std::min(max_wg, req.max_local_size[0]);
  if (outer_groups < wanted_groups)
    x_limit = std::min(x_limit, g[0] / ceil_div(wanted_groups, outer_groups));
  local[0] = largest_divisor(g[0], x_limit, req.vector_width);

  // y, then z: only while groups stay small and plentiful.
  for (int d = 1; d < 3; ++d) {
    uint64_t items = local[0] * local[1] * local[2];
    if (items >= small_group_items || g[d] == 1)
      continue;
    uint64_t groups_without_d = 1;
    for (int e = 0; e < 3; ++e)
      if (e != d)
        groups_without_d *= g[e] / local[e];
    uint64_t limit = std::min({max_wg / items, req.max_local_size[d],
                               ceil_div(small_group_items, items)});
    if (groups_without_d < wanted_groups)
      limit = std::min(limit, g[d] / ceil_div(wanted_groups, groups_without_d));
    local[d] = largest_divisor(g[d], limit, 1);
  }
}

std::string validate_nd_range(unsigned dims, const uint64_t global[3], const uint64_t local[3],
                              uint64_t max_work_group_size, const uint64_t max_local_size[3],
                              const uint32_t reqd_local_size[3]) {
  auto sycl_dim = [&](int hw) { return std::to_string(int(dims) - 1 - hw); };
  uint64_t items = 1;
  for (int d = 0; d < int(dims); ++d) {
    if (local[d] == 0)
      return "nd_range: local size is 0 in dimension " + sycl_dim(d);
    if (global[d] % local[d] != 0)
      return "nd_range: global size " + std::to_string(global[d]) +
             " is not a multiple of local size " + std::to_string(local[d]) +
             " in dimension " + sycl_dim(d);
    if (local[d] > max_local_size[d])
      return "nd_range: local size " + std::to_string(local[d]) + " in dimension " +
             sycl_dim(d) + " exceeds the device limit " + std::to_string(max_local_size[d]);
    if (reqd_local_size && reqd_local_size[d] && reqd_local_size[d] != local[d])
      return "nd_range: the kernel requires local size " + std::to_string(reqd_local_size[d]) +
             " in dimension " + sycl_dim(d) + ", got " + std::to_string(local[d]);
    items *= local[d];
  }
  if (items > max_work_group_size)
    return "nd_range: work-group of " + std::to_string(items) +
           " work-items exceeds the device's max_work_group_size " +
           std::to_string(max_work_group_size);
  return {};
}

} // namespace sporkle::rt
