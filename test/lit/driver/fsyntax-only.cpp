// -fsyntax-only runs both passes, so the device-code checks run too;
// -fsycl-device-only shows the device pass alone.
// RUN: not %sporkle-cc -I%S/Inputs -fsyntax-only %s 2>&1 | FileCheck %s --check-prefix=SYNTAX
// RUN: not %sporkle-cc -I%S/Inputs -fsycl-device-only -c %s -o %t.bc 2>&1 | FileCheck %s --check-prefix=SYNTAX
// RUN: %sporkle-cc -I%S/Inputs -DNO_THROW -fsycl-device-only -S -emit-llvm %s -o - | FileCheck %s --check-prefix=IR
// RUN: %sporkle-cc -I%S/Inputs -DNO_THROW -E %s | FileCheck %s --check-prefix=PP
#include "kernel_entry.h"

void fail() {
#ifndef NO_THROW
  throw 1;
  // SYNTAX: fsyntax-only.cpp:[[@LINE-1]]:3: error: 'throw' is not allowed in SYCL device code
#endif
}

struct Named;
int main() {
  launch<Named>([] { fail(); });
}
// IR: target triple = "spirv64-unknown-unknown"
// IR: define {{.*}}spir_kernel void @_ZTS5Named(
// IR-NOT: call {{.*}}@fail
// PP: int main()
