; A loop whose trip count differs between lanes (mandelbrot's shape, with a
; data-dependent break): the header keeps a mask phi of the lanes still in
; the loop, the latch goes round while any lane is left, and each lane's
; result is the value it had in the iteration it left in (the .kept select).
; RUN: %sporkle-opt -passes='sporkle-vectorize<width=8>' %s -S -o - | FileCheck %s

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

declare i64 @sporkle.wi.local_id(i32) memory(none)
declare void @sporkle.wg.local_size(i64, i64, i64) memory(inaccessiblemem: readwrite)

define void @wg(ptr %args, ptr %ctx) "sporkle-work-group-function"="_ZTS4Loop" {
entry:
  call void @sporkle.wg.local_size(i64 64, i64 1, i64 1)
  %in = load ptr, ptr %args, align 8, !invariant.load !0
  %x = call i64 @sporkle.wi.local_id(i32 0)
  %pin = getelementptr inbounds i32, ptr %in, i64 %x
  %limit = load i32, ptr %pin, align 4
  br label %loop
loop:
  %i = phi i32 [ 0, %entry ], [ %i.next, %latch ]
  %sum = phi i32 [ 0, %entry ], [ %sum.next, %latch ]
  %big = icmp ugt i32 %sum, 1000
  br i1 %big, label %out, label %latch
latch:
  %sum.next = add i32 %sum, %i
  %i.next = add i32 %i, 1
  %more = icmp ult i32 %i.next, %limit
  br i1 %more, label %loop, label %out
out:
  %r = phi i32 [ -1, %loop ], [ %sum.next, %latch ]
  store i32 %r, ptr %pin, align 4
  ret void
}
!0 = !{}

; CHECK-LABEL: define internal void @wg.vec(
; CHECK:         %[[LIMIT:.*]] = load <8 x i32>, ptr %pin, align 4
; CHECK:       loop:
; CHECK:         %[[KEPT:.*]] = phi <8 x i32> [ poison, %entry ], [ %[[KEPTNEXT:.*]], %Flow ]
; CHECK:         %[[ACTIVE:loop.active]] = phi <8 x i1> [ splat (i1 true), %entry ], [ %[[STAY:.*]], %Flow ]
; The sum is the same in every lane: its test stays a scalar branch.
; CHECK:         %sum = phi i32
; CHECK:         %big = icmp ule i32 %sum, 1000
; CHECK:         br i1 %big, label %latch, label %Flow
; CHECK:       latch:
; CHECK:         icmp uge <8 x i32> %{{.*}}, %[[LIMIT]]
; CHECK:       Flow:
; CHECK:         %[[EXIT:.*]] = phi <8 x i1> [ %{{.*}}, %latch ], [ splat (i1 true), %loop ]
; CHECK:         %[[LEAVE:.*]] = and <8 x i1> %[[ACTIVE]], %[[EXIT]]
; CHECK:         %[[STAY]] = and <8 x i1> %[[ACTIVE]],
; CHECK:         %[[ANY:.*]] = call i1 @llvm.vector.reduce.or.v8i1(<8 x i1> %[[STAY]])
; CHECK:         %[[KEPTNEXT]] = select <8 x i1> %[[LEAVE]], <8 x i32> %{{.*}}, <8 x i32> %[[KEPT]]
; CHECK:         br i1 %[[ANY]], label %loop, label %out
; CHECK:       out:
; CHECK:         store <8 x i32> %[[KEPTNEXT]], ptr %pin, align 4
