; A barrier inside a uniform if, and a private array used on both sides of it.
;
;     entry: priv[l & 3] = l            region 0: entry, then either
;      /   \
;   then    \                             to the barrier, or
;   barrier  \
;   then2:   |                          region 1: after the barrier
;      \   /
;      join: out[l] = priv[..]          (join is cloned into both regions)
;
; Region 0 leaves to the barrier or straight to the return (when the flag is
; off), so its nest ends in a switch. The private array gets one copy per
; work-item: a dynamic alloca of the work-group size, indexed by linear id.
; RUN: %sporkle-opt -passes=sporkle-work-item-loops %s -S -o - | FileCheck %s

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

declare i64 @sporkle.wi.local_id(i32) memory(none)
declare void @sporkle.wg.local_size(i64, i64, i64) memory(inaccessiblemem: readwrite)
declare void @__sporkle_barrier(i32) convergent

; CHECK-LABEL: define hidden void @wg.maybe(
; CHECK:       wg.entry:
; CHECK:         %priv.wi = alloca [4 x i64], i64 %wg.size, align 16
; CHECK:       r0.wi.x:
; CHECK:         %wi.linear = add nuw nsw i64
; CHECK-NEXT:    %[[P0:.*]] = getelementptr inbounds [4 x i64], ptr %priv.wi, i64 %wi.linear
; CHECK:       entry.r0:
; CHECK:         getelementptr inbounds [4 x i64], ptr %[[P0]], i64 0, i64 %k.r0
; CHECK:         br i1 %on.r0, label %then.r0, label %join.r0
; CHECK:       join.r0:
; CHECK:         load i64, ptr %[[P0]]
; CHECK:       r0.wi.x.latch:
; CHECK-NEXT:    %next.region = phi i32 [ 0, %r0.to.return ], [ 1, %r0.to.barrier ]
; CHECK:       r0.done:
; CHECK-NEXT:    switch i32 %next.region, label %wg.return [
; CHECK-NEXT:      i32 1, label %r1.wi.z
; CHECK-NEXT:    ]
; CHECK:       r1.wi.x:
; CHECK:         %[[LIN1:wi.linear[0-9]+]] = add nuw nsw i64
; CHECK-NEXT:    %[[P1:.*]] = getelementptr inbounds [4 x i64], ptr %priv.wi, i64 %[[LIN1]]
; CHECK:       after.barrier.r1:
; CHECK:       join.r1:
; CHECK:         load i64, ptr %[[P1]]
; CHECK:       r1.done:
; CHECK-NEXT:    br label %wg.return
; Lifetime markers of the private array are gone (it is no alloca any more).
; CHECK-NOT:     call void @llvm.lifetime

define hidden void @wg.maybe(ptr noalias readonly %args, ptr noalias readonly %ctx) #0 {
entry:
  %priv = alloca [4 x i64], align 16
  %ls.x.p = getelementptr inbounds i8, ptr %ctx, i64 24
  %ls.x = load i64, ptr %ls.x.p, align 8, !invariant.load !0
  %ls.y.p = getelementptr inbounds i8, ptr %ctx, i64 32
  %ls.y = load i64, ptr %ls.y.p, align 8, !invariant.load !0
  %ls.z.p = getelementptr inbounds i8, ptr %ctx, i64 40
  %ls.z = load i64, ptr %ls.z.p, align 8, !invariant.load !0
  call void @sporkle.wg.local_size(i64 %ls.x, i64 %ls.y, i64 %ls.z)
  %out = load ptr, ptr %args, align 8, !invariant.load !0
  %flag.p = getelementptr inbounds i8, ptr %args, i64 8
  %flag = load i32, ptr %flag.p, align 4, !invariant.load !0
  %lx = call i64 @sporkle.wi.local_id(i32 0)
  %k = and i64 %lx, 3
  %slot = getelementptr inbounds [4 x i64], ptr %priv, i64 0, i64 %k
  call void @llvm.lifetime.start.p0(ptr %priv)
  store i64 %lx, ptr %slot, align 8
  %on = icmp ne i32 %flag, 0
  br i1 %on, label %then, label %join

then:
  call void @__sporkle_barrier(i32 1)
  br label %then2

then2:
  store i64 7, ptr %priv, align 8
  br label %join

join:
  %first = load i64, ptr %priv, align 8
  call void @llvm.lifetime.end.p0(ptr %priv)
  %dst = getelementptr inbounds i64, ptr %out, i64 %lx
  store i64 %first, ptr %dst, align 8
  ret void
}

declare void @llvm.lifetime.start.p0(ptr)
declare void @llvm.lifetime.end.p0(ptr)

attributes #0 = { nounwind "sporkle-work-group-function"="maybe" }
!0 = !{}
