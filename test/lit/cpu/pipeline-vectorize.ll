; The whole CPU pipeline on a vector add (the shape Clang emits): the x loop
; of the work-item nest is parallel, so LLVM's loop vectorizer turns it into
; 16-wide AVX-512 code for znver4 and 8-wide AVX2 code for x86-64-v3, with no
; runtime alias checks between the three pointers. Everything but the
; work-group function is internal; the kernel list is what the driver gets.
; RUN: %sporkle-opt --sporkle-cpu-pipeline -O2 --mcpu=znver4 --print-kernel-info %s -o %t.ll 2>%t.info
; RUN: FileCheck %s --check-prefix=IR < %t.ll
; RUN: FileCheck %s --check-prefix=INFO < %t.info
; RUN: %sporkle-opt --sporkle-cpu-pipeline -O2 --mcpu=znver4 --emit=asm %s -o - | FileCheck %s --check-prefix=AVX512
; RUN: %sporkle-opt --sporkle-cpu-pipeline -O2 --mcpu=x86-64-v3 --emit=asm %s -o - | FileCheck %s --check-prefix=AVX2
; RUN: %sporkle-opt --sporkle-cpu-pipeline -O0 --mcpu=x86-64 %s -o - | FileCheck %s --check-prefix=O0

; IR:      define hidden void @__sporkle_cpu_wg._ZTS4VAdd(
; IR:        load <16 x float>
; IR:        fadd <16 x float>
; IR:        store <16 x float>
; IR-NOT:    vector.memcheck
; IR-NOT:  define {{.*}}spir_
; IR-NOT:  convergent
; IR-NOT:  "frame-pointer"

; INFO: kernel _ZTS4VAdd symbol=__sporkle_cpu_wg._ZTS4VAdd flags=0 vector_width=1 args_size=24 static_local_mem=0

; AVX512: .hidden __sporkle_cpu_wg._ZTS4VAdd
; AVX512: vaddps {{.*}}%zmm
; AVX2:   vaddps {{.*}}%ymm

; O0: define hidden void @__sporkle_cpu_wg._ZTS4VAdd(
; O0: !{!"llvm.loop.parallel_accesses", !{{[0-9]+}}}

target datalayout = "e-i64:64-v16:16-v24:32-v32:32-v48:64-v96:128-v192:256-v256:256-v512:512-v1024:1024-n8:16:32:64-G1"
target triple = "spirv64-unknown-unknown"

%class.anon = type { ptr addrspace(4), ptr addrspace(4), ptr addrspace(4) }

define spir_kernel void @_ZTS4VAdd(ptr noundef readonly byval(%class.anon) align 8 captures(none) %0) local_unnamed_addr #0 {
  %2 = addrspacecast ptr %0 to ptr addrspace(4)
  %3 = load ptr addrspace(4), ptr addrspace(4) %2, align 8
  %4 = tail call spir_func i64 @__sporkle_global_id(i32 noundef 0) #1
  %5 = getelementptr inbounds nuw float, ptr addrspace(4) %3, i64 %4
  %6 = load float, ptr addrspace(4) %5, align 4
  %7 = getelementptr inbounds nuw i8, ptr addrspace(4) %2, i64 8
  %8 = load ptr addrspace(4), ptr addrspace(4) %7, align 8
  %9 = getelementptr inbounds nuw float, ptr addrspace(4) %8, i64 %4
  %10 = load float, ptr addrspace(4) %9, align 4
  %11 = fadd float %6, %10
  %12 = getelementptr inbounds nuw i8, ptr addrspace(4) %2, i64 16
  %13 = load ptr addrspace(4), ptr addrspace(4) %12, align 8
  %14 = getelementptr inbounds nuw float, ptr addrspace(4) %13, i64 %4
  store float %11, ptr addrspace(4) %14, align 4
  ret void
}

declare spir_func i64 @__sporkle_global_id(i32 noundef) local_unnamed_addr #1

attributes #0 = { convergent mustprogress norecurse nounwind "frame-pointer"="all" "no-trapping-math"="true" }
attributes #1 = { convergent nounwind }
