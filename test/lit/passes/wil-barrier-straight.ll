; A barrier in straight-line code: two regions, each a loop nest over all
; work-items, run one after the other. %v (loaded from global memory) is live
; across the barrier: it gets a slot per work-item (indexed by the linear
; local id), stored in region 0 and reloaded in region 1. %p (a load from the
; read-only argument block) and the local id are the same in every region, so
; region 1 recomputes them instead of keeping per-work-item copies.
; RUN: %sporkle-opt -passes=sporkle-work-item-loops %s -S -o - | FileCheck %s

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

declare i64 @sporkle.wi.local_id(i32) memory(none)
declare void @sporkle.wg.local_size(i64, i64, i64) memory(inaccessiblemem: readwrite)
declare void @__sporkle_barrier(i32) convergent

; CHECK-LABEL: define hidden void @wg.shift(
; CHECK:       wg.entry:
; CHECK:         %[[N:.*]] = mul nuw nsw i64 %ls.x, %ls.y
; CHECK-NEXT:    %wg.size = mul nuw nsw i64 %[[N]], %ls.z
; CHECK-NEXT:    %v.wi = alloca float, i64 %wg.size, align 4
; CHECK-NOT:     alloca
; CHECK:         br label %r0.wi.z
;
; CHECK:       r0.wi.x:
; CHECK-NEXT:    %lid.x = phi i64
; CHECK:         %wi.linear = add nuw nsw i64 %{{.*}}, %lid.x
; CHECK:       entry.r0:
; CHECK:         %v.r0 = load float
; CHECK-NEXT:    %v.wi.addr = getelementptr inbounds float, ptr %v.wi, i64 %wi.linear
; CHECK-NEXT:    store float %v.r0, ptr %v.wi.addr, align 4, !llvm.access.group
; CHECK:         store float %v.r0, ptr %{{.*}}, align 4, !llvm.access.group
; CHECK:       r0.to.barrier:
; CHECK-NEXT:    br label %r0.wi.x.latch
; CHECK:       r0.wi.x.latch:
; CHECK-NOT:     phi
; CHECK:         br i1 %lid.x.more, label %r0.wi.x, label %r0.wi.y.latch, !llvm.loop ![[L0:[0-9]+]]
; CHECK:       r0.done:
; CHECK-NEXT:    br label %r1.wi.z
;
; CHECK:       r1.wi.x:
; CHECK-NEXT:    %[[LX1:.*]] = phi i64
; CHECK:         %[[LIN1:.*]] = add nuw nsw i64 %{{.*}}, %[[LX1]]
; CHECK-DAG:     %p.re = load ptr, ptr %args, align 8, !invariant.load
; CHECK-DAG:     %[[VADDR:.*]] = getelementptr inbounds float, ptr %v.wi, i64 %[[LIN1]]
; CHECK-DAG:     %v.reload = load float, ptr %[[VADDR]], align 4, !llvm.access.group
; CHECK:       after.barrier.r1:
; CHECK-NEXT:    %next.r1 = add i64 %[[LX1]], 1
; CHECK:         %mod.r1 = urem i64 %next.r1, %ls.x
; CHECK:         %dst.r1 = getelementptr inbounds float, ptr %p.re, i64 %mod.r1
; CHECK:         %twice.r1 = fmul float %v.reload, 2.0
; CHECK:       r1.to.return:
; CHECK:         br i1 %{{.*}}, label %r1.wi.x, label %r1.wi.y.latch, !llvm.loop ![[L1:[0-9]+]]
; CHECK:       r1.done:
; CHECK-NEXT:    br label %wg.return
; CHECK-NOT:   __sporkle_barrier
; CHECK:       attributes #{{[0-9]+}} = { {{.*}}"sporkle-uses-barrier" "sporkle-work-group-function"="shift" "sporkle-work-item-loops" }
; CHECK-DAG:   ![[L0]] = distinct !{![[L0]], ![[P0:[0-9]+]]}
; CHECK-DAG:   ![[L1]] = distinct !{![[L1]], ![[P1:[0-9]+]]}
; CHECK-DAG:   ![[P0]] = !{!"llvm.loop.parallel_accesses", ![[G0:[0-9]+]]}
; CHECK-DAG:   ![[P1]] = !{!"llvm.loop.parallel_accesses", ![[G1:[0-9]+]]}
; CHECK-DAG:   ![[G0]] = distinct !{}
; CHECK-DAG:   ![[G1]] = distinct !{}

; out[(l + 1) % n] = 2 * in[l], through global memory and a barrier.
define hidden void @wg.shift(ptr noalias readonly %args, ptr noalias readonly %ctx) #0 {
entry:
  %ls.x.p = getelementptr inbounds i8, ptr %ctx, i64 24
  %ls.x = load i64, ptr %ls.x.p, align 8, !invariant.load !0
  %ls.y.p = getelementptr inbounds i8, ptr %ctx, i64 32
  %ls.y = load i64, ptr %ls.y.p, align 8, !invariant.load !0
  %ls.z.p = getelementptr inbounds i8, ptr %ctx, i64 40
  %ls.z = load i64, ptr %ls.z.p, align 8, !invariant.load !0
  call void @sporkle.wg.local_size(i64 %ls.x, i64 %ls.y, i64 %ls.z)
  %p = load ptr, ptr %args, align 8, !invariant.load !0
  %lx = call i64 @sporkle.wi.local_id(i32 0)
  %src = getelementptr inbounds float, ptr %p, i64 %lx
  %v = load float, ptr %src, align 4
  store float %v, ptr %src, align 4
  call void @__sporkle_barrier(i32 2)
  %next = add i64 %lx, 1
  %mod = urem i64 %next, %ls.x
  %dst = getelementptr inbounds float, ptr %p, i64 %mod
  %twice = fmul float %v, 2.0
  store float %twice, ptr %dst, align 4
  ret void
}

attributes #0 = { nounwind "sporkle-work-group-function"="shift" }
!0 = !{}
