// A minimal kernel launch for driver tests that must not depend on sycl.hpp:
// a [[clang::sycl_kernel_entry_point]] template like the one sycl.hpp uses.
#ifndef SPORKLE_TEST_KERNEL_ENTRY_H
#define SPORKLE_TEST_KERNEL_ENTRY_H
#include "sporkle/device_builtins.h"

template <typename Name, typename Functor>
[[clang::sycl_kernel_entry_point(Name)]] void launch(Functor f) { f(); }
#endif
