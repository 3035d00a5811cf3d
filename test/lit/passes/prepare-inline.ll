; sporkle-prepare: everything is inlined into the kernels (noinline and
; optnone too, so a barrier in a helper ends up in the kernel body), functions
; nothing calls any more are deleted, the helper's locals are promoted, and
; debug info is dropped unless asked for. The IR stays SPIR-flavoured.
; RUN: %sporkle-opt -passes=sporkle-prepare %s -S -o - | FileCheck %s
; RUN: %sporkle-opt -passes=sporkle-inline-kernels %s -S -o - | FileCheck %s --check-prefix=INLINE
; RUN: %sporkle-opt -passes='sporkle-prepare<keep-debug-info>' %s -S -o - | FileCheck %s --check-prefix=DEBUG

; CHECK: target triple = "spirv64-unknown-unknown"
; CHECK-LABEL: define spir_kernel void @_ZTS1K(
; CHECK-NOT:     alloca
; CHECK-NOT:     call spir_func void @_Z4syncv
; CHECK:         call spir_func void @__sporkle_barrier(i32 1)
; CHECK-NEXT:    %id = call spir_func i64 @__sporkle_global_id(i32 0)
; CHECK:         store float
; CHECK-NEXT:    call spir_func void @__sporkle_barrier(i32 1)
; CHECK:         ret void
; CHECK-NOT:   define {{.*}}@_Z4syncv
; CHECK-NOT:   define {{.*}}@_Z6unusedv
; CHECK-NOT:   !dbg

; INLINE-LABEL: define spir_kernel void @_ZTS1K(
; INLINE-COUNT-2: call spir_func void @__sporkle_barrier(i32 %flags.i{{[0-9]*}})
; INLINE-NOT:   define {{.*}}@_Z4syncv

; DEBUG: call spir_func void @__sporkle_barrier(i32 1), !dbg

target datalayout = "e-i64:64-v16:16-v24:32-v32:32-v48:64-v96:128-v192:256-v256:256-v512:512-v1024:1024-n8:16:32:64-G1"
target triple = "spirv64-unknown-unknown"

declare spir_func i64 @__sporkle_global_id(i32) convergent
declare spir_func void @__sporkle_barrier(i32) convergent

define spir_kernel void @_ZTS1K(ptr byval({ ptr addrspace(4) }) align 8 %f) convergent {
  %p.addr = getelementptr inbounds i8, ptr %f, i64 0
  %p = load ptr addrspace(4), ptr %p.addr, align 8
  call spir_func void @_Z4syncv(), !dbg !10
  %id = call spir_func i64 @__sporkle_global_id(i32 0)
  %e = getelementptr inbounds float, ptr addrspace(4) %p, i64 %id
  store float 1.0, ptr addrspace(4) %e, align 4
  call spir_func void @_Z4syncv(), !dbg !10
  ret void
}

define linkonce_odr spir_func void @_Z4syncv() convergent noinline optnone {
  %tmp = alloca i32, align 4
  store i32 1, ptr %tmp, align 4
  %flags = load i32, ptr %tmp, align 4
  call spir_func void @__sporkle_barrier(i32 %flags), !dbg !11
  ret void
}

define spir_func void @_Z6unusedv() {
  ret void
}

!llvm.dbg.cu = !{!0}
!llvm.module.flags = !{!3}
!0 = distinct !DICompileUnit(language: DW_LANG_C_plus_plus_14, file: !1, emissionKind: LineTablesOnly)
!1 = !DIFile(filename: "app.cpp", directory: "/src")
!3 = !{i32 2, !"Debug Info Version", i32 3}
!4 = !DISubroutineType(types: !{})
!5 = distinct !DISubprogram(name: "k", scope: !1, file: !1, line: 5, type: !4, unit: !0, spFlags: DISPFlagDefinition)
!6 = distinct !DISubprogram(name: "sync", scope: !1, file: !1, line: 2, type: !4, unit: !0, spFlags: DISPFlagDefinition)
!10 = !DILocation(line: 6, column: 3, scope: !5)
!11 = !DILocation(line: 2, column: 3, scope: !6)
