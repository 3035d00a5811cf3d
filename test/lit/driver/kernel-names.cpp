// Device-code errors name kernels the way the user wrote them: sycl.hpp's
// sycl::detail::kernel_tag<Name, Kind, Dims> wrapper never shows. A named
// kernel is its type as Clang prints it, an unnamed one its lambda (or functor
// type); the note points at the kernel's lambda or functor.
// RUN: not %sporkle-cc -c %s -o %t.o 2>&1 | FileCheck %s --implicit-check-not=kernel_tag
#include <sycl/sycl.hpp>

int viaNamed(int n) { if (n < 0) throw n; return n; }
// CHECK-DAG: kernel-names.cpp:[[@LINE-1]]:34: error: 'throw' is not allowed in SYCL device code
int viaLocal(int n) { if (n < 0) throw n; return n; }
int viaLambda(int n) { if (n < 0) throw n; return n; }
int viaFunctor(int n) { if (n < 0) throw n; return n; }

namespace app {
struct MyKernel;
template <typename T> struct Templated;
} // namespace app

struct Functor {
  // CHECK-DAG: kernel-names.cpp:[[@LINE-1]]:8: note: in SYCL kernel 'Functor'{{$}}
  int *p;
  void operator()() const { p[0] = viaFunctor(1); }
};

int main() {
  sycl::queue q;
  int *p = sycl::malloc_shared<int>(4, q);
  q.submit([&](sycl::handler &h) { h.single_task<app::MyKernel>([=] { p[0] = viaNamed(1); }); });
  // CHECK-DAG: kernel-names.cpp:[[@LINE-1]]:65: note: in SYCL kernel 'app::MyKernel'{{$}}
  q.parallel_for<app::Templated<float>>(sycl::nd_range<1>(4, 4), [=](sycl::nd_item<1>) { p[1] = viaLocal(1); });
  // CHECK-DAG: kernel-names.cpp:[[@LINE-1]]:66: note: in SYCL kernel 'app::Templated<float>'{{$}}
  q.parallel_for(sycl::range<1>(4), [=](sycl::id<1> i) { p[i] = viaLambda(int(i)); });
  // CHECK-DAG: kernel-names.cpp:[[@LINE-1]]:37: note: in SYCL kernel (lambda at {{.*}}kernel-names.cpp:[[@LINE-1]]:37){{$}}
  q.single_task(Functor{p});
  q.wait();
}
// CHECK: 4 errors generated.
