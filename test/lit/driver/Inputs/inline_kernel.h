// Kernels launched from inline functions and templates in a header: every
// object that uses them carries a copy of the kernel, as with inline code.
#include <sycl/sycl.hpp>
inline void fillWith(sycl::queue &q, int *p, int v) {
  q.parallel_for(sycl::range<1>(4), [=](sycl::id<1> i) { p[i] = v; }).wait();
}
struct HeaderKernel;
template <typename T> void setFirst(sycl::queue &q, T *p, T v) {
  q.single_task<HeaderKernel>([=] { p[0] = v; }).wait();
}
