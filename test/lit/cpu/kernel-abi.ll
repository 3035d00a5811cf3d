; sporkle-cpu-retarget + sporkle-cpu-kernel-abi: a kernel becomes the hidden
; work-group function void(ptr %args, ptr %ctx) of cpu_abi.h; uniform builtins
; load from the context (offsets of sporkle_cpu_wg_context: global_size 0,
; local_size 24, num_groups 48, global_offset 72, group_id 96, local_mem 120);
; global ids are group_id * local_size + local id + offset; local ids are the
; @sporkle.wi.local_id marker; run-time dimensions select, out-of-range
; dimensions read 0 (ids) or 1 (sizes).
; RUN: %sporkle-opt -passes=sporkle-cpu-retarget,sporkle-cpu-kernel-abi %s -S -o - | FileCheck %s
; RUN: not %sporkle-opt -passes=sporkle-cpu-kernel-abi %s -S -o /dev/null 2>&1 | FileCheck %s --check-prefix=NOT-RETARGETED
; NOT-RETARGETED: error: sporkle-cpu-kernel-abi needs a module retargeted to the CPU (run sporkle-cpu-retarget first; the triple is spirv64-unknown-unknown)

; CHECK: target triple = "x86_64-
; CHECK:       define hidden void @__sporkle_cpu_wg._ZTS3Ids(ptr noalias noundef readonly align 16 captures(none) dereferenceable(16) %args, ptr noalias noundef readonly align 8 captures(none) dereferenceable(136) %ctx) #[[ATTR:[0-9]+]] {
; CHECK-NEXT:    %[[P0:.*]] = getelementptr inbounds i8, ptr %ctx, i64 24
; CHECK-NEXT:    %[[LS0:.*]] = load i64, ptr %[[P0]], align 8, !invariant.load
; CHECK-NEXT:    %[[P1:.*]] = getelementptr inbounds i8, ptr %ctx, i64 32
; CHECK-NEXT:    %[[LS1:.*]] = load i64, ptr %[[P1]], align 8, !invariant.load
; CHECK-NEXT:    %[[P2:.*]] = getelementptr inbounds i8, ptr %ctx, i64 40
; CHECK-NEXT:    %[[LS2:.*]] = load i64, ptr %[[P2]], align 8, !invariant.load
; CHECK-NEXT:    call void @sporkle.wg.local_size(i64 %[[LS0]], i64 %[[LS1]], i64 %[[LS2]])
; The functor's loads are invariant: the block is read-only.
; CHECK:         %out = load ptr addrspace(4), ptr addrspace(4) %{{.*}}, align 8, !invariant.load
; global_id(1) = group_id[1] * local_size[1] + local id 1 + global_offset[1]:
; CHECK:         %[[G1P:.*]] = getelementptr inbounds i8, ptr %ctx, i64 104
; CHECK-NEXT:    %group_id.1 = load i64, ptr %[[G1P]], align 8, !invariant.load
; CHECK-NEXT:    %[[L1P:.*]] = getelementptr inbounds i8, ptr %ctx, i64 32
; CHECK-NEXT:    %local_size.1{{.*}} = load i64, ptr %[[L1P]]
; CHECK-NEXT:    %[[BASE:.*]] = mul nuw nsw i64 %group_id.1, %local_size.1
; CHECK-NEXT:    %lid = call i64 @sporkle.wi.local_id(i32 1)
; CHECK-NEXT:    %[[SUM:.*]] = add nuw nsw i64 %[[BASE]], %lid
; CHECK-NEXT:    %[[O1P:.*]] = getelementptr inbounds i8, ptr %ctx, i64 80
; CHECK-NEXT:    %global_offset.1 = load i64, ptr %[[O1P]]
; CHECK-NEXT:    %gid = add nuw nsw i64 %[[SUM]], %global_offset.1
; local_id(2), num_groups(0), global_size(2):
; CHECK:         call i64 @sporkle.wi.local_id(i32 2)
; CHECK:         getelementptr inbounds i8, ptr %ctx, i64 48
; CHECK:         getelementptr inbounds i8, ptr %ctx, i64 16
; Out of range: group_id(3) is 0, local_size(5) is 1 (folded away).
; CHECK-NOT:     getelementptr inbounds i8, ptr %ctx, i64 120
; Run-time dimension: local size through a clamped index, then a select.
; CHECK:         %[[LSB:.*]] = getelementptr inbounds i8, ptr %ctx, i64 24
; CHECK-NEXT:    %[[IN:.*]] = icmp ult i32 %d, 3
; CHECK-NEXT:    %[[Z:.*]] = zext i32 %d to i64
; CHECK-NEXT:    %[[SAFE:.*]] = select i1 %[[IN]], i64 %[[Z]], i64 0
; CHECK-NEXT:    %[[LSP:.*]] = getelementptr inbounds i64, ptr %[[LSB]], i64 %[[SAFE]]
; CHECK-NEXT:    %[[LSV:.*]] = load i64, ptr %[[LSP]], align 8, !invariant.load
; CHECK-NEXT:    select i1 %[[IN]], i64 %[[LSV]], i64 1
; Run-time dimension of a local id: a select over the three markers.
; CHECK:         icmp eq i32 %d, 2
; CHECK-NEXT:    call i64 @sporkle.wi.local_id(i32 2)
; CHECK:         icmp eq i32 %d, 1
; CHECK-NEXT:    call i64 @sporkle.wi.local_id(i32 1)
; CHECK:         icmp eq i32 %d, 0
; CHECK-NEXT:    call i64 @sporkle.wi.local_id(i32 0)
; Local memory: the context's block, as an addrspace(3) pointer.
; CHECK:         %[[LMP:.*]] = getelementptr inbounds i8, ptr %ctx, i64 120
; CHECK-NEXT:    %local_mem = load ptr, ptr %[[LMP]], align 8, !invariant.load
; CHECK-NEXT:    %local_base = addrspacecast ptr %local_mem to ptr addrspace(3)
; CHECK:         call void @__sporkle_barrier(i32 1)
; CHECK-NOT:   define spir_kernel
; CHECK:       attributes #[[ATTR]] = { {{.*}}"sporkle-args-size"="16" "sporkle-work-group-function"="_ZTS3Ids" }

