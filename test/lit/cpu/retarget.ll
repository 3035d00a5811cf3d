; sporkle-cpu-retarget relabels spirv64 device IR for the host: triple and data
; layout of the x86-64 TargetMachine, spir_func -> the C calling convention on
; functions and call sites. spir_kernel stays (the kernel-ABI pass finds
; kernels by it) and address spaces stay (flat on x86-64). A module already
; retargeted is left alone.
; RUN: %sporkle-opt -passes=sporkle-cpu-retarget %s -S -o %t.ll
; RUN: FileCheck %s < %t.ll
; RUN: %sporkle-opt -passes=sporkle-cpu-retarget %t.ll -S -o - | FileCheck %s

target datalayout = "e-i64:64-v16:16-v24:32-v32:32-v48:64-v96:128-v192:256-v256:256-v512:512-v1024:1024-n8:16:32:64-G1"
target triple = "spirv64-unknown-unknown"

%functor = type { ptr addrspace(4), i32 }

; CHECK: target datalayout = "e-m:e-{{.*}}n8:16:32:64-S128"
; CHECK: target triple = "x86_64-

; CHECK-LABEL: define spir_kernel void @_ZTS1K(ptr byval(%functor) align 8 %f)
; CHECK:         call void @helper(ptr addrspace(4) %p, i64 %id)
define spir_kernel void @_ZTS1K(ptr byval(%functor) align 8 %f) {
  %g = addrspacecast ptr %f to ptr addrspace(4)
  %p = load ptr addrspace(4), ptr addrspace(4) %g, align 8
  %id = call spir_func i64 @__sporkle_global_id(i32 0)
  call spir_func void @helper(ptr addrspace(4) %p, i64 %id)
  ret void
}

; CHECK-LABEL: define void @helper(ptr addrspace(4) %p, i64 %i)
; CHECK:         %l = addrspacecast ptr addrspace(4) %p to ptr addrspace(1)
; CHECK:         store float 1.000000e+00, ptr addrspace(1) %a
define spir_func void @helper(ptr addrspace(4) %p, i64 %i) {
  %l = addrspacecast ptr addrspace(4) %p to ptr addrspace(1)
  %a = getelementptr inbounds float, ptr addrspace(1) %l, i64 %i
  store float 1.0, ptr addrspace(1) %a, align 4
  ret void
}

; CHECK: declare i64 @__sporkle_global_id(i32)
declare spir_func i64 @__sporkle_global_id(i32)
