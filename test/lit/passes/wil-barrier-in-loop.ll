; Barriers inside a loop (the tiled-matmul shape):
;
;        entry            region 0: entry, loop up to barrier 1
;          |
;   +--> loop: tile[l] = in[..]
;   |      barrier 1      region 1: after barrier 1 up to barrier 2
;   |    acc += tile[...]
;   |      barrier 2      region 2: after barrier 2, the latch, back into the
;   +-- latch                       loop up to barrier 1, or out to the return
;          |
;        exit: out[..] = acc
;
; Region 2 is entered from region 1 and leaves either to barrier 1 (region 1
; again) or to the return: the work-items record which in %next.region, and
; the nest's exit switches on it. The loop counter %i and the sum %acc are live
; across both barriers: per-work-item slots.
; RUN: %sporkle-opt -passes=sporkle-work-item-loops %s -S -o - | FileCheck %s

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

declare i64 @sporkle.wi.local_id(i32) memory(none)
declare void @sporkle.wg.local_size(i64, i64, i64) memory(inaccessiblemem: readwrite)
declare void @__sporkle_barrier(i32) convergent

; CHECK-LABEL: define hidden void @wg.tiles(
; CHECK:       wg.entry:
; CHECK-DAG:     %i.wi = alloca i64, i64 %wg.size
; CHECK-DAG:     %acc.wi = alloca float, i64 %wg.size
; CHECK-DAG:     %acc.next.wi = alloca float, i64 %wg.size
; CHECK:         br label %r0.wi.z
;
; Region 0: enters the loop, stores the phis, leaves to barrier 1.
; CHECK:       loop.r0:
; CHECK-NEXT:    %i.r0 = phi i64 [ 0, %entry.r0 ]
; CHECK-NEXT:    %acc.r0 = phi float [ 0.0{{.*}}, %entry.r0 ]
; CHECK-DAG:     store i64 %i.r0, ptr %{{.*}}, align 8, !llvm.access.group
; CHECK-DAG:     store float %acc.r0, ptr %{{.*}}, align 4, !llvm.access.group
; CHECK:       r0.done:
; CHECK-NEXT:    br label %r1.wi.z
;
; Region 1: between the barriers; the sum is updated and kept.
; CHECK:       r1.wi.z:
; CHECK-NEXT:    phi i64 {{.*}}[ 0, %r0.done ], [ 0, %r2.done ]
; CHECK:       after.barrier.r1:
; CHECK:         %acc.next.r1 = fadd float %acc.reload, %t.r1
; CHECK:         store float %acc.next.r1
; CHECK:       r1.done:
; CHECK-NEXT:    br label %r2.wi.z
;
; Region 2: the latch, then back through region 2's own copy of the loop
; header up to barrier 1, or out to the result and the return.
; CHECK:       loop.r2:
; CHECK-NEXT:    %i.r2 = phi i64 [ %i.next.r2, %after.r2 ]
; CHECK-NEXT:    %acc.r2 = phi float [ %acc.next.reload, %after.r2 ]
; CHECK:         br label %r2.to.barrier
; CHECK:       after.r2:
; CHECK-NEXT:    %i.next.r2 = add i64 %i.reload, 1
; CHECK:         br i1 %more.r2, label %loop.r2, label %exit.r2
; CHECK:       exit.r2:
; CHECK:         store float %acc.next.reload, ptr %{{.*}}, align 4, !llvm.access.group
; CHECK:       r2.wi.x.latch:
; CHECK-NEXT:    %[[NEXT:.*]] = phi i32 [ 0, %r2.to.return ], [ 1, %r2.to.barrier ]
; CHECK:       r2.done:
; CHECK-NEXT:    switch i32 %[[NEXT]], label %wg.return [
; CHECK-NEXT:      i32 1, label %r1.wi.z
; CHECK-NEXT:    ]
; CHECK-NOT:   call void @__sporkle_barrier

define hidden void @wg.tiles(ptr noalias readonly %args, ptr noalias readonly %ctx) #0 {
entry:
  %ls.x.p = getelementptr inbounds i8, ptr %ctx, i64 24
  %ls.x = load i64, ptr %ls.x.p, align 8, !invariant.load !0
  %ls.y.p = getelementptr inbounds i8, ptr %ctx, i64 32
  %ls.y = load i64, ptr %ls.y.p, align 8, !invariant.load !0
  %ls.z.p = getelementptr inbounds i8, ptr %ctx, i64 40
  %ls.z = load i64, ptr %ls.z.p, align 8, !invariant.load !0
  call void @sporkle.wg.local_size(i64 %ls.x, i64 %ls.y, i64 %ls.z)
  %in = load ptr, ptr %args, align 8, !invariant.load !0
  %tile = load ptr, ptr %ctx, align 8, !invariant.load !0
  %lx = call i64 @sporkle.wi.local_id(i32 0)
  br label %loop

loop:
  %i = phi i64 [ 0, %entry ], [ %i.next, %after ]
  %acc = phi float [ 0.0, %entry ], [ %acc.next, %after ]
  %row = mul i64 %i, %ls.x
  %idx = add i64 %row, %lx
  %src = getelementptr inbounds float, ptr %in, i64 %idx
  %v = load float, ptr %src, align 4
  %dst = getelementptr inbounds float, ptr %tile, i64 %lx
  store float %v, ptr %dst, align 4
  call void @__sporkle_barrier(i32 1)
  %t = load float, ptr %tile, align 4
  %acc.next = fadd float %acc, %t
  call void @__sporkle_barrier(i32 1)
  br label %after

after:
  %i.next = add i64 %i, 1
  %more = icmp ult i64 %i.next, 4
  br i1 %more, label %loop, label %exit

exit:
  %out = getelementptr inbounds float, ptr %in, i64 %lx
  store float %acc.next, ptr %out, align 4
  ret void
}

attributes #0 = { nounwind "sporkle-work-group-function"="tiles" }
!0 = !{}
