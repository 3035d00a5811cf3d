; sporkle-cpu-vector-math: math intrinsics on vectors become SLEEF calls of
; the CPU's register width (16 floats / 8 doubles with AVX-512, 8 / 4 with
; AVX2, 4 / 2 with SSE), split into register-sized chunks and joined again
; when the vector is wider. Scalar intrinsics and vectors narrower than 128
; bits are left to LLVM. Calls of libm's double cbrt (glibc's is up to 3 ulp
; off, SYCL allows 2) become SLEEF's 1-ulp scalar one.
; RUN: %sporkle-opt -passes=sporkle-cpu-vector-math --mcpu=znver4 %s -S -o - | FileCheck %s --check-prefix=AVX512
; RUN: %sporkle-opt -passes=sporkle-cpu-vector-math --mcpu=x86-64-v3 %s -S -o - | FileCheck %s --check-prefix=AVX2
; RUN: %sporkle-opt -passes=sporkle-cpu-vector-math --mcpu=x86-64 %s -S -o - | FileCheck %s --check-prefix=SSE

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

define <16 x float> @sin16(<16 x float> %x) {
  %r = call <16 x float> @llvm.sin.v16f32(<16 x float> %x)
  ret <16 x float> %r
}
; AVX512-LABEL: define <16 x float> @sin16(
; AVX512:         %[[R:.*]] = call <16 x float> @Sleef_sinf16_u10(<16 x float> %x)
; AVX512-NEXT:    ret <16 x float> %[[R]]
; AVX2-LABEL:   define <16 x float> @sin16(
; AVX2:           %[[LO:.*]] = shufflevector <16 x float> %x, <16 x float> poison, <8 x i32> <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7>
; AVX2:           call <8 x float> @Sleef_sinf8_u10(<8 x float> %[[LO]])
; AVX2:           call <8 x float> @Sleef_sinf8_u10(
; AVX2:           shufflevector <8 x float> %{{.*}}, <8 x float> %{{.*}}, <16 x i32>
; SSE-LABEL:    define <16 x float> @sin16(
; SSE-COUNT-4:    call <4 x float> @Sleef_sinf4_u10(

define <8 x double> @pow8(<8 x double> %x, <8 x double> %y) {
  %r = call <8 x double> @llvm.pow.v8f64(<8 x double> %x, <8 x double> %y)
  ret <8 x double> %r
}
; AVX512-LABEL: define <8 x double> @pow8(
; AVX512:         call <8 x double> @Sleef_powd8_u10(<8 x double> %x, <8 x double> %y)
; AVX2-LABEL:   define <8 x double> @pow8(
; AVX2-COUNT-2:   call <4 x double> @Sleef_powd4_u10(

define float @scalar(float %x) {
  %r = call float @llvm.exp.f32(float %x)
  ret float %r
}
; AVX512-LABEL: define float @scalar(
; AVX512:         call float @llvm.exp.f32(float %x)

define <2 x float> @narrow(<2 x float> %x) {
  %r = call <2 x float> @llvm.log.v2f32(<2 x float> %x)
  ret <2 x float> %r
}
; AVX512-LABEL: define <2 x float> @narrow(
; AVX512:         call <2 x float> @llvm.log.v2f32(<2 x float> %x)

define double @cbrt1(double %x) {
  %r = call double @cbrt(double %x)
  ret double %r
}
declare double @cbrt(double)
; AVX512-LABEL: define double @cbrt1(
; AVX512:         call double @Sleef_cbrt_u10(double %x)
; SSE-LABEL:    define double @cbrt1(
; SSE:            call double @Sleef_cbrt_u10(double %x)

; AVX512: declare <16 x float> @Sleef_sinf16_u10(<16 x float>) #[[ATTRS:[0-9]+]]
; AVX512: attributes #[[ATTRS]] = { nounwind willreturn memory(none) }
