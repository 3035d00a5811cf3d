// queue::memcpy between device allocations, of every shape: whole aligned
// words (on Vulkan the backend's copy kernel), and sizes or addresses that
// are not (vkCmdCopyBuffer), large and small, into the middle of a poisoned
// destination; then a chain of copies that each read the one before. Checked
// byte for byte against the host on random data.
// RUN: %sporkle-cc -O2 -c %s -o %t.o
// RUN: %run-at-widths %t -O2 %t.o
#include <sycl/sycl.hpp>
#include "Inputs/check.hpp"

constexpr size_t Bytes = (size_t(1) << 22) + 64;

int main() {
  sycl::queue q{sycl::property::queue::in_order()};
  e2e::banner("device_copies", q.get_device().get_info<sycl::info::device::name>());
  std::vector<unsigned char> data(Bytes);
  for (auto &b : data)
    b = static_cast<unsigned char>(e2e::random_int(0, 255));
  auto *src = sycl::malloc_device<unsigned char>(Bytes, q), *dst = sycl::malloc_device<unsigned char>(Bytes, q);
  auto *mid = sycl::malloc_device<unsigned char>(Bytes, q);
  q.memcpy(src, data.data(), Bytes);
  struct copy_case {
    size_t dst_offset, src_offset, bytes;
  };
  const copy_case cases[] = {
      {0, 0, Bytes},              // all of it, in words
      {4, 8, Bytes - 64},         // words at word offsets
      {16, 4, 4},                 // one word
      {1, 0, 4096},               // an odd destination
      {0, 3, 4097},               // an odd source and length
      {8, 8, 6},                  // shorter than a word's multiple
      {size_t(e2e::random_int(0, 63)) * 4, size_t(e2e::random_int(0, 63)) * 4, size_t(e2e::random_int(1, 1 << 20)) * 4},
  };
  std::vector<unsigned char> got(Bytes), want(Bytes);
  int n = 0;
  for (const copy_case &c : cases) {
    q.memset(dst, 0xa5, Bytes);
    q.memcpy(dst + c.dst_offset, src + c.src_offset, c.bytes);
    q.memcpy(got.data(), dst, Bytes).wait();
    std::fill(want.begin(), want.end(), 0xa5);
    std::memcpy(want.data() + c.dst_offset, data.data() + c.src_offset, c.bytes);
    e2e::check(("copy case " + std::to_string(n++)).c_str(), got, want);
  }
  // A chain: each copy reads what the one before wrote.
  q.memset(dst, 0, Bytes);
  q.memcpy(mid, src, Bytes);
  q.memcpy(dst, mid, Bytes);
  q.memcpy(mid, dst + 64, Bytes - 64);
  q.memcpy(got.data(), mid, Bytes - 64).wait();
  got.resize(Bytes - 64);
  e2e::check("copy chain", got, std::vector<unsigned char>(data.begin() + 64, data.end()));
  sycl::free(src, q);
  sycl::free(dst, q);
  sycl::free(mid, q);
  return e2e::pass("device_copies");
}
