// An ordinary host program next to the SYCL one: the project's own compiler
// builds it, whichever that is.
#include <cstdio>

int main() {
  std::puts("host_tool: built by the project's C++ compiler");
  return 0;
}
