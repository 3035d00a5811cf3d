; Kernels the vectorizer leaves scalar, each with a missed remark saying why
; (and where, when the IR has a location); the scalar body is left as it was.
; RUN: %sporkle-opt -passes='sporkle-vectorize<width=4>' -pass-remarks-missed=sporkle-vectorize %s -S -o %t.ll 2>%t.err
; RUN: FileCheck %s --check-prefix=REMARK < %t.err
; RUN: FileCheck %s < %t.ll

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

declare i64 @sporkle.wi.local_id(i32) memory(none)
declare void @sporkle.wg.local_size(i64, i64, i64) memory(inaccessiblemem: readwrite)
declare void @__sporkle_barrier(i32) convergent

; REMARK: k.cpp:7:5: remark: kernel {{.*}} not vectorized: a barrier in control flow that work-items may not all take; it runs one work-item at a time [-Rpass-missed=sporkle-vectorize]
; CHECK-LABEL: define void @barrier_in_divergent_if(
; CHECK-NOT: "sporkle-vector
define void @barrier_in_divergent_if(ptr %args, ptr %ctx) "sporkle-work-group-function"="_ZTS1B" !dbg !4 {
entry:
  call void @sporkle.wg.local_size(i64 64, i64 1, i64 1)
  %x = call i64 @sporkle.wi.local_id(i32 0)
  %odd = trunc i64 %x to i1
  br i1 %odd, label %then, label %done
then:
  call void @__sporkle_barrier(i32 1), !dbg !7
  br label %done
done:
  ret void
}

; REMARK: remark: kernel {{.*}} not vectorized: a value of aggregate type that differs between work-items; it runs one work-item at a time
; CHECK-LABEL: define void @aggregate_phi(
define void @aggregate_phi(ptr %args, ptr %ctx) "sporkle-work-group-function"="_ZTS1A" {
entry:
  call void @sporkle.wg.local_size(i64 64, i64 1, i64 1)
  %x = call i64 @sporkle.wi.local_id(i32 0)
  %a = insertvalue { i64, i64 } poison, i64 %x, 0
  %odd = trunc i64 %x to i1
  br i1 %odd, label %then, label %done
then:
  %b = insertvalue { i64, i64 } %a, i64 1, 1
  br label %done
done:
  %c = phi { i64, i64 } [ %a, %entry ], [ %b, %then ]
  %y = extractvalue { i64, i64 } %c, 1
  %p = getelementptr i64, ptr %args, i64 %x
  store i64 %y, ptr %p
  ret void
}

; CHECK-NOT: .vec(

!llvm.dbg.cu = !{!0}
!llvm.module.flags = !{!3}
!0 = distinct !DICompileUnit(language: DW_LANG_C_plus_plus_14, file: !1, emissionKind: LineTablesOnly)
!1 = !DIFile(filename: "k.cpp", directory: "/src")
!3 = !{i32 2, !"Debug Info Version", i32 3}
!4 = distinct !DISubprogram(name: "k", scope: !1, file: !1, line: 3, type: !5, unit: !0, spFlags: DISPFlagDefinition)
!5 = !DISubroutineType(types: !6)
!6 = !{}
!7 = !DILocation(line: 7, column: 5, scope: !4)
