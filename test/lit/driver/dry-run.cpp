// -### shows the jobs as Clang's Driver built them: the device pass (spirv64,
// no errno, line tables, sporkle's headers), the offload packaging, the host
// pass embedding it, and at link time the in-process device link and the
// system link with the runtime.
// RUN: %sporkle-cc -### -O2 -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=COMPILE
// COMPILE: sporkle-cc version
// COMPILE: "-cc1" "-triple" "spirv64-unknown-unknown"
// COMPILE-SAME: "-fsycl-is-device"
// COMPILE-NOT: "-fmath-errno"
// COMPILE-SAME: "-debug-info-kind=line-tables-only"
// COMPILE-SAME: "-isystem" "{{[^"]*}}include"
// COMPILE: "{{[^"]*}}llvm-offload-binary" "-o" "[[PACKAGE:[^"]+]]" "--image=file={{[^,]+}},triple=spirv64-unknown-unknown,arch=generic,kind=sycl"
// COMPILE: "-cc1" "-triple" "x86_64{{[^"]*}}" {{.*}}"-fsycl-is-host"
// COMPILE-SAME: "-fembed-offload-object=[[PACKAGE]]"
// COMPILE-SAME: "-o" "{{.*}}dry-run.cpp.tmp.o"

// With -g the device pass keeps full debug info.
// RUN: %sporkle-cc -### -g -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=DEBUG
// DEBUG: "-fsycl-is-device"
// DEBUG-NOT: line-tables-only
// DEBUG-SAME: "-debug-info-kind=constructor"

// RUN: %sporkle-cc -### -march=x86-64-v3 %s -o %t.exe 2>&1 | FileCheck %s --check-prefix=LINK
// LINK: "-fsycl-is-host"
// LINK: # sporkle-cc (in-process): device link of {{.*}} for cpu (-O2, cpu x86-64-v3)
// LINK: "{{[^"]*}}ld" {{.*}}"<cpu image object>" "<registration object>" "-rpath" "{{[^"]+}}" "-lsporkle" "-lpthread" "-lm" "-ldl"
int main() { return 0; }
