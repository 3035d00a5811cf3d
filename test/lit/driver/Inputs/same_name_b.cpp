#include <sycl/sycl.hpp>
namespace app { struct Same; }
void launchA(sycl::queue &q, int *p);
int main() {
  sycl::queue q;
  int *p = sycl::malloc_shared<int>(2, q);
  int v = 2;
  launchA(q, p);
  q.single_task<app::Same>([=] { p[1] = v; }).wait();
}
