; A divergent if/else: StructurizeCFG turns it into two if-thens; each side is
; skipped when no lane takes it (branch on or.reduce of its mask) and runs
; under its mask otherwise: its stores are masked, its values blended at the
; join with a select on the edge masks. The uniform loop stays a scalar loop.
; RUN: %sporkle-opt -passes='sporkle-vectorize<width=4>' %s -S -o - | FileCheck %s

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

declare i64 @sporkle.wi.local_id(i32) memory(none)
declare void @sporkle.wg.local_size(i64, i64, i64) memory(inaccessiblemem: readwrite)

define void @wg(ptr %args, ptr %ctx) "sporkle-work-group-function"="_ZTS2IE" {
entry:
  call void @sporkle.wg.local_size(i64 64, i64 1, i64 1)
  %in = load ptr, ptr %args, align 8, !invariant.load !0
  %outp = getelementptr i8, ptr %args, i64 8
  %out = load ptr, ptr %outp, align 8, !invariant.load !0
  %x = call i64 @sporkle.wi.local_id(i32 0)
  %pin = getelementptr inbounds float, ptr %in, i64 %x
  %v = load float, ptr %pin, align 4
  %neg = fcmp olt float %v, 0.0
  br i1 %neg, label %then, label %else
then:
  %pout = getelementptr inbounds float, ptr %out, i64 %x
  store float 0.0, ptr %pout, align 4
  %t = fneg float %v
  br label %join
else:
  %e = call float @llvm.sqrt.f32(float %v)
  br label %join
join:
  %r = phi float [ %t, %then ], [ %e, %else ]
  br label %loop
loop:
  %i = phi i64 [ 0, %join ], [ %i.next, %loop ]
  %acc = phi float [ %r, %join ], [ %acc.next, %loop ]
  %acc.next = fmul float %acc, 2.0
  %i.next = add i64 %i, 1
  %more = icmp ult i64 %i.next, 3
  br i1 %more, label %loop, label %done
done:
  %pout2 = getelementptr inbounds float, ptr %out, i64 %x
  store float %acc.next, ptr %pout2, align 4
  ret void
}
declare float @llvm.sqrt.f32(float)
!0 = !{}

; CHECK-LABEL: define void @wg(
; The scalar body stays for the x remainder; the vector twin is named by an attribute.
; CHECK-SAME: #[[SCALAR:[0-9]+]]
; CHECK:       load float, ptr
; CHECK-LABEL: define internal void @wg.vec(
; CHECK-SAME: #[[VECTOR:[0-9]+]]
; CHECK:       entry:
; CHECK:         %[[V:.*]] = load <4 x float>, ptr %pin, align 4
; CHECK:         %[[C:.*]] = fcmp uge <4 x float> %[[V]], zeroinitializer
; CHECK:         %entry.true.lanes = and <4 x i1> splat (i1 true), %[[C]]
; CHECK:         %[[ANY:.*]] = call i1 @llvm.vector.reduce.or.v4i1(<4 x i1> %entry.true.lanes)
; CHECK:         br i1 %[[ANY]], label %else, label %Flow
; The structurizer's "go to then" flag is blended per lane at its join.
; CHECK:       Flow:
; CHECK:         %[[FLAG:.*]] = phi <4 x i1> [ zeroinitializer, %else ], [ poison, %entry ]
; CHECK:         %else.joined = phi <4 x i1> [ %entry.true.lanes, %else ], [ zeroinitializer, %entry ]
; CHECK:         %[[ELSEV:.*]] = phi <4 x float> [ %[[E:.*]], %else ], [ poison, %entry ]
; CHECK:         %.blend = select <4 x i1> %else.joined, <4 x i1> %[[FLAG]], <4 x i1> splat (i1 true)
; CHECK:         %Flow.true.lanes = and <4 x i1> splat (i1 true), %.blend
; CHECK:         call i1 @llvm.vector.reduce.or.v4i1(<4 x i1> %Flow.true.lanes)
; CHECK:       then:
; CHECK:         call void @llvm.masked.store.v4f32.p0(<4 x float> zeroinitializer, ptr align 4 %pout, <4 x i1> %Flow.true.lanes)
; CHECK:         %[[T:.*]] = fneg <4 x float> %[[V]]
; CHECK:       else:
; CHECK:         %[[E]] = call <4 x float> @llvm.sqrt.v4f32(<4 x float> %[[V]])
; CHECK:       join:
; CHECK:         %[[THENV:.*]] = phi <4 x float> [ poison, %Flow ], [ %[[T]], %then ]
; CHECK:         %r.blend = select <4 x i1> %Flow.false.lanes, <4 x float> %[[ELSEV]], <4 x float> %[[THENV]]
; A uniform loop stays a scalar loop over vector values.
; CHECK:       loop:
; CHECK:         %i = phi i64 [ 0, %join ], [ %i.next, %loop ]
; CHECK:         phi <4 x float> [ %r.blend, %join ]
; CHECK:         %more = icmp uge i64 %i.next, 3
; CHECK:         br i1 %more, label %done, label %loop
; CHECK:       done:
; CHECK:         store <4 x float> %{{.*}}, ptr %pout2, align 4
; CHECK-DAG: attributes #[[SCALAR]] = {{.*}}"sporkle-vector-twin"="wg.vec" "sporkle-vectorized-width"="4"
; CHECK-DAG: attributes #[[VECTOR]] = {{.*}}"sporkle-vector-body-width"="4"
