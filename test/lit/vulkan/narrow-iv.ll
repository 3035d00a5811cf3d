; 64-bit loop counters that ScalarEvolution keeps within int32 count in 32
; bits again (NarrowInductionVariables.cpp); the others, and every counter
; whose next value may leave int32, stay 64-bit.
; RUN: %sporkle-opt -passes=sporkle-vulkan-narrow-iv %s -S -o - | FileCheck %s
; RUN: %sporkle-opt -passes='sporkle-vulkan-narrow-iv,instcombine' %s -S -o - | FileCheck %s --check-prefix=FOLDED

target datalayout = "e-i64:64-v16:16-v24:32-v32:32-v48:64-v96:128-v192:256-v256:256-v512:512-v1024:1024-n8:16:32:64-G1"
target triple = "spirv64-unknown-unknown"

; for (int k = 0; k < n; ++k) sum += p[k], after IndVarSimplify widened k.
; CHECK-LABEL: @int_bound(
; CHECK:       loop:
; CHECK-NEXT:    %k.i32 = phi i32 [ 0, %preheader ], [ %k.next.i32, %loop ]
; CHECK:         %k.wide = sext i32 %k.i32 to i64
; CHECK:         %k.next.i32 = add nuw nsw i32 %k.i32, 1
; CHECK-NEXT:    %k.next.wide = sext i32 %k.next.i32 to i64
; CHECK-NOT:   phi i64
; FOLDED-LABEL: @int_bound(
; FOLDED:        %k.i32 = phi i32
; FOLDED:        [[IDX:%.*]] = zext nneg i32 %k.i32 to i64
; FOLDED:        getelementptr inbounds{{.*}} float, ptr addrspace(1) %p, i64 [[IDX]]
; FOLDED:        %k.next.i32 = add nuw nsw i32 %k.i32, 1
; FOLDED-NEXT:   icmp eq i32 %k.next.i32, %n
; FOLDED-LABEL: @signed_start(
define spir_kernel void @int_bound(ptr addrspace(1) %p, i32 %n) {
entry:
  %positive = icmp sgt i32 %n, 0
  br i1 %positive, label %preheader, label %exit

preheader:
  %bound = zext nneg i32 %n to i64
  br label %loop

loop:
  %k = phi i64 [ 0, %preheader ], [ %k.next, %loop ]
  %sum = phi float [ 0.0, %preheader ], [ %sum.next, %loop ]
  %addr = getelementptr inbounds float, ptr addrspace(1) %p, i64 %k
  %v = load float, ptr addrspace(1) %addr, align 4
  %sum.next = fadd float %sum, %v
  %k.next = add nuw nsw i64 %k, 1
  %done = icmp eq i64 %k.next, %bound
  br i1 %done, label %store, label %loop

store:
  store float %sum.next, ptr addrspace(1) %p, align 4
  br label %exit

exit:
  ret void
}

; for (int k = lo; k < hi; ++k): SCEV cannot bound k, but the exit test
; and the guard lo < hi do.
; CHECK-LABEL: @signed_start(
; CHECK:         %k.start32 = trunc i64 %start to i32
; CHECK:         %k.i32 = phi i32 [ %k.start32, %preheader ], [ %k.next.i32, %loop ]
; CHECK:         %k.next.i32 = add nsw i32 %k.i32, 1
define spir_kernel void @signed_start(ptr addrspace(1) %p, i32 %lo, i32 %hi) {
entry:
  %nonempty = icmp slt i32 %lo, %hi
  br i1 %nonempty, label %preheader, label %exit

preheader:
  %start = sext i32 %lo to i64
  %end = sext i32 %hi to i64
  br label %loop

loop:
  %k = phi i64 [ %start, %preheader ], [ %k.next, %loop ]
  %addr = getelementptr inbounds float, ptr addrspace(1) %p, i64 %k
  store float 1.0, ptr addrspace(1) %addr, align 4
  %k.next = add nsw i64 %k, 1
  %more = icmp slt i64 %k.next, %end
  br i1 %more, label %loop, label %exit

exit:
  ret void
}

; for (int k = lo; k < hi; k += 3): the last k.next may pass INT32_MAX.
; CHECK-LABEL: @step_past_int32_max(
; CHECK:         %k = phi i64
; CHECK-NOT:     phi i32
define spir_kernel void @step_past_int32_max(ptr addrspace(1) %p, i32 %lo, i32 %hi) {
entry:
  %nonempty = icmp slt i32 %lo, %hi
  br i1 %nonempty, label %preheader, label %exit

preheader:
  %start = sext i32 %lo to i64
  %end = sext i32 %hi to i64
  br label %loop

loop:
  %k = phi i64 [ %start, %preheader ], [ %k.next, %loop ]
  %addr = getelementptr inbounds float, ptr addrspace(1) %p, i64 %k
  store float 1.0, ptr addrspace(1) %addr, align 4
  %k.next = add nsw i64 %k, 3
  %more = icmp slt i64 %k.next, %end
  br i1 %more, label %loop, label %exit

exit:
  ret void
}

; for (size_t k = 0; k < n; ++k) with a 64-bit n: the source's own choice.
; CHECK-LABEL: @size_t_bound(
; CHECK:         %k = phi i64
; CHECK-NOT:     phi i32
define spir_kernel void @size_t_bound(ptr addrspace(1) %p, i64 %n) {
entry:
  %nonempty = icmp ne i64 %n, 0
  br i1 %nonempty, label %loop, label %exit

loop:
  %k = phi i64 [ 0, %entry ], [ %k.next, %loop ]
  %addr = getelementptr inbounds float, ptr addrspace(1) %p, i64 %k
  store float 1.0, ptr addrspace(1) %addr, align 4
  %k.next = add nuw i64 %k, 1
  %done = icmp eq i64 %k.next, %n
  br i1 %done, label %exit, label %loop

exit:
  ret void
}

; k runs to 2^31 - 1, but its next value reaches 2^31: not in int32.
; CHECK-LABEL: @next_leaves_int32(
; CHECK:         %k = phi i64
; CHECK-NOT:     phi i32
define spir_kernel void @next_leaves_int32(ptr addrspace(1) %p) {
entry:
  br label %loop

loop:
  %k = phi i64 [ 0, %entry ], [ %k.next, %loop ]
  %addr = getelementptr inbounds float, ptr addrspace(1) %p, i64 %k
  store float 1.0, ptr addrspace(1) %addr, align 4
  %k.next = add nuw nsw i64 %k, 1
  %done = icmp eq i64 %k.next, 2147483648
  br i1 %done, label %exit, label %loop

exit:
  ret void
}

; One step less and both fit.
; CHECK-LABEL: @next_fits_int32(
; CHECK:         %k.i32 = phi i32
; CHECK:         %k.next.i32 = add nuw nsw i32 %k.i32, 1
define spir_kernel void @next_fits_int32(ptr addrspace(1) %p) {
entry:
  br label %loop

loop:
  %k = phi i64 [ 0, %entry ], [ %k.next, %loop ]
  %addr = getelementptr inbounds float, ptr addrspace(1) %p, i64 %k
  store float 1.0, ptr addrspace(1) %addr, align 4
  %k.next = add nuw nsw i64 %k, 1
  %done = icmp eq i64 %k.next, 2147483647
  br i1 %done, label %exit, label %loop

exit:
  ret void
}

; The counter counts down past zero: signed range, no nuw.
; CHECK-LABEL: @count_down(
; CHECK:         %k.i32 = phi i32 [ 100, %entry ], [ %k.next.i32, %loop ]
; CHECK:         %k.next.i32 = add nsw i32 %k.i32, -1
define spir_kernel void @count_down(ptr addrspace(1) %p) {
entry:
  br label %loop

loop:
  %k = phi i64 [ 100, %entry ], [ %k.next, %loop ]
  %addr = getelementptr inbounds float, ptr addrspace(1) %p, i64 %k
  store float 1.0, ptr addrspace(1) %addr, align 4
  %k.next = add nsw i64 %k, -1
  %done = icmp eq i64 %k.next, -100
  br i1 %done, label %exit, label %loop

exit:
  ret void
}

; A grid-stride loop whose stride may be zero or negative: the exit test
; bounds nothing.
; CHECK-LABEL: @unknown_stride(
; CHECK:         %k = phi i64
; CHECK-NOT:     phi i32
define spir_kernel void @unknown_stride(ptr addrspace(1) %p, i32 %lo, i32 %hi, i32 %s) {
entry:
  %nonempty = icmp slt i32 %lo, %hi
  br i1 %nonempty, label %preheader, label %exit

preheader:
  %start = sext i32 %lo to i64
  %end = sext i32 %hi to i64
  %stride = sext i32 %s to i64
  br label %loop

loop:
  %k = phi i64 [ %start, %preheader ], [ %k.next, %loop ]
  %addr = getelementptr inbounds float, ptr addrspace(1) %p, i64 %k
  store float 1.0, ptr addrspace(1) %addr, align 4
  %k.next = add nsw i64 %k, %stride
  %more = icmp slt i64 %k.next, %end
  br i1 %more, label %loop, label %exit

exit:
  ret void
}

; With a stride known to be 1..256 and a bound that leaves room for the
; last step past it, the counter narrows, stride and all.
; CHECK-LABEL: @bounded_stride(
; CHECK:         %k.next.inc32 = trunc i64 %stride to i32
; CHECK:         %k.i32 = phi i32
; CHECK:         %k.next.i32 = add nsw i32 %k.i32, %k.next.inc32
define spir_kernel void @bounded_stride(ptr addrspace(1) %p, i32 %lo, i16 %h, i8 %s) {
entry:
  %hi = sext i16 %h to i32
  %nonempty = icmp slt i32 %lo, %hi
  br i1 %nonempty, label %preheader, label %exit

preheader:
  %start = sext i32 %lo to i64
  %end = sext i32 %hi to i64
  %s.wide = zext i8 %s to i64
  %stride = add nuw nsw i64 %s.wide, 1
  br label %loop

loop:
  %k = phi i64 [ %start, %preheader ], [ %k.next, %loop ]
  %addr = getelementptr inbounds float, ptr addrspace(1) %p, i64 %k
  store float 1.0, ptr addrspace(1) %addr, align 4
  %k.next = add nsw i64 %k, %stride
  %more = icmp slt i64 %k.next, %end
  br i1 %more, label %loop, label %exit

exit:
  ret void
}

; A positive counter stepping down: nsw, but not nuw (adding -1 wraps as
; unsigned).
; CHECK-LABEL: @count_down_positive(
; CHECK:         %k.next.i32 = add nsw i32 %k.i32, -1
define spir_kernel void @count_down_positive(ptr addrspace(1) %p) {
entry:
  br label %loop

loop:
  %k = phi i64 [ 100, %entry ], [ %k.next, %loop ]
  %addr = getelementptr inbounds float, ptr addrspace(1) %p, i64 %k
  store float 1.0, ptr addrspace(1) %addr, align 4
  %k.next = add nsw i64 %k, -1
  %done = icmp eq i64 %k.next, 0
  br i1 %done, label %exit, label %loop

exit:
  ret void
}
