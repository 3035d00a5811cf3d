// Plain C++ with no SYCL: compiled by clang++, linked with sporkle objects.
#include <numeric>
#include <vector>
int hostSum(int n) {
  std::vector<int> v(n);
  std::iota(v.begin(), v.end(), 1);
  return std::accumulate(v.begin(), v.end(), 0);
}
