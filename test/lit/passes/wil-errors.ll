; Inputs sporkle-work-item-loops refuses, each with a clear error.
; RUN: split-file %s %t
; RUN: not %sporkle-opt -passes=sporkle-work-item-loops %t/barrier-in-helper.ll -S -o /dev/null 2>&1 | FileCheck %s --check-prefix=HELPER
; RUN: not %sporkle-opt -passes=sporkle-work-item-loops %t/no-marker.ll -S -o /dev/null 2>&1 | FileCheck %s --check-prefix=MARKER
; RUN: not %sporkle-opt -passes=sporkle-work-item-loops %t/vla.ll -S -o /dev/null 2>&1 | FileCheck %s --check-prefix=VLA
; RUN: not %sporkle-opt -passes=sporkle-work-item-loops %t/not-lowered.ll -S -o /dev/null 2>&1 | FileCheck %s --check-prefix=UNLOWERED

; HELPER: k.cpp:12:5: error: barrier in 'helper(int)', which is not inlined into a kernel: barriers must be in the kernel body
; MARKER: error: work-group function 'wg.k' has no @sporkle.wg.local_size call in its entry block (run the target's kernel-ABI pass first)
; VLA: error: variable-length arrays and dynamic allocas are not supported in kernels (in 'wg.k')
; UNLOWERED: error: sporkle-work-item-loops: kernel '_ZTS1K' has no work-group function; run the target's kernel-ABI pass (e.g. sporkle-cpu-kernel-abi) first

;--- barrier-in-helper.ll
declare void @__sporkle_barrier(i32) convergent
declare void @sporkle.wg.local_size(i64, i64, i64)

define void @_Z6helperi(i32 %x) {
  call void @__sporkle_barrier(i32 1), !dbg !8
  ret void
}

define hidden void @wg.k(ptr %args, ptr %ctx) "sporkle-work-group-function"="K" {
  call void @sporkle.wg.local_size(i64 1, i64 1, i64 1)
  call void @_Z6helperi(i32 0)
  ret void
}

!llvm.dbg.cu = !{!0}
!llvm.module.flags = !{!3}
!0 = distinct !DICompileUnit(language: DW_LANG_C_plus_plus_14, file: !1, emissionKind: LineTablesOnly)
!1 = !DIFile(filename: "k.cpp", directory: "")
!3 = !{i32 2, !"Debug Info Version", i32 3}
!5 = distinct !DISubprogram(name: "helper", scope: !1, file: !1, line: 10, type: !6, unit: !0, spFlags: DISPFlagDefinition)
!6 = !DISubroutineType(types: !{})
!8 = !DILocation(line: 12, column: 5, scope: !5)

;--- no-marker.ll
define hidden void @wg.k(ptr %args, ptr %ctx) "sporkle-work-group-function"="K" {
  ret void
}

;--- vla.ll
declare void @sporkle.wg.local_size(i64, i64, i64)
define hidden void @wg.k(ptr %args, ptr %ctx) "sporkle-work-group-function"="K" {
entry:
  call void @sporkle.wg.local_size(i64 1, i64 1, i64 1)
  %n = load i64, ptr %args
  %vla = alloca float, i64 %n
  store float 0.0, ptr %vla
  ret void
}

;--- not-lowered.ll
define spir_kernel void @_ZTS1K(ptr byval(i32) %f) {
  ret void
}
