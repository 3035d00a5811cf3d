; llvm.memcpy, memmove and memset become loops of loads and stores
; (LowerMemoryIntrinsics.cpp): 32-bit words for whole aligned words, bytes
; otherwise; a length known only at run time is tested for 0 first, memmove
; copies backward when the destination is above the source.
; RUN: %sporkle-opt -passes=sporkle-vulkan-lower-mem-intrinsics %s -S -o - | FileCheck %s

target datalayout = "e-i64:64-v16:16-v24:32-v32:32-v48:64-v96:128-v192:256-v256:256-v512:512-v1024:1024-n8:16:32:64-G1"
target triple = "spirv64-unknown-unknown"

; CHECK-LABEL: @copy_words(
; CHECK-NOT:     call void @llvm.memcpy
; CHECK:         [[I:%.*]] = phi i64 [ 0, %{{.*}} ], [ [[NEXT:%.*]], %{{.*}} ]
; CHECK:         [[FROM:%.*]] = getelementptr inbounds i32, ptr addrspace(1) %src, i64 [[I]]
; CHECK:         [[TO:%.*]] = getelementptr inbounds i32, ptr %dst, i64 [[I]]
; CHECK:         [[V:%.*]] = load i32, ptr addrspace(1) [[FROM]], align 4
; CHECK:         store i32 [[V]], ptr [[TO]], align 4
; CHECK:         [[NEXT]] = add nuw nsw i64 [[I]], 1
; CHECK:         icmp eq i64 [[NEXT]], 16
define void @copy_words(ptr align 4 %dst, ptr addrspace(1) align 4 %src) {
  call void @llvm.memcpy.p0.p1.i64(ptr align 4 %dst, ptr addrspace(1) align 4 %src, i64 64, i1 false)
  ret void
}

; CHECK-LABEL: @set_bytes(
; CHECK:         [[NONZERO:%.*]] = icmp ne i64 %n, 0
; CHECK-NEXT:    br i1 [[NONZERO]]
; CHECK:         store i8 %v, ptr addrspace(1) %{{.*}}, align 1
; CHECK-NOT:     call void @llvm.memset
define void @set_bytes(ptr addrspace(1) %dst, i8 %v, i64 %n) {
  call void @llvm.memset.p1.i64(ptr addrspace(1) %dst, i8 %v, i64 %n, i1 false)
  ret void
}

; A word fill repeats the byte: v * 0x01010101.
; CHECK-LABEL: @set_words(
; CHECK:         [[WIDE:%.*]] = zext i8 %v to i32
; CHECK:         [[PATTERN:%.*]] = mul i32 [[WIDE]], 16843009
; CHECK:         store i32 [[PATTERN]]
define void @set_words(ptr align 16 %dst, i8 %v) {
  call void @llvm.memset.p0.i64(ptr align 16 %dst, i8 %v, i64 32, i1 false)
  ret void
}

; CHECK-LABEL: @move(
; CHECK:         [[BELOW:%.*]] = icmp ult i64
; CHECK:         br i1 [[BELOW]]
; CHECK:         sub i64 11, %iv
; CHECK-NOT:     call void @llvm.memmove
define void @move(ptr addrspace(1) %dst, ptr addrspace(1) %src) {
  call void @llvm.memmove.p1.p1.i64(ptr addrspace(1) %dst, ptr addrspace(1) %src, i64 12, i1 false)
  ret void
}

; A zero-length copy leaves nothing.
; CHECK-LABEL: @nothing(
; CHECK-NEXT:    ret void
define void @nothing(ptr %dst, ptr %src) {
  call void @llvm.memcpy.p0.p0.i64(ptr %dst, ptr %src, i64 0, i1 false)
  ret void
}
