// The kernel name app::Same is used for two different kernels (see
// same_name_b.cpp): an error at link time.
#include <sycl/sycl.hpp>
namespace app { struct Same; }
void launchA(sycl::queue &q, int *p) { q.single_task<app::Same>([=] { p[0] = 1; }); }
