#include <sycl/sycl.hpp>
#include <cmath>
#include <cstdio>

SYCL_EXTERNAL float polynomial(float x);

int main() {
  constexpr size_t n = 1000;
  sycl::queue q;
  float *data = sycl::malloc_shared<float>(n, q);
  for (size_t i = 0; i < n; ++i)
    data[i] = float(i) / n;
  q.parallel_for(sycl::range<1>(n), [=](sycl::id<1> i) { data[i] = polynomial(data[i]); }).wait();
  size_t correct = 0;
  for (size_t i = 0; i < n; ++i) {
    float x = float(i) / n;
    float expected = (3.0f * x + 2.0f) * x + 1.0f;
    correct += std::fabs(data[i] - expected) <= 1e-5f;
  }
  std::printf("%zu results correct\n", correct);
  sycl::free(data, q);
  return correct == n ? 0 : 1;
}
