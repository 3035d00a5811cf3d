; LLVM's integer intrinsics on the Vulkan target (LowerIntegerIntrinsics.cpp):
; abs, saturating arithmetic, funnel shifts and bswap become plain
; operations; ctpop, ctlz, cttz and bitreverse of other widths go through
; their 32-bit forms (the emitter's OpBitCount, FindUMsb, FindILsb,
; OpBitReverse), which stay. The module is valid SPIR-V afterwards.
; RUN: %sporkle-opt -passes=sporkle-vulkan-lower-int-intrinsics %s -S -o - | FileCheck %s
; RUN: %sporkle-opt --sporkle-vulkan-pipeline -sporkle-spirv-opt=false %s -o %t.spv 2> /dev/null
; RUN: spirv-val --target-env vulkan1.2 %t.spv
; RUN: spirv-dis %t.spv | FileCheck %s --check-prefix=SPIRV

target datalayout = "e-i64:64-v16:16-v24:32-v32:32-v48:64-v96:128-v192:256-v256:256-v512:512-v1024:1024-n8:16:32:64-G1"
target triple = "spirv64-unknown-unknown"

%args = type { ptr addrspace(1), i64, i64 }

; CHECK-LABEL: @plain(
; CHECK-NOT:     call {{.*}}@llvm.abs
; CHECK-NOT:     call {{.*}}@llvm.{{[us]}}{{add|sub}}.sat
; CHECK-NOT:     call {{.*}}@llvm.fsh
; CHECK-NOT:     call {{.*}}@llvm.bswap
; CHECK:         ret void
define spir_kernel void @plain(ptr byval(%args) %a) {
  %pp = getelementptr inbounds i8, ptr %a, i64 0
  %p = load ptr addrspace(1), ptr %pp
  %xp = getelementptr inbounds i8, ptr %a, i64 8
  %x = load i64, ptr %xp
  %yp = getelementptr inbounds i8, ptr %a, i64 16
  %y = load i64, ptr %yp
  %x32 = trunc i64 %x to i32
  %y32 = trunc i64 %y to i32
  %x16 = trunc i64 %x to i16
  %r0 = call i64 @llvm.abs.i64(i64 %x, i1 false)
  %r1 = call i64 @llvm.usub.sat.i64(i64 %x, i64 %y)
  %r2 = call i32 @llvm.sadd.sat.i32(i32 %x32, i32 %y32)
  %r3 = call i32 @llvm.fshl.i32(i32 %x32, i32 %x32, i32 %y32)
  %r4 = call i16 @llvm.bswap.i16(i16 %x16)
  %r2w = zext i32 %r2 to i64
  %r3w = zext i32 %r3 to i64
  %r4w = zext i16 %r4 to i64
  %s0 = add i64 %r0, %r1
  %s1 = add i64 %s0, %r2w
  %s2 = add i64 %s1, %r3w
  %s3 = add i64 %s2, %r4w
  store i64 %s3, ptr addrspace(1) %p
  ret void
}

; CHECK-LABEL: @counting(
; CHECK:         [[LO:%.*]] = trunc i64 %x to i32
; CHECK:         call i32 @llvm.ctpop.i32(i32 [[LO]])
; CHECK-NOT:     @llvm.ctpop.i64
; CHECK-NOT:     @llvm.ctlz.i16
; CHECK-NOT:     @llvm.cttz.i8
; CHECK-NOT:     @llvm.bitreverse.i64
; CHECK:         ret void
; SPIRV-DAG:     OpBitCount
; SPIRV-DAG:     FindUMsb
; SPIRV-DAG:     FindILsb
; SPIRV-DAG:     OpBitReverse
define spir_kernel void @counting(ptr byval(%args) %a) {
  %pp = getelementptr inbounds i8, ptr %a, i64 0
  %p = load ptr addrspace(1), ptr %pp
  %xp = getelementptr inbounds i8, ptr %a, i64 8
  %x = load i64, ptr %xp
  %x16 = trunc i64 %x to i16
  %x8 = trunc i64 %x to i8
  %c0 = call i64 @llvm.ctpop.i64(i64 %x)
  %c1 = call i16 @llvm.ctlz.i16(i16 %x16, i1 false)
  %c2 = call i8 @llvm.cttz.i8(i8 %x8, i1 false)
  %c3 = call i64 @llvm.bitreverse.i64(i64 %x)
  %c1w = zext i16 %c1 to i64
  %c2w = zext i8 %c2 to i64
  %s0 = add i64 %c0, %c1w
  %s1 = add i64 %s0, %c2w
  %s2 = add i64 %s1, %c3
  store i64 %s2, ptr addrspace(1) %p
  ret void
}
