; Packetizing calls and memory: vector intrinsics for what LLVM can vectorize
; (sqrt, fma, exp; C library functions too: tanhf), one call per lane for
; functions without a vector form, gathers for data-dependent addresses, scatters for strided
; stores, atomics once per lane in lane order, each under its lane's mask bit
; when lanes may be off, and integer division made safe in lanes that are off.
; RUN: %sporkle-opt -passes='sporkle-vectorize<width=4>' %s -S -o - | FileCheck %s

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

declare i64 @sporkle.wi.local_id(i32) memory(none)
declare void @sporkle.wg.local_size(i64, i64, i64) memory(inaccessiblemem: readwrite)
declare float @llvm.sqrt.f32(float)
declare float @llvm.fma.f32(float, float, float)
declare float @llvm.exp.f32(float)
declare float @tanhf(float) memory(none) nounwind willreturn
declare float @opaque(float) memory(none) nounwind willreturn

define void @wg(ptr %args, ptr %ctx) "sporkle-work-group-function"="_ZTS5Calls" {
entry:
  call void @sporkle.wg.local_size(i64 64, i64 1, i64 1)
  %in = load ptr, ptr %args, align 8, !invariant.load !0
  %outp = getelementptr i8, ptr %args, i64 8
  %out = load ptr, ptr %outp, align 8, !invariant.load !0
  %cp = getelementptr i8, ptr %args, i64 16
  %counter = load ptr, ptr %cp, align 8, !invariant.load !0
  %x = call i64 @sporkle.wi.local_id(i32 0)
  %pin = getelementptr inbounds float, ptr %in, i64 %x
  %v = load float, ptr %pin, align 4
  %s = call float @llvm.sqrt.f32(float %v)
  %f = call float @llvm.fma.f32(float %s, float 2.0, float %v)
  %e = call float @llvm.exp.f32(float %f)
  %h = call float @tanhf(float %e)
  %t = call float @opaque(float %h)
  %k = fptoui float %v to i64
  %k7 = and i64 %k, 7
  %pg = getelementptr inbounds float, ptr %in, i64 %k7
  %g = load float, ptr %pg, align 4
  %sum = fadd float %t, %g
  %x2 = shl i64 %x, 1
  %po = getelementptr inbounds float, ptr %out, i64 %x2
  store float %sum, ptr %po, align 4
  %pos = fcmp ogt float %v, 0.0
  br i1 %pos, label %then, label %done
then:
  %old = atomicrmw add ptr %counter, i32 1 monotonic, align 4
  %d = udiv i64 100, %k
  %pd = getelementptr inbounds i64, ptr %out, i64 %x
  store i64 %d, ptr %pd, align 8
  br label %done
done:
  ret void
}
!0 = !{}

; CHECK-LABEL: define internal void @wg.vec(
; CHECK:         %[[V:.*]] = load <4 x float>, ptr %pin, align 4
; CHECK:         %[[S:.*]] = call <4 x float> @llvm.sqrt.v4f32(<4 x float> %[[V]])
; CHECK:         %[[F:.*]] = call <4 x float> @llvm.fma.v4f32(<4 x float> %[[S]], <4 x float> splat (float 2.000000e+00), <4 x float> %[[V]])
; CHECK:         %[[E:.*]] = call <4 x float> @llvm.exp.v4f32(<4 x float> %[[F]])
; CHECK:         %[[H:.*]] = call <4 x float> @llvm.tanh.v4f32(<4 x float> %[[E]])
; CHECK-COUNT-4: call float @opaque(float
; CHECK:         %[[G:.*]] = call <4 x float> @llvm.masked.gather.v4f32.v4p0(<4 x ptr> align 4 %{{.*}}, <4 x i1> splat (i1 true), <4 x float> poison)
; CHECK:         %po.lanes = getelementptr i8, ptr %po, <4 x i64> <i64 0, i64 8, i64 16, i64 24>
; CHECK:         call void @llvm.masked.scatter.v4f32.v4p0(<4 x float> %{{.*}}, <4 x ptr> align 4 %po.lanes, <4 x i1> splat (i1 true))
; CHECK:         %[[MASK:entry.true.lanes]] = and <4 x i1>
; CHECK:         br i1 %{{.*}}, label %then, label %done
; CHECK:       then:
; CHECK:         %[[ON0:.*]] = extractelement <4 x i1> %[[MASK]], i64 0
; CHECK:         br i1 %[[ON0]],
; CHECK:         atomicrmw add ptr %counter, i32 1 monotonic, align 4
; CHECK:         extractelement <4 x i1> %[[MASK]], i64 1
; CHECK:         atomicrmw add ptr %counter, i32 1 monotonic, align 4
; CHECK:         extractelement <4 x i1> %[[MASK]], i64 3
; CHECK:         atomicrmw add ptr %counter, i32 1 monotonic, align 4
; CHECK:         %[[SAFE:.*]] = select <4 x i1> %[[MASK]], <4 x i64> %{{.*}}, <4 x i64> splat (i64 1)
; CHECK:         udiv <4 x i64> splat (i64 100), %[[SAFE]]
; CHECK:         call void @llvm.masked.store.v4i64.p0(<4 x i64> %{{.*}}, ptr align 8 %pd, <4 x i1> %[[MASK]])
