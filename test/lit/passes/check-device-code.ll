; sporkle-check-device-code: calls to functions no device module defines,
; indirect calls and recursion, reported clang-style at the call's location;
; only code reachable from a kernel counts. Builtins, intrinsics and the
; allowed math functions (tanhf) are fine.
; RUN: not %sporkle-opt -passes=sporkle-check-device-code %s -S -o /dev/null 2>&1 | FileCheck %s
; RUN: not %sporkle-opt -passes=sporkle-prepare %s -S -o /dev/null 2>&1 | FileCheck %s

; CHECK-DAG: /src/app.cpp:7:12: error: function 'host_only(int)' is called from device code but has no device definition
; CHECK-DAG: /src/app.cpp:8:3: error: indirect call in device code (function pointer or virtual call); kernels may only call functions directly
; CHECK-DAG: /src/app.cpp:21:10: error: recursion is not allowed in device code: 'fib(int)' -> 'fib(int)'
; CHECK-DAG: /src/app.cpp:31:10: error: recursion is not allowed in device code: 'ping(int)' -> 'pong(int)' -> 'ping(int)'
; CHECK-DAG: /src/app.cpp:9:3: error: function '__cxa_throw' is called from device code but has no device definition
; CHECK-NOT: error:
; The function only a non-kernel calls is not reported:
; CHECK-NOT: unused_missing

target triple = "spirv64-unknown-unknown"

declare spir_func i32 @_Z9host_onlyi(i32)
declare spir_func i32 @_Z14unused_missingv()
declare spir_func void @__cxa_throw(ptr, ptr, ptr)
declare spir_func i64 @__sporkle_global_id(i32)
declare float @llvm.sqrt.f32(float)
declare spir_func float @tanhf(float)

define spir_kernel void @_ZTS1K(ptr byval(i32) %f) {
  %gid = call spir_func i64 @__sporkle_global_id(i32 0), !dbg !10
  %x = load i32, ptr %f
  %a = call spir_func i32 @_Z9host_onlyi(i32 %x), !dbg !11
  %fp = load ptr, ptr %f
  call spir_func void %fp(), !dbg !12
  call spir_func void @__cxa_throw(ptr null, ptr null, ptr null), !dbg !13
  %s = call float @llvm.sqrt.f32(float 2.0)
  %t = call spir_func float @tanhf(float %s)
  %r = call spir_func i32 @_Z3fibi(i32 %a)
  %p = call spir_func i32 @_Z4pingi(i32 %r)
  ret void
}

define spir_func i32 @_Z3fibi(i32 %n) {
  %m = sub i32 %n, 1
  %r = call spir_func i32 @_Z3fibi(i32 %m), !dbg !21
  ret i32 %r
}

define spir_func i32 @_Z4pingi(i32 %n) {
  %r = call spir_func i32 @_Z4pongi(i32 %n)
  ret i32 %r
}

define spir_func i32 @_Z4pongi(i32 %n) {
  %r = call spir_func i32 @_Z4pingi(i32 %n), !dbg !31
  ret i32 %r
}

define spir_func i32 @not_reachable() {
  %r = call spir_func i32 @_Z14unused_missingv()
  ret i32 %r
}

!llvm.dbg.cu = !{!0}
!llvm.module.flags = !{!3}
!0 = distinct !DICompileUnit(language: DW_LANG_C_plus_plus_14, file: !1, emissionKind: LineTablesOnly)
!1 = !DIFile(filename: "app.cpp", directory: "/src")
!3 = !{i32 2, !"Debug Info Version", i32 3}
!4 = !DISubroutineType(types: !{})
!5 = distinct !DISubprogram(name: "k", scope: !1, file: !1, line: 5, type: !4, unit: !0, spFlags: DISPFlagDefinition)
!10 = !DILocation(line: 6, column: 3, scope: !5)
!11 = !DILocation(line: 7, column: 12, scope: !5)
!12 = !DILocation(line: 8, column: 3, scope: !5)
!13 = !DILocation(line: 9, column: 3, scope: !5)
!20 = distinct !DISubprogram(name: "fib", scope: !1, file: !1, line: 20, type: !4, unit: !0, spFlags: DISPFlagDefinition)
!21 = !DILocation(line: 21, column: 10, scope: !20)
!30 = distinct !DISubprogram(name: "pong", scope: !1, file: !1, line: 30, type: !4, unit: !0, spFlags: DISPFlagDefinition)
!31 = !DILocation(line: 31, column: 10, scope: !30)
