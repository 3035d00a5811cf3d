// Device side of exec-work-group-functions.cpp: one kernel per functor.
#include "exec_kernels.h"

template <typename Name, typename F> [[clang::sycl_kernel_entry_point(Name)]] void kernel(F f) { f(); }

class GroupSumK;
class TiledMatmulK;
class Ids3DK;
class MaybeReverseK;

void instantiate() {
  kernel<GroupSumK>(GroupSum{});
  kernel<TiledMatmulK>(TiledMatmul{});
  kernel<Ids3DK>(Ids3D{});
  kernel<MaybeReverseK>(MaybeReverse{});
}
