; A 128-bit product of two 64-bit values: its high half becomes a call that
; the emitter writes as OpUMulExtended / OpSMulExtended (MulHigh.cpp),
; extended back to 128 bits for InstCombine to fold into the users; other
; uses see high << 64 | low. Operands extended in different ways are left
; alone, and what still needs 128 bits is refused by the emitter
; (refusals.cpp).
; RUN: %sporkle-opt -passes=sporkle-vulkan-mul-high %s -S -o - | FileCheck %s
; RUN: %sporkle-opt -passes=sporkle-vulkan-mul-high,instcombine %s -S -o - | FileCheck %s --check-prefix=FOLDED

target datalayout = "e-i64:64-v16:16-v24:32-v32:32-v48:64-v96:128-v192:256-v256:256-v512:512-v1024:1024-n8:16:32:64-G1"
target triple = "spirv64-unknown-unknown"

; CHECK-LABEL: @unsigned(
; CHECK-NEXT:    [[HI:%.*]] = call i64 @__sporkle_vk_mul_hi_u64(i64 %a, i64 %b)
; CHECK-NEXT:    %s = zext i64 [[HI]] to i128
; FOLDED-LABEL: @unsigned(
; FOLDED-NEXT:   [[HI:%.*]] = call i64 @__sporkle_vk_mul_hi_u64(i64 %a, i64 %b)
; FOLDED-NEXT:   ret i64 [[HI]]
define i64 @unsigned(i64 %a, i64 %b) {
  %wa = zext i64 %a to i128
  %wb = zext i64 %b to i128
  %p = mul nuw i128 %wa, %wb
  %s = lshr i128 %p, 64
  %hi = trunc i128 %s to i64
  ret i64 %hi
}

; A narrower operand (InstCombine shrinks known-small ones) and an ashr.
; CHECK-LABEL: @signed_narrow(
; CHECK-NEXT:    [[A:%.*]] = sext i32 %a to i64
; CHECK-NEXT:    [[HI:%.*]] = call i64 @__sporkle_vk_mul_hi_s64(i64 [[A]], i64 %b)
; CHECK-NEXT:    %s = sext i64 [[HI]] to i128
define i64 @signed_narrow(i32 %a, i64 %b) {
  %wa = sext i32 %a to i128
  %wb = sext i64 %b to i128
  %p = mul nsw i128 %wa, %wb
  %s = ashr i128 %p, 64
  %hi = trunc i128 %s to i64
  ret i64 %hi
}

; CHECK-LABEL: @constant(
; CHECK-NEXT:    call i64 @__sporkle_vk_mul_hi_u64(i64 %a, i64 -6148914691236517205)
define i64 @constant(i64 %a) {
  %wa = zext i64 %a to i128
  %p = mul nuw i128 %wa, 12297829382473034411
  %s = lshr i128 %p, 64
  %hi = trunc i128 %s to i64
  ret i64 %hi
}

; Fewer bits of the high half, from further up: trunc(ashr(p, 70)) to i32.
; FOLDED-LABEL: @high_bits(
; FOLDED-NEXT:   [[HI:%.*]] = call i64 @__sporkle_vk_mul_hi_s64(i64 %a, i64 %b)
; FOLDED-NEXT:   [[SHIFTED:%.*]] = lshr i64 [[HI]], 6
; FOLDED-NEXT:   [[BITS:%.*]] = trunc i64 [[SHIFTED]] to i32
; FOLDED-NEXT:   ret i32 [[BITS]]
define i32 @high_bits(i64 %a, i64 %b) {
  %wa = sext i64 %a to i128
  %wb = sext i64 %b to i128
  %p = mul nsw i128 %wa, %wb
  %s = ashr i128 %p, 70
  %bits = trunc i128 %s to i32
  ret i32 %bits
}

; mul_hi(a, b) == 0 as InstCombine leaves it: a compare of the 128-bit shift.
; FOLDED-LABEL: @compared(
; FOLDED-NEXT:   [[HI:%.*]] = call i64 @__sporkle_vk_mul_hi_u64(i64 %a, i64 %b)
; FOLDED-NEXT:   [[ZERO:%.*]] = icmp eq i64 [[HI]], 0
; FOLDED-NEXT:   ret i1 [[ZERO]]
define i1 @compared(i64 %a, i64 %b) {
  %wa = zext i64 %a to i128
  %wb = zext i64 %b to i128
  %p = mul nuw i128 %wa, %wb
  %s = lshr i128 %p, 64
  %zero = icmp eq i128 %s, 0
  ret i1 %zero
}

; CHECK-LABEL: @mixed(
; CHECK-NOT:     call
; CHECK:         mul i128
define i64 @mixed(i64 %a, i64 %b) {
  %wa = zext i64 %a to i128
  %wb = sext i64 %b to i128
  %p = mul i128 %wa, %wb
  %s = lshr i128 %p, 64
  %hi = trunc i128 %s to i64
  ret i64 %hi
}

; Bits 32..95 need both halves: the whole product, high << 64 | low, which
; InstCombine leaves 128-bit here (the emitter refuses it).
; CHECK-LABEL: @shift_by_32(
; CHECK:         [[HI:%.*]] = call i64 @__sporkle_vk_mul_hi_u64(i64 %a, i64 %b)
; CHECK:         [[LO:%.*]] = mul i64 %a, %b
; FOLDED-LABEL: @shift_by_32(
; FOLDED:        lshr i128 %p, 32
define i64 @shift_by_32(i64 %a, i64 %b) {
  %wa = zext i64 %a to i128
  %wb = zext i64 %b to i128
  %p = mul nuw i128 %wa, %wb
  %s = lshr i128 %p, 32
  %hi = trunc i128 %s to i64
  ret i64 %hi
}

; mul_hi(a, b) & 128, as InstCombine leaves it: a mask of the product.
; FOLDED-LABEL: @masked(
; FOLDED-NEXT:   [[HI:%.*]] = call i64 @__sporkle_vk_mul_hi_u64(i64 %a, i64 %b)
; FOLDED-NEXT:   [[BIT:%.*]] = and i64 [[HI]], 128
; FOLDED-NEXT:   [[ZERO:%.*]] = icmp eq i64 [[BIT]], 0
define i1 @masked(i64 %a, i64 %b) {
  %wa = zext i64 %a to i128
  %wb = zext i64 %b to i128
  %p = mul nuw i128 %wa, %wb
  %m = and i128 %p, 2361183241434822606848
  %zero = icmp eq i128 %m, 0
  ret i1 %zero
}

; A 128-bit division of the product stays 128-bit: the emitter refuses it.
; FOLDED-LABEL: @divided(
; FOLDED:        udiv i128
define i64 @divided(i64 %a, i64 %b) {
  %wa = zext i64 %a to i128
  %wb = zext i64 %b to i128
  %p = mul nuw i128 %wa, %wb
  %q = udiv i128 %p, 3
  %t = trunc i128 %q to i64
  ret i64 %t
}

; CHECK: declare i64 @__sporkle_vk_mul_hi_u64(i64, i64) #[[ATTRS:[0-9]+]]
; CHECK: attributes #[[ATTRS]] = { memory(none) }
