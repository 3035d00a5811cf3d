; Private arrays (allocas SROA could not promote) get one copy per lane, side
; by side: a uniform index is then a strided access (a gather of lane i's
; element at i * sizeof(array)), a varying one a gather too; a private scalar
; is consecutive. Lifetime markers stay on the widened alloca.
; RUN: %sporkle-opt -passes='sporkle-vectorize<width=4>' %s -S -o - | FileCheck %s

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

declare i64 @sporkle.wi.local_id(i32) memory(none)
declare void @sporkle.wg.local_size(i64, i64, i64) memory(inaccessiblemem: readwrite)
declare void @llvm.lifetime.start.p0(ptr)
declare void @llvm.lifetime.end.p0(ptr)

define void @wg(ptr %args, ptr %ctx) "sporkle-work-group-function"="_ZTS4Priv" {
entry:
  %arr = alloca [8 x float], align 16
  %one = alloca float, align 4
  call void @sporkle.wg.local_size(i64 64, i64 1, i64 1)
  call void @llvm.lifetime.start.p0(ptr %arr)
  %io = load ptr, ptr %args, align 8, !invariant.load !0
  %x = call i64 @sporkle.wi.local_id(i32 0)
  %p = getelementptr inbounds float, ptr %io, i64 %x
  %v = load float, ptr %p, align 4
  %k = fptoui float %v to i64
  %k7 = and i64 %k, 7
  %slot = getelementptr inbounds [8 x float], ptr %arr, i64 0, i64 %k7
  store float %v, ptr %slot, align 4
  %first = getelementptr inbounds [8 x float], ptr %arr, i64 0, i64 3
  %f = load float, ptr %first, align 4
  store float %f, ptr %one, align 4
  %g = load float, ptr %one, align 4
  call void @llvm.lifetime.end.p0(ptr %arr)
  store float %g, ptr %p, align 4
  ret void
}
!0 = !{}

; CHECK-LABEL: define internal void @wg.vec(
; CHECK:         %arr = alloca [4 x [8 x float]], align 16
; CHECK:         %arr.lanes = getelementptr i8, ptr %arr, <4 x i64> <i64 0, i64 32, i64 64, i64 96>
; CHECK:         %one = alloca [4 x float], align 4
; CHECK:         call void @llvm.lifetime.start.p0(ptr %arr)
; CHECK:         %[[SLOT:.*]] = getelementptr inbounds [8 x float], <4 x ptr> %arr.lanes, i64 0, <4 x i64>
; CHECK:         call void @llvm.masked.scatter.v4f32.v4p0(<4 x float> %{{.*}}, <4 x ptr> align 4 %[[SLOT]]
; CHECK:         %first.lanes = getelementptr i8, ptr %first, <4 x i64> <i64 0, i64 32, i64 64, i64 96>
; CHECK:         %[[F:.*]] = call <4 x float> @llvm.masked.gather.v4f32.v4p0(<4 x ptr> align 4 %first.lanes
; CHECK:         store <4 x float> %[[F]], ptr %one, align 4
; CHECK:         %[[G:.*]] = load <4 x float>, ptr %one, align 4
; CHECK:         call void @llvm.lifetime.end.p0(ptr %arr)
; CHECK:         store <4 x float> %[[G]], ptr %p, align 4
