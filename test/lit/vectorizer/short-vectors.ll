; sycl::vec values (short LLVM vectors) keep their elements lane-major: a
; <4 x float> per work-item becomes a <16 x float> over 4 lanes, which is
; exactly how 4 consecutive work-items' float4s lie in memory, so the load
; and store stay contiguous; element extracts and inserts become shuffles,
; and a uniform loop nested in divergent code stays a scalar loop.
; RUN: %sporkle-opt -passes='sporkle-vectorize<width=4>' %s -S -o - | FileCheck %s

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

declare i64 @sporkle.wi.local_id(i32) memory(none)
declare void @sporkle.wg.local_size(i64, i64, i64) memory(inaccessiblemem: readwrite)

define void @wg(ptr %args, ptr %ctx) "sporkle-work-group-function"="_ZTS4Vec4" {
entry:
  call void @sporkle.wg.local_size(i64 64, i64 1, i64 1)
  %io = load ptr, ptr %args, align 8, !invariant.load !0
  %np = getelementptr i8, ptr %args, i64 8
  %n = load i32, ptr %np, align 4, !invariant.load !0
  %x = call i64 @sporkle.wi.local_id(i32 0)
  %p = getelementptr inbounds <4 x float>, ptr %io, i64 %x
  %v = load <4 x float>, ptr %p, align 16
  %y = extractelement <4 x float> %v, i64 1
  %pos = fcmp ogt float %y, 0.0
  br i1 %pos, label %then, label %done
then:
  br label %loop
loop:
  %i = phi i32 [ 0, %then ], [ %i.next, %loop ]
  %acc = phi <4 x float> [ %v, %then ], [ %acc.next, %loop ]
  %acc.next = fadd <4 x float> %acc, %acc
  %i.next = add i32 %i, 1
  %more = icmp ult i32 %i.next, %n
  br i1 %more, label %loop, label %after
after:
  %w = insertelement <4 x float> %acc.next, float %y, i64 3
  %s = shufflevector <4 x float> %w, <4 x float> poison, <4 x i32> <i32 3, i32 2, i32 1, i32 0>
  store <4 x float> %s, ptr %p, align 16
  br label %done
done:
  ret void
}
!0 = !{}

; CHECK-LABEL: define internal void @wg.vec(
; CHECK:         %[[V:.*]] = load <16 x float>, ptr %p, align 16
; CHECK:         %[[Y:.*]] = shufflevector <16 x float> %[[V]], <16 x float> poison, <4 x i32> <i32 1, i32 5, i32 9, i32 13>
; CHECK:         fcmp ogt <4 x float> %[[Y]], zeroinitializer
; CHECK:       loop:
; CHECK:         %i = phi i32
; CHECK:         phi <16 x float>
; CHECK:         fadd <16 x float>
; CHECK:         %more = icmp
; CHECK:       after:
; CHECK:         shufflevector <4 x float> %[[Y]], <4 x float> poison, <16 x i32> <i32 0, i32 1, i32 2, i32 3, i32 poison,
; CHECK:         %[[W:.*]] = shufflevector <16 x float> %{{.*}}, <16 x float> %{{.*}}, <16 x i32> <i32 0, i32 1, i32 2, i32 16, i32 4, i32 5, i32 6, i32 17, i32 8, i32 9, i32 10, i32 18, i32 12, i32 13, i32 14, i32 19>
; CHECK:         %[[S:.*]] = shufflevector <16 x float> %[[W]], <16 x float> poison, <16 x i32> <i32 3, i32 2, i32 1, i32 0, i32 7, i32 6, i32 5, i32 4, i32 11, i32 10, i32 9, i32 8, i32 15, i32 14, i32 13, i32 12>
; CHECK:         %[[M:.*]] = shufflevector <4 x i1> %{{.*}}, <4 x i1> poison, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 1, i32 1, i32 1, i32 1, i32 2, i32 2, i32 2, i32 2, i32 3, i32 3, i32 3, i32 3>
; CHECK:         call void @llvm.masked.store.v16f32.p0(<16 x float> %[[S]], ptr align 16 %p, <16 x i1> %[[M]])
