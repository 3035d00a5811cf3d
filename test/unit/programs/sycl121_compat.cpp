// SYCL 1.2.1 style: <CL/sycl.hpp>, cl::sycl, get_access<mode>(cgh), the old
// local accessor spelling and selector classes.
#include <CL/sycl.hpp>
namespace s = cl::sycl;
int main() {
  s::queue q{s::default_selector{}};
  int data[64] = {};
  {
    s::buffer<int, 1> buf(data, s::range<1>(64));
    q.submit([&](s::handler &cgh) {
      auto acc = buf.get_access<s::access::mode::read_write>(cgh);
      s::accessor<int, 1, s::access::mode::read_write, s::access::target::local> scratch(
          s::range<1>(8), cgh);
      cgh.parallel_for<class old_style>(s::nd_range<1>(s::range<1>(64), s::range<1>(8)),
                                        [=](s::nd_item<1> it) {
                                          scratch[it.get_local_id(0)] = int(it.get_global_id(0));
                                          it.barrier(s::access::fence_space::local_space);
                                          acc[it.get_global_id(0)] += scratch[7 - it.get_local_id(0)];
                                        });
    });
    auto host = buf.get_access<s::access::mode::read>();
    (void)host[0];
  }
  return 0;
}
