; The fast path: a work-group function without barriers becomes one z/y/x loop
; nest; local ids become the loop counters; the x loop is marked parallel and
; every memory access in it carries its access group; a private array that
; SROA could not promote gets one copy per x position.
; RUN: %sporkle-opt -passes=sporkle-work-item-loops %s -S -o - | FileCheck %s

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

declare i64 @sporkle.wi.local_id(i32) memory(none)
declare void @sporkle.wg.local_size(i64, i64, i64) memory(inaccessiblemem: readwrite)

; CHECK-LABEL: define hidden void @wg.add(
; CHECK:       wg.entry:
; CHECK:         %[[LSX:.*]] = load i64, ptr %[[P0:.*]], align 8
; CHECK:         %[[LSY:.*]] = load i64
; CHECK:         %[[LSZ:.*]] = load i64
; CHECK-NOT:     call void @sporkle.wg.local_size
; CHECK:         %priv.wi = alloca [4 x float], i64 %[[LSX]], align 16
; CHECK:         br label %r0.wi.z
; CHECK:       r0.wi.z:
; CHECK-NEXT:    %lid.z = phi i64 [ %lid.z.next, %r0.wi.z.latch ], [ 0, %wg.entry ]
; CHECK:       r0.wi.y:
; CHECK-NEXT:    %lid.y = phi i64
; CHECK:       r0.wi.x:
; CHECK-NEXT:    %lid.x = phi i64 [ %lid.x.next, %r0.wi.x.latch ], [ 0, %r0.wi.y ]
; CHECK-NEXT:    %[[PRIV:.*]] = getelementptr inbounds [4 x float], ptr %priv.wi, i64 %lid.x
; CHECK-NEXT:    br label %entry.r0
; CHECK:       entry.r0:
; CHECK:         %gx.r0 = add i64 %base.r0, %lid.x
; CHECK:         mul i64 %lid.y, 7
; CHECK:         mul i64 %lid.z, 11
; CHECK:         load float, ptr %addr.r0, align 4, !llvm.access.group ![[AG:[0-9]+]]
; CHECK:         %slot.r0 = getelementptr inbounds [4 x float], ptr %[[PRIV]], i64 0, i64 %k.r0
; CHECK:         store float {{.*}}, ptr %slot.r0, align 4, !llvm.access.group ![[AG]]
; CHECK:         load float, ptr %[[PRIV]], align 4, !llvm.access.group ![[AG]]
; CHECK:         store float %sum.r0, ptr %addr.r0, align 4, !llvm.access.group ![[AG]]
; CHECK-NOT:     sporkle.wi.local_id
; CHECK:       r0.wi.x.latch:
; CHECK-NEXT:    %lid.x.next = add nuw nsw i64 %lid.x, 1
; CHECK-NEXT:    %lid.x.more = icmp ult i64 %lid.x.next, %[[LSX]]
; CHECK-NEXT:    br i1 %lid.x.more, label %r0.wi.x, label %r0.wi.y.latch, !llvm.loop ![[LOOP:[0-9]+]]
; CHECK:       r0.wi.y.latch:
; CHECK:         icmp ult i64 %lid.y.next, %[[LSY]]
; CHECK-NOT:     !llvm.loop
; CHECK:       r0.wi.z.latch:
; CHECK:         icmp ult i64 %lid.z.next, %[[LSZ]]
; CHECK:         br i1 %lid.z.more, label %r0.wi.z, label %r0.done
; CHECK:       r0.done:
; CHECK-NEXT:    br label %wg.return
; CHECK:       wg.return:
; CHECK-NEXT:    ret void

; CHECK: attributes #{{[0-9]+}} = { {{.*}}"sporkle-work-group-function"="K" "sporkle-work-item-loops" }
; CHECK-NOT: sporkle-uses-barrier
; CHECK-DAG: ![[AG]] = distinct !{}
; CHECK-DAG: ![[LOOP]] = distinct !{![[LOOP]], ![[PAR:[0-9]+]], ![[W1:[0-9]+]]}
; CHECK-DAG: ![[PAR]] = !{!"llvm.loop.parallel_accesses", ![[AG]]}
; The private array is stored, then loaded (wil-vectorizer-hazards.ll):
; CHECK-DAG: ![[W1]] = !{!"llvm.loop.vectorize.width", i32 1}

define hidden void @wg.add(ptr noalias readonly %args, ptr noalias readonly %ctx) #0 {
entry:
  %priv = alloca [4 x float], align 16
  %ls.x.p = getelementptr inbounds i8, ptr %ctx, i64 24
  %ls.x = load i64, ptr %ls.x.p, align 8, !invariant.load !0
  %ls.y.p = getelementptr inbounds i8, ptr %ctx, i64 32
  %ls.y = load i64, ptr %ls.y.p, align 8, !invariant.load !0
  %ls.z.p = getelementptr inbounds i8, ptr %ctx, i64 40
  %ls.z = load i64, ptr %ls.z.p, align 8, !invariant.load !0
  call void @sporkle.wg.local_size(i64 %ls.x, i64 %ls.y, i64 %ls.z)
  %p = load ptr, ptr %args, align 8, !invariant.load !0
  %base.p = getelementptr inbounds i8, ptr %ctx, i64 96
  %base = load i64, ptr %base.p, align 8, !invariant.load !0
  %lx = call i64 @sporkle.wi.local_id(i32 0)
  %gx = add i64 %base, %lx
  %ly = call i64 @sporkle.wi.local_id(i32 1)
  %lz = call i64 @sporkle.wi.local_id(i32 2)
  %y7 = mul i64 %ly, 7
  %z11 = mul i64 %lz, 11
  %yz = add i64 %y7, %z11
  %idx = add i64 %gx, %yz
  %addr = getelementptr inbounds float, ptr %p, i64 %idx
  %v = load float, ptr %addr, align 4
  %k = and i64 %lx, 3
  %slot = getelementptr inbounds [4 x float], ptr %priv, i64 0, i64 %k
  store float %v, ptr %slot, align 4
  %w = load float, ptr %priv, align 4
  %sum = fadd float %v, %w
  store float %sum, ptr %addr, align 4
  ret void
}

attributes #0 = { nounwind "sporkle-work-group-function"="K" }
!0 = !{}