target datalayout = "e-i64:64-v16:16-v24:32-v32:32-v48:64-v96:128-v192:256-v256:256-v512:512-v1024:1024-n8:16:32:64-G1"
target triple = "spirv64-unknown-unknown"

%functor = type { ptr addrspace(4), i32 }

declare spir_func i64 @__sporkle_global_id(i32) convergent
declare spir_func i64 @__sporkle_local_id(i32) convergent
declare spir_func i64 @__sporkle_group_id(i32) convergent
declare spir_func i64 @__sporkle_local_size(i32) convergent
declare spir_func i64 @__sporkle_num_groups(i32) convergent
declare spir_func i64 @__sporkle_global_size(i32) convergent
declare spir_func ptr addrspace(3) @__sporkle_local_base() convergent
declare spir_func void @__sporkle_barrier(i32) convergent

define spir_kernel void @_ZTS3Ids(ptr noundef readonly byval(%functor) align 8 %f) convergent {
  %fa = addrspacecast ptr %f to ptr addrspace(4)
  %out = load ptr addrspace(4), ptr addrspace(4) %fa, align 8
  %dp = getelementptr inbounds i8, ptr addrspace(4) %fa, i64 8
  %d = load i32, ptr addrspace(4) %dp, align 4
  %g1 = call spir_func i64 @__sporkle_global_id(i32 1)
  %l2 = call spir_func i64 @__sporkle_local_id(i32 2)
  %n0 = call spir_func i64 @__sporkle_num_groups(i32 0)
  %s2 = call spir_func i64 @__sporkle_global_size(i32 2)
  %oob.g = call spir_func i64 @__sporkle_group_id(i32 3)
  %oob.l = call spir_func i64 @__sporkle_local_size(i32 5)
  %dyn.ls = call spir_func i64 @__sporkle_local_size(i32 %d)
  %dyn.lid = call spir_func i64 @__sporkle_local_id(i32 %d)
  %lb = call spir_func ptr addrspace(3) @__sporkle_local_base()
  %a = add i64 %g1, %l2
  %b = add i64 %a, %n0
  %c = add i64 %b, %s2
  %e = add i64 %c, %oob.g
  %f2 = add i64 %e, %oob.l
  %h = add i64 %f2, %dyn.ls
  %i = add i64 %h, %dyn.lid
  store i64 %i, ptr addrspace(3) %lb, align 8
  call spir_func void @__sporkle_barrier(i32 1)
  %o = getelementptr inbounds i64, ptr addrspace(4) %out, i64 %g1
  store i64 %i, ptr addrspace(4) %o, align 8
  ret void
}
