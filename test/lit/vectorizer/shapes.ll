; sporkle-print-vector-shapes: how each value varies across the lanes (W
; consecutive work-items along x). The x id is linear with stride 1; y is
; uniform; strides follow add/mul/shl/sext/GEP (bytes for pointers); a load
; through a uniform address is uniform, through any other varying; a branch
; on a varying value is divergent, and so is the loop it exits.
; RUN: %sporkle-opt -passes=sporkle-print-vector-shapes %s -o /dev/null | FileCheck %s

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

declare i64 @sporkle.wi.local_id(i32) memory(none)

; CHECK-LABEL: vector shapes of 'shapes':
define void @shapes(ptr %a, ptr %b, i64 %n) {
entry:
; CHECK: linear(1): %x = call i64 @sporkle.wi.local_id(i32 0)
; CHECK: uniform: %y = call i64 @sporkle.wi.local_id(i32 1)
; CHECK: linear(1): %row = add i64 %x, %n
; CHECK: linear(3): %x3 = mul i64 %x, 3
; CHECK: linear(8): %x8 = shl i64 %x, 3
; CHECK: linear(1): %xi = trunc i64 %x to i32
; CHECK: linear(1): %xs = sext i32 %xi to i64
; CHECK: linear(4): %pa = getelementptr inbounds float, ptr %a, i64 %xs
; CHECK: linear(12): %pa3 = getelementptr inbounds float, ptr %a, i64 %x3
; CHECK: uniform: %py = getelementptr inbounds float, ptr %a, i64 %y
; CHECK: varying: %va = load float, ptr %pa
; CHECK: uniform: %vy = load float, ptr %py
; CHECK: varying: %sq = mul i64 %x, %x
; CHECK: varying: %idx = fptosi float %va to i64
; CHECK: varying: %gather = getelementptr inbounds float, ptr %b, i64 %idx
; CHECK: consecutive: store float %vy, ptr %pa
; CHECK: scatter: store float %va, ptr %gather
; CHECK: uniform: store float %vy, ptr %py
  %x = call i64 @sporkle.wi.local_id(i32 0)
  %y = call i64 @sporkle.wi.local_id(i32 1)
  %row = add i64 %x, %n
  %x3 = mul i64 %x, 3
  %x8 = shl i64 %x, 3
  %xi = trunc i64 %x to i32
  %xs = sext i32 %xi to i64
  %pa = getelementptr inbounds float, ptr %a, i64 %xs
  %pa3 = getelementptr inbounds float, ptr %a, i64 %x3
  %py = getelementptr inbounds float, ptr %a, i64 %y
  %va = load float, ptr %pa
  %vy = load float, ptr %py
  %sq = mul i64 %x, %x
  %idx = fptosi float %va to i64
  %gather = getelementptr inbounds float, ptr %b, i64 %idx
  store float %vy, ptr %pa
  store float %va, ptr %gather
  store float %vy, ptr %py
  ret void
}

; CHECK-LABEL: vector shapes of 'control':
; CHECK:      entry:
; CHECK-NEXT:   linear(1): %x =
; CHECK:      loop: uniform loop
; CHECK:        uniform: %i = phi i64
; CHECK:      body: divergent branch
; CHECK:      inner: divergent branch divergent loop
; CHECK:        linear(1): %j = phi i64
; CHECK:        varying: %done = icmp uge i64 %j.next, %n
; CHECK:      join:
; CHECK-NEXT:   varying: %v = phi i64
define void @control(ptr %out, i64 %n) {
entry:
  %x = call i64 @sporkle.wi.local_id(i32 0)
  br label %loop
loop:
  %i = phi i64 [ 0, %entry ], [ %i.next, %latch ]
  br label %body
body:
  %odd = trunc i64 %x to i1
  br i1 %odd, label %inner, label %join
inner:
  %j = phi i64 [ %x, %body ], [ %j.next, %inner ]
  %j.next = add i64 %j, 1
  %done = icmp uge i64 %j.next, %n
  br i1 %done, label %inner.exit, label %inner
inner.exit:
  br label %join
join:
  %v = phi i64 [ %i, %body ], [ %n, %inner.exit ]
  %p = getelementptr i64, ptr %out, i64 %x
  store i64 %v, ptr %p
  br label %latch
latch:
  %i.next = add i64 %i, 1
  %more = icmp ult i64 %i.next, %n
  br i1 %more, label %loop, label %exit
exit:
  ret void
}
