[[clang::sycl_external]] int scale(int x) { return 2 * x; }
