; Bools the way LLVM leaves them: `a && b` / `a || b` as selects (so that b's
; poison cannot leak) are OpLogicalAnd / OpLogicalOr, and a bool converted
; to float picks 1.0 (-1.0 when signed) or 0.0, as SPIR-V converts integers
; only (OpConvertUToF of a bool is invalid).
; RUN: %sporkle-opt --sporkle-vulkan-pipeline -sporkle-spirv-opt=false %s -o %t.spv 2> /dev/null
; RUN: spirv-val --target-env vulkan1.2 %t.spv
; RUN: spirv-dis %t.spv | FileCheck %s

target datalayout = "e-i64:64-v16:16-v24:32-v32:32-v48:64-v96:128-v192:256-v256:256-v512:512-v1024:1024-n8:16:32:64-G1"
target triple = "spirv64-unknown-unknown"

%args = type { ptr addrspace(1), i32, i32 }

; CHECK-DAG:     %[[MINUS_ONE:[0-9a-z_]+]] = OpConstant %float -1
; CHECK-DAG:     %[[ONE:[0-9a-z_]+]] = OpConstant %float 1
; CHECK:         OpLogicalAnd %bool
; CHECK:         OpLogicalOr %bool
; CHECK-NOT:     OpConvertUToF
; CHECK-NOT:     OpConvertSToF
; CHECK:         OpSelect %float %{{[0-9a-z_]+}} %[[ONE]]
; CHECK:         OpSelect %float %{{[0-9a-z_]+}} %[[MINUS_ONE]]
define spir_kernel void @bools(ptr byval(%args) %a) {
  %p = load ptr addrspace(1), ptr %a
  %xp = getelementptr inbounds i8, ptr %a, i64 8
  %x = load i32, ptr %xp
  %yp = getelementptr inbounds i8, ptr %a, i64 12
  %y = load i32, ptr %yp
  %cx = icmp sgt i32 %x, 0
  %cy = icmp slt i32 %y, 10
  %and = select i1 %cx, i1 %cy, i1 false
  %or = select i1 %cx, i1 true, i1 %cy
  %u = uitofp i1 %and to float
  %s = sitofp i1 %or to float
  %sum = fadd float %u, %s
  store float %sum, ptr addrspace(1) %p
  ret void
}
