; A load or store through a select of pointers into different memories (a
; kernel argument and global memory, two private arrays) becomes one access
; per side in branches (SplitPointerSelects.cpp); a select of two global
; pointers stays. The whole pipeline then emits valid SPIR-V.
; RUN: %sporkle-opt -passes=sporkle-vulkan-split-pointer-selects %s -S -o - | FileCheck %s
; RUN: %sporkle-opt --sporkle-vulkan-pipeline -sporkle-spirv-opt=false %s -o %t.spv 2> /dev/null
; RUN: spirv-val --target-env vulkan1.2 %t.spv

target datalayout = "e-i64:64-v16:16-v24:32-v32:32-v48:64-v96:128-v192:256-v256:256-v512:512-v1024:1024-n8:16:32:64-G1"
target triple = "spirv64-unknown-unknown"

%args = type { i32, ptr addrspace(1) }

; c ? args.x : g[i], as InstCombine leaves it.
; CHECK-LABEL: @argument_or_global(
; CHECK:         br i1 %c, label %[[T:.*]], label %[[F:.*]]
; CHECK:       [[T]]:
; CHECK-NEXT:    [[A:%.*]] = load i32, ptr %args
; CHECK:       [[F]]:
; CHECK-NEXT:    [[B:%.*]] = load i32, ptr %cast
; CHECK:         %v = phi i32 [ [[A]], %[[T]] ], [ [[B]], %[[F]] ]
; CHECK-NOT:     select
define spir_kernel void @argument_or_global(ptr byval(%args) %args) {
  %gp = getelementptr inbounds i8, ptr %args, i64 8
  %g = load ptr addrspace(1), ptr %gp
  %x = load i32, ptr %args
  %c = icmp sgt i32 %x, 3
  %elt = getelementptr inbounds i32, ptr addrspace(1) %g, i64 5
  %cast = addrspacecast ptr addrspace(1) %elt to ptr
  %p = select i1 %c, ptr %args, ptr %cast
  %v = load i32, ptr %p
  store i32 %v, ptr addrspace(1) %g
  ret void
}

; (c ? a : b)[k] = v over two private arrays: the GEP is rebuilt per side.
; CHECK-LABEL: @two_private_arrays(
; CHECK:         br i1 %c
; CHECK:         [[PA:%.*]] = getelementptr inbounds i32, ptr %a, i64 %k
; CHECK-NEXT:    store i32 7, ptr [[PA]]
; CHECK:         [[PB:%.*]] = getelementptr inbounds i32, ptr %b, i64 %k
; CHECK-NEXT:    store i32 7, ptr [[PB]]
define spir_kernel void @two_private_arrays(ptr byval(%args) %args) {
  %a = alloca [8 x i32]
  %b = alloca [8 x i32]
  %gp = getelementptr inbounds i8, ptr %args, i64 8
  %g = load ptr addrspace(1), ptr %gp
  %x = load i32, ptr %args
  %c = icmp sgt i32 %x, 3
  %k = zext i32 %x to i64
  %base = select i1 %c, ptr %a, ptr %b
  %p = getelementptr inbounds i32, ptr %base, i64 %k
  store i32 7, ptr %p
  %q = getelementptr inbounds i32, ptr %a, i64 1
  %v = load i32, ptr %q
  store i32 %v, ptr addrspace(1) %g
  ret void
}

; Two global pointers: one load of the select.
; CHECK-LABEL: @two_globals(
; CHECK:         %p = select i1 %c, ptr addrspace(1) %g, ptr addrspace(1) %h
; CHECK-NEXT:    %v = load i32, ptr addrspace(1) %p
define spir_kernel void @two_globals(ptr byval(%args) %args) {
  %gp = getelementptr inbounds i8, ptr %args, i64 8
  %g = load ptr addrspace(1), ptr %gp
  %h = getelementptr inbounds i32, ptr addrspace(1) %g, i64 64
  %x = load i32, ptr %args
  %c = icmp sgt i32 %x, 3
  %p = select i1 %c, ptr addrspace(1) %g, ptr addrspace(1) %h
  %v = load i32, ptr addrspace(1) %p
  store i32 %v, ptr addrspace(1) %g
  ret void
}

; The same choice made by branches: a phi of a local and a global pointer
; becomes a select on which way the block was entered, then one access per
; side.
; CHECK-LABEL: @local_or_global_phi(
; CHECK:       join:
; CHECK-NEXT:    %which = phi i1 [ true, %local ], [ false, %global ]
; CHECK:         br i1 %which, label %[[T:.*]], label %[[F:.*]]
; CHECK:       [[T]]:
; CHECK-NEXT:    load i32, ptr %p.side
; CHECK:       [[F]]:
; CHECK-NEXT:    load i32, ptr %p.side1
define spir_kernel void @local_or_global_phi(ptr byval(%args) %args) {
entry:
  %gp = getelementptr inbounds i8, ptr %args, i64 8
  %g = load ptr addrspace(1), ptr %gp
  %x = load i32, ptr %args
  %c = icmp sgt i32 %x, 3
  br i1 %c, label %local, label %global

local:
  %lb = call ptr addrspace(3) @__sporkle_local_base()
  %l = addrspacecast ptr addrspace(3) %lb to ptr
  br label %join

global:
  %ge = getelementptr inbounds i32, ptr addrspace(1) %g, i64 7
  %gc = addrspacecast ptr addrspace(1) %ge to ptr
  br label %join

join:
  %p = phi ptr [ %l, %local ], [ %gc, %global ]
  %v = load i32, ptr %p
  store i32 %v, ptr addrspace(1) %g
  ret void
}

declare ptr addrspace(3) @__sporkle_local_base()
