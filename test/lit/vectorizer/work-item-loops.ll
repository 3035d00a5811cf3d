; The vectorizer's contract with the work-item loops. A kernel without
; barriers: its vector twin runs x in steps of 4 up to the last full step
; (local size x rounded down), then the scalar body runs the remainder; both
; loops say vectorize.width 1 so LLVM's loop vectorizer does not widen them
; again, and
; the twin is inlined and gone. A kernel with barriers is replaced by its
; predicated vector body: lanes past the local size are off, x covers
; ceil(size / 4) steps, and values crossing the barrier get one slot per step.
; RUN: %sporkle-opt -passes='sporkle-vectorize<width=4>,sporkle-work-item-loops' %s -S -o - | FileCheck %s

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

declare i64 @sporkle.wi.local_id(i32) memory(none)
declare void @sporkle.wg.local_size(i64, i64, i64) memory(inaccessiblemem: readwrite)
declare void @__sporkle_barrier(i32) convergent

define void @plain(ptr %args, ptr %ctx) "sporkle-work-group-function"="_ZTS5Plain" {
entry:
  %lsp = getelementptr i8, ptr %ctx, i64 24
  %lsx = load i64, ptr %lsp, align 8, !invariant.load !0
  call void @sporkle.wg.local_size(i64 %lsx, i64 1, i64 1)
  %p = load ptr, ptr %args, align 8, !invariant.load !0
  %x = call i64 @sporkle.wi.local_id(i32 0)
  %a = getelementptr inbounds float, ptr %p, i64 %x
  %v = load float, ptr %a, align 4
  %w = fmul float %v, 3.0
  store float %w, ptr %a, align 4
  ret void
}

; CHECK-LABEL: define void @plain(
; CHECK:       wg.entry:
; CHECK:         %lsx = load i64, ptr %lsp
; CHECK:         %wi.x.remainder = and i64 %lsx, -4
; The inlined twin: full steps of 4 first.
; CHECK:         %wi.x.vector.end.i = and i64 %lsx.i, -4
; CHECK:         %wi.x.any.i = icmp ult i64 0, %wi.x.vector.end.i
; CHECK:       r0.wi.x.i:
; CHECK:         load <4 x float>
; CHECK:         fmul <4 x float>
; CHECK:         %lid.x.next.i = add nuw nsw i64 %lid.x.i, 4
; CHECK:         icmp ult i64 %lid.x.next.i, %wi.x.vector.end.i
; CHECK-NEXT:    br i1 {{.*}} !llvm.loop ![[VLOOP:[0-9]+]]
; Then the scalar remainder.
; CHECK:         %wi.x.any = icmp ult i64 %wi.x.remainder, %lsx
; CHECK:         %lid.x = phi i64 [ %lid.x.next, %r0.wi.x.latch ], [ %wi.x.remainder, %r0.wi.y ]
; CHECK:         load float, ptr
; CHECK:         %lid.x.next = add nuw nsw i64 %lid.x, 1
; CHECK:         br i1 %lid.x.more, {{.*}} !llvm.loop ![[SLOOP:[0-9]+]]
; CHECK-NOT:   define {{.*}}@plain.vec

define void @barrier(ptr %args, ptr %ctx) "sporkle-work-group-function"="_ZTS7Barrier" {
entry:
  %lsp = getelementptr i8, ptr %ctx, i64 24
  %lsx = load i64, ptr %lsp, align 8, !invariant.load !0
  call void @sporkle.wg.local_size(i64 %lsx, i64 1, i64 1)
  %p = load ptr, ptr %args, align 8, !invariant.load !0
  %x = call i64 @sporkle.wi.local_id(i32 0)
  %a = getelementptr inbounds float, ptr %p, i64 %x
  %v = load float, ptr %a, align 4
  call void @__sporkle_barrier(i32 1)
  %w = fadd float %v, 1.0
  store float %w, ptr %a, align 4
  ret void
}

; CHECK-LABEL: define void @barrier(
; CHECK:       wg.entry:
; CHECK:         %lsx = load i64, ptr %lsp
; CHECK:         %[[R:.*]] = add i64 %lsx, 3
; CHECK:         %wi.x.steps = lshr i64 %[[R]], 2
; The lane mask is recomputed after the barrier; the loaded vector is kept.
; CHECK-NOT:     alloca <4 x i1>
; CHECK:         %v{{.*}}.wi = alloca <4 x float>, i64 %wg.size
; CHECK:       r0.wi.x:
; CHECK:         %wi.step = lshr exact i64 %lid.x, 2
; CHECK:         %wi.linear = add nuw nsw i64 %{{.*}}, %wi.step
; CHECK:         %lanes.in.group.r0 = icmp ult <4 x i64>
; CHECK:         call <4 x float> @llvm.masked.load.v4f32.p0(ptr align 4 %{{.*}}, <4 x i1> %lanes.in.group.r0
; CHECK:         %lid.x.next = add nuw nsw i64 %lid.x, 4
; CHECK:         icmp ult i64 %lid.x.next, %lsx
; CHECK:       r1.wi.x:
; CHECK:         fadd <4 x float>
; CHECK:         call void @llvm.masked.store.v4f32.p0(

; CHECK-DAG: ![[VLOOP]] = distinct !{![[VLOOP]], !{{[0-9]+}}, ![[ISVEC:[0-9]+]]}
; CHECK-DAG: ![[SLOOP]] = distinct !{![[SLOOP]], !{{[0-9]+}}, ![[ISVEC]]}
; CHECK-DAG: ![[ISVEC]] = !{!"llvm.loop.vectorize.width", i32 1}

!0 = !{}
