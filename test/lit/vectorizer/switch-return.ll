; A switch on a varying value, an early return inside a loop with a varying
; trip count, `continue`, and a divergent if nested inside another: lowered to
; branches, one return block, structurized, then masked. What must hold: no
; scalar branch on a varying value remains, every store is masked (lanes that
; returned early must not store), and the function is vectorized.
; RUN: %sporkle-opt -passes='sporkle-vectorize<width=8>' -pass-remarks=sporkle-vectorize %s -S -o %t.ll 2>%t.err
; RUN: FileCheck %s < %t.ll
; RUN: FileCheck %s --check-prefix=REMARK < %t.err

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

declare i64 @sporkle.wi.local_id(i32) memory(none)
declare void @sporkle.wg.local_size(i64, i64, i64) memory(inaccessiblemem: readwrite)

define void @wg(ptr %args, ptr %ctx) "sporkle-work-group-function"="_ZTS6Switch" {
entry:
  call void @sporkle.wg.local_size(i64 64, i64 1, i64 1)
  %io = load ptr, ptr %args, align 8, !invariant.load !0
  %x = call i64 @sporkle.wi.local_id(i32 0)
  %p = getelementptr inbounds i32, ptr %io, i64 %x
  %v = load i32, ptr %p, align 4
  %sel = and i32 %v, 3
  switch i32 %sel, label %other [
    i32 0, label %zero
    i32 1, label %one
  ]
zero:
  store i32 100, ptr %p, align 4
  br label %loop
one:
  %a = mul i32 %v, 3
  store i32 %a, ptr %p, align 4
  br label %loop
other:
  br label %loop
loop:
  %i = phi i32 [ 0, %zero ], [ 0, %one ], [ 0, %other ], [ %i.next, %latch ]
  %odd = and i32 %i, 1
  %skip = icmp ne i32 %odd, 0
  br i1 %skip, label %latch, label %body
body:
  %big = icmp ugt i32 %i, %v
  br i1 %big, label %early, label %nested
nested:
  %inner = icmp ult i32 %v, 1000
  br i1 %inner, label %deep, label %latch
deep:
  store i32 %i, ptr %p, align 4
  br label %latch
latch:
  %i.next = add i32 %i, 1
  %more = icmp ult i32 %i.next, 16
  br i1 %more, label %loop, label %done
early:
  ret void
done:
  store i32 -1, ptr %p, align 4
  ret void
}
!0 = !{}

; REMARK: remark: kernel 'Switch' vectorized: 8 work-items per step, {{[0-9]+}} divergent branches and 1 divergent loops masked
; CHECK-LABEL: define internal void @wg.vec(
; CHECK-NOT:     switch
; CHECK-NOT:     store i32
; CHECK-NOT:     store <8 x i32>
; CHECK:         call void @llvm.masked.store.v8i32.p0(<8 x i32> splat (i32 100)
; CHECK:         call void @llvm.masked.store.v8i32.p0(<8 x i32>
; CHECK:         call void @llvm.masked.store.v8i32.p0(<8 x i32>
; CHECK:         call void @llvm.masked.store.v8i32.p0(<8 x i32> splat (i32 -1)
; CHECK-NOT:     store i32
; CHECK:       }
