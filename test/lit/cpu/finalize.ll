; sporkle-cpu-finalize closes the device module once the work-item loops are
; built: everything but the work-group functions becomes internal (device
; copies of inline functions and globals must never clash with the host's),
; `convergent` and the frame-pointer request go. It refuses a module whose
; kernels or work-group functions are not lowered yet.
; RUN: split-file %s %t
; RUN: %sporkle-opt -passes=sporkle-cpu-finalize %t/done.ll -S -o - | FileCheck %s
; RUN: not %sporkle-opt -passes=sporkle-cpu-finalize %t/kernel.ll -S -o /dev/null 2>&1 | FileCheck %s --check-prefix=KERNEL
; RUN: not %sporkle-opt -passes=sporkle-cpu-finalize %t/no-loops.ll -S -o /dev/null 2>&1 | FileCheck %s --check-prefix=NOLOOPS

; CHECK: @table = internal global i32 7
; CHECK: @inline_copy = internal global i32 1
; CHECK-NOT: comdat
; CHECK-LABEL: define hidden void @__sporkle_cpu_wg.K(ptr %args, ptr %ctx) #0 {
; CHECK-NEXT:    call void @helper(){{$}}
; CHECK-LABEL: define internal void @helper() {
; CHECK-LABEL: define internal void @_Z6inlinev() {
; CHECK: attributes #0 = { "sporkle-work-group-function"="K" "sporkle-work-item-loops" }
; CHECK-NOT: attributes

; KERNEL: error: sporkle-cpu-finalize: kernel '_ZTS1K' was not lowered (run sporkle-cpu-kernel-abi and sporkle-work-item-loops first)
; NOLOOPS: error: sporkle-cpu-finalize: '__sporkle_cpu_wg.K' has no work-item loops yet (run sporkle-work-item-loops first)

;--- done.ll
target triple = "x86_64-pc-linux-gnu"
$_Z6inlinev = comdat any
@table = global i32 7
@inline_copy = linkonce_odr global i32 1, comdat($_Z6inlinev)

define hidden void @__sporkle_cpu_wg.K(ptr %args, ptr %ctx) #0 {
  call void @helper() convergent
  call void @_Z6inlinev()
  ret void
}
define void @helper() #1 {
  ret void
}
define linkonce_odr void @_Z6inlinev() comdat {
  ret void
}
attributes #0 = { convergent "frame-pointer"="all" "sporkle-work-group-function"="K" "sporkle-work-item-loops" }
attributes #1 = { convergent "frame-pointer"="all" }

;--- kernel.ll
target triple = "x86_64-pc-linux-gnu"
define spir_kernel void @_ZTS1K(ptr byval(i32) %f) {
  ret void
}

;--- no-loops.ll
target triple = "x86_64-pc-linux-gnu"
define hidden void @__sporkle_cpu_wg.K(ptr %args, ptr %ctx) #0 {
  ret void
}
attributes #0 = { "sporkle-work-group-function"="K" }
