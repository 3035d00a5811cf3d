; Which scalar x loops LLVM's loop vectorizer may widen. Every x loop is
; parallel (work-items between barriers are unordered), but LLVM then skips
; its dependence check, and its interleaved-access groups move loads up and
; stores down: a loop where a work-item writes memory and may access it again
; before the next barrier gets llvm.loop.vectorize.width 1. Random kernel
; 720088025 at -fsporkle-vector-width=1: the first of two stores to one local
; slot was sunk below the second, conditional, one.
; RUN: %sporkle-opt -passes=sporkle-work-item-loops %s -S -o - | FileCheck %s

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

declare i64 @sporkle.wi.local_id(i32) memory(none)
declare void @sporkle.wg.local_size(i64, i64, i64) memory(inaccessiblemem: readwrite)
declare void @__sporkle_barrier(i32) convergent

; Loads, then one store: widened freely (no width hint).
; CHECK-LABEL: define hidden void @wg.add(
; CHECK:         br i1 %lid.x.more, {{.*}}, !llvm.loop ![[ADD:[0-9]+]]

; A slot written twice (the second store conditional): not widened.
; CHECK-LABEL: define hidden void @wg.twice(
; CHECK:         br i1 %lid.x.more, {{.*}}, !llvm.loop ![[TWICE:[0-9]+]]

; A store, then a load through another pointer argument (they may be the
; same buffer): not widened.
; CHECK-LABEL: define hidden void @wg.store.load(
; CHECK:         br i1 %lid.x.more, {{.*}}, !llvm.loop ![[SL:[0-9]+]]

; A store, then a load of the next element of the same buffer: disjoint, so
; widened.
; CHECK-LABEL: define hidden void @wg.neighbours(
; CHECK:         br i1 %lid.x.more, {{.*}}, !llvm.loop ![[NB:[0-9]+]]

; Inside the kernel's own loop, the same two accesses meet on the next trip:
; not widened.
; CHECK-LABEL: define hidden void @wg.in.loop(
; CHECK:         br i1 %lid.x.more, {{.*}}, !llvm.loop ![[LOOP:[0-9]+]]

; A store and a load of the same slot on both sides of a barrier: each x
; loop is widened.
; CHECK-LABEL: define hidden void @wg.across.barrier(
; CHECK:         br i1 %lid.x.more, {{.*}}, !llvm.loop ![[B0:[0-9]+]]
; CHECK:         br i1 %lid.x.more{{.*}}, {{.*}}, !llvm.loop ![[B1:[0-9]+]]

; CHECK-DAG: ![[ADD]] = distinct !{![[ADD]], ![[PADD:[0-9]+]]}
; CHECK-DAG: ![[PADD]] = !{!"llvm.loop.parallel_accesses", !{{[0-9]+}}}
; CHECK-DAG: ![[TWICE]] = distinct !{![[TWICE]], !{{[0-9]+}}, ![[W1:[0-9]+]]}
; CHECK-DAG: ![[W1]] = !{!"llvm.loop.vectorize.width", i32 1}
; CHECK-DAG: ![[SL]] = distinct !{![[SL]], !{{[0-9]+}}, ![[W1]]}
; CHECK-DAG: ![[NB]] = distinct !{![[NB]], !{{[0-9]+}}}
; CHECK-DAG: ![[LOOP]] = distinct !{![[LOOP]], !{{[0-9]+}}, ![[W1]]}
; CHECK-DAG: ![[B0]] = distinct !{![[B0]], !{{[0-9]+}}}
; CHECK-DAG: ![[B1]] = distinct !{![[B1]], !{{[0-9]+}}}

define hidden void @wg.add(ptr noalias readonly %args, ptr noalias readonly %ctx) #0 {
entry:
  %ls = load i64, ptr %ctx, align 8, !invariant.load !0
  call void @sporkle.wg.local_size(i64 %ls, i64 1, i64 1)
  %a = load ptr, ptr %args, align 8, !invariant.load !0
  %b.p = getelementptr inbounds i8, ptr %args, i64 8
  %b = load ptr, ptr %b.p, align 8, !invariant.load !0
  %c.p = getelementptr inbounds i8, ptr %args, i64 16
  %c = load ptr, ptr %c.p, align 8, !invariant.load !0
  %lx = call i64 @sporkle.wi.local_id(i32 0)
  %pa = getelementptr inbounds float, ptr %a, i64 %lx
  %pb = getelementptr inbounds float, ptr %b, i64 %lx
  %pc = getelementptr inbounds float, ptr %c, i64 %lx
  %va = load float, ptr %pa, align 4
  %vb = load float, ptr %pb, align 4
  %sum = fadd float %va, %vb
  store float %sum, ptr %pc, align 4
  ret void
}

define hidden void @wg.twice(ptr noalias readonly %args, ptr noalias readonly %ctx) #1 {
entry:
  %ls = load i64, ptr %ctx, align 8, !invariant.load !0
  call void @sporkle.wg.local_size(i64 %ls, i64 1, i64 1)
  %lm = load ptr addrspace(3), ptr %args, align 8, !invariant.load !0
  %in.p = getelementptr inbounds i8, ptr %args, i64 8
  %in = load ptr, ptr %in.p, align 8, !invariant.load !0
  %lx = call i64 @sporkle.wi.local_id(i32 0)
  %two = shl i64 %lx, 1
  %odd = or disjoint i64 %two, 1
  %even.slot = getelementptr inbounds float, ptr addrspace(3) %lm, i64 %two
  %odd.slot = getelementptr inbounds float, ptr addrspace(3) %lm, i64 %odd
  store float 1.0, ptr addrspace(3) %even.slot, align 4
  store float 0.5, ptr addrspace(3) %odd.slot, align 4
  %pin = getelementptr inbounds float, ptr %in, i64 %lx
  %v = load float, ptr %pin, align 4
  %neg = fcmp olt float %v, 0.0
  br i1 %neg, label %then, label %done
then:
  store float %v, ptr addrspace(3) %odd.slot, align 4
  br label %done
done:
  ret void
}

define hidden void @wg.store.load(ptr noalias readonly %args, ptr noalias readonly %ctx) #2 {
entry:
  %ls = load i64, ptr %ctx, align 8, !invariant.load !0
  call void @sporkle.wg.local_size(i64 %ls, i64 1, i64 1)
  %a = load ptr, ptr %args, align 8, !invariant.load !0
  %b.p = getelementptr inbounds i8, ptr %args, i64 8
  %b = load ptr, ptr %b.p, align 8, !invariant.load !0
  %lx = call i64 @sporkle.wi.local_id(i32 0)
  %pa = getelementptr inbounds float, ptr %a, i64 %lx
  %pb = getelementptr inbounds float, ptr %b, i64 %lx
  store float 1.0, ptr %pa, align 4
  %vb = load float, ptr %pb, align 4
  %pa1 = getelementptr inbounds float, ptr %pa, i64 1
  store float %vb, ptr %pa1, align 4
  ret void
}

define hidden void @wg.neighbours(ptr noalias readonly %args, ptr noalias readonly %ctx) #3 {
entry:
  %ls = load i64, ptr %ctx, align 8, !invariant.load !0
  call void @sporkle.wg.local_size(i64 %ls, i64 1, i64 1)
  %a = load ptr, ptr %args, align 8, !invariant.load !0
  %lx = call i64 @sporkle.wi.local_id(i32 0)
  %two = shl i64 %lx, 1
  %p0 = getelementptr inbounds float, ptr %a, i64 %two
  %p1 = getelementptr inbounds float, ptr %p0, i64 1
  store float 1.0, ptr %p0, align 4
  %v = load float, ptr %p1, align 4
  %w = fadd float %v, 1.0
  store float %w, ptr %p1, align 4
  ret void
}

define hidden void @wg.in.loop(ptr noalias readonly %args, ptr noalias readonly %ctx) #4 {
entry:
  %ls = load i64, ptr %ctx, align 8, !invariant.load !0
  call void @sporkle.wg.local_size(i64 %ls, i64 1, i64 1)
  %a = load ptr, ptr %args, align 8, !invariant.load !0
  %lx = call i64 @sporkle.wi.local_id(i32 0)
  %row = mul i64 %lx, 8
  %base = getelementptr inbounds float, ptr %a, i64 %row
  br label %loop
loop:
  %k = phi i64 [ 0, %entry ], [ %k.next, %loop ]
  %k.next = add nuw nsw i64 %k, 1
  %pnext = getelementptr inbounds float, ptr %base, i64 %k.next
  %v = load float, ptr %pnext, align 4
  %pk = getelementptr inbounds float, ptr %base, i64 %k
  store float %v, ptr %pk, align 4
  %more = icmp ult i64 %k.next, 7
  br i1 %more, label %loop, label %done
done:
  ret void
}

define hidden void @wg.across.barrier(ptr noalias readonly %args, ptr noalias readonly %ctx) #5 {
entry:
  %ls = load i64, ptr %ctx, align 8, !invariant.load !0
  call void @sporkle.wg.local_size(i64 %ls, i64 1, i64 1)
  %lm = load ptr addrspace(3), ptr %args, align 8, !invariant.load !0
  %lx = call i64 @sporkle.wi.local_id(i32 0)
  %slot = getelementptr inbounds float, ptr addrspace(3) %lm, i64 %lx
  store float 1.0, ptr addrspace(3) %slot, align 4
  call void @__sporkle_barrier(i32 1)
  %v = load float, ptr addrspace(3) %slot, align 4
  %w = fadd float %v, 1.0
  %out.p = getelementptr inbounds i8, ptr %args, i64 8
  %out = load ptr, ptr %out.p, align 8, !invariant.load !0
  %pout = getelementptr inbounds float, ptr %out, i64 %lx
  store float %w, ptr %pout, align 4
  ret void
}

attributes #0 = { nounwind "sporkle-work-group-function"="add" }
attributes #1 = { nounwind "sporkle-work-group-function"="twice" }
attributes #2 = { nounwind "sporkle-work-group-function"="store.load" }
attributes #3 = { nounwind "sporkle-work-group-function"="neighbours" }
attributes #4 = { nounwind "sporkle-work-group-function"="in.loop" }
attributes #5 = { nounwind "sporkle-work-group-function"="across.barrier" }
!0 = !{}
