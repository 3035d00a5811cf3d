// 2-D and 3-D ranges with item, math builtins, single_task, templates and helpers.
#include <sycl/sycl.hpp>
template <typename T> T poly(T x) { return sycl::mad(x, x, T(1)); }
static float helper(float x) { return sycl::sqrt(sycl::fabs(x)) + sycl::exp(x) * sycl::sin(x); }
int main() {
  sycl::queue q;
  float *p = sycl::malloc_shared<float>(7 * 5 * 3, q);
  q.parallel_for(sycl::range<3>(7, 5, 3), [=](sycl::item<3> it) {
    float x = float(it.get_linear_id());
    p[it.get_linear_id()] = helper(x) + poly(x) + sycl::pow(x, 1.5f) + sycl::clamp(x, 0.0f, 1.0f) +
                            sycl::rsqrt(x + 1) + sycl::log2(x + 1) + sycl::fmin(x, 2.0f) +
                            float(sycl::min(it[0], it[1]));
  });
  q.parallel_for(sycl::range<2>(7, 15), [=](sycl::id<2> i) { p[i[0] * 15 + i[1]] += 1; });
  q.single_task([=] { p[0] = sycl::cos(p[1]) + float(sycl::max(3, 4)); });
  q.wait();
  sycl::free(p, q);
}
