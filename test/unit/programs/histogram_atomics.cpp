// atomic_ref on integers and floats, USM shortcuts with dependencies.
#include <sycl/sycl.hpp>
int main() {
  sycl::queue q(sycl::cpu_selector_v);
  size_t n = 4096;
  unsigned *data = sycl::malloc_device<unsigned>(n, q);
  unsigned *bins = sycl::malloc_shared<unsigned>(16, q);
  float *sum = sycl::malloc_shared<float>(1, q);
  auto e1 = q.memset(bins, 0, 16 * sizeof(unsigned));
  auto e2 = q.fill(sum, 0.0f, 1);
  auto e3 = q.parallel_for(sycl::range<1>(n), [=](sycl::id<1> i) { data[i] = unsigned(i * 2654435761u); });
  q.parallel_for(sycl::range<1>(n), {e1, e2, e3}, [=](sycl::id<1> i) {
     sycl::atomic_ref<unsigned, sycl::memory_order::relaxed, sycl::memory_scope::device,
                      sycl::access::address_space::global_space> bin(bins[data[i] % 16]);
     bin++;
     sycl::atomic_ref<float, sycl::memory_order::relaxed, sycl::memory_scope::device> s(*sum);
     s += 1.0f;
     s.fetch_max(float(i));
     unsigned expected = 0;
     bin.compare_exchange_strong(expected, 1u);
   }).wait();
  sycl::free(data, q);
  sycl::free(bins, q);
  sycl::free(sum, q);
}
