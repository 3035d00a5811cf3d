// Queues, events and the dependency graph.
//
// A submitted command becomes an event_impl holding a copy of everything it
// needs. Its dependencies (explicit depends_on, the previous command of an
// in-order queue, and buffer hazards) are wired as "dependents" lists on the
// events it waits for; the last dependency to complete issues it to the
// device backend (on whichever thread completed it). Submission never blocks
// on other commands and no lock is held while user code or a backend runs.
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstring>

#include "internal.h"
#include "ndrange.h"
#include "registry.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define SPORKLE_RELAX() _mm_pause()
#else
#define SPORKLE_RELAX() ((void)0)
#endif

namespace sporkle::rt {

struct queue_impl {
  std::atomic<uint32_t> refs{1};
  device_impl *device;
  uint32_t flags;
  std::mutex mutex;
  event_impl *last = nullptr;            // in-order queues: the latest command
  std::vector<event_impl *> outstanding; // for queue::wait; references
  std::vector<std::exception_ptr> async_errors;
};

uint64_t now_ns() {
  return uint64_t(std::chrono::duration_cast<std::chrono::nanoseconds>(
                      std::chrono::steady_clock::now().time_since_epoch())
                      .count());
}

event_impl::~event_impl() { std::free(heap_args); }

void retain(event_impl *e) noexcept { e->refs.fetch_add(1, std::memory_order_relaxed); }
void release(event_impl *e) noexcept {
  if (e && e->refs.fetch_sub(1, std::memory_order_acq_rel) == 1)
    delete e;
}
namespace {
void collect_completed(queue_impl *q);
} // namespace

void retain(queue_impl *q) noexcept { q->refs.fetch_add(1, std::memory_order_relaxed); }
void release(queue_impl *q) noexcept {
  if (!q || q->refs.fetch_sub(1, std::memory_order_acq_rel) != 1)
    return;
  // The commands keep running; they hold no reference to their queue. The
  // errors already known must not vanish with it: a kernel that failed
  // (say, its pipeline could not be created) would otherwise leave its
  // outputs as they were, silently. SYCL hands them to the default handler
  // (printed, then terminate) when the queue has no async_handler.
  {
    std::lock_guard<std::mutex> lock(q->mutex); // (released before q is deleted)
    collect_completed(q);
    if (!q->async_errors.empty()) {
      if (q->flags & queue_has_async_handler)
        print_async_errors("a queue was destroyed with asynchronous errors that no wait_and_throw() or "
                           "throw_asynchronous() delivered",
                           q->async_errors.data(), q->async_errors.size());
      else
        default_async_handler(q->async_errors.data(), q->async_errors.size());
    }
  }
  release(q->last);
  for (event_impl *e : q->outstanding)
    release(e);
  delete q;
}

void release_buffer_internal(buffer_impl *b) noexcept; // memory.cpp

namespace {

void on_backend_done(void *ctx) {
  auto *ev = static_cast<event_impl *>(ctx);
  if (!write_back_buffers(ev)) // else it completes the event once the data is home
    complete_event(ev);
}

void on_backend_failed(void *ctx, sycl::errc code, const char *message) {
  auto *ev = static_cast<event_impl *>(ctx);
  ev->error = std::make_exception_ptr(sycl::exception(sycl::make_error_code(code), message));
  complete_event(ev); // nothing was written: nothing to copy back
}

/// All dependencies are complete (or handed to the same in-order device):
/// hand the command to its device.
void issue(event_impl *ev) {
  ev->status.store(event_status::running, std::memory_order_relaxed);
  if (ev->profiling)
    ev->time_start = now_ns();
  device_backend &dev = *ev->device->backend;
  completion done{&on_backend_done, ev, &on_backend_failed};
  retain(ev); // it may complete (and be released) before the backend returns
  if (ev->kind != command_kind::barrier)
    stage_buffers(ev);
  switch (ev->kind) {
  case command_kind::kernel: dev.launch(ev->launch, done); break;
  case command_kind::copy: dev.copy(ev->dst, ev->src, ev->bytes, done); break;
  case command_kind::fill:
    dev.fill(ev->dst, ev->pattern.get(), ev->pattern_size, ev->bytes / ev->pattern_size, done);
    break;
  case command_kind::barrier: done(); break;
  }
  if (ev->device_queued_kind) {
    std::lock_guard<std::mutex> lock(ev->mutex);
    ev->handed_to_device = true;
  }
  release(ev);
}

void dependency_satisfied(event_impl *ev) {
  if (ev->pending_deps.fetch_sub(1, std::memory_order_acq_rel) == 1)
    issue(ev);
}

/// Makes `ev` wait for `dep` unless it already completed. Consumes the
/// caller's reference to `dep`.
void add_dependency(event_impl *ev, event_impl *dep) {
  // Both on the queue of one in-order device, the earlier one already there:
  // the device orders them. (A dependency that copies buffers back to the
  // host when it finishes is still waited for.)
  bool ordered_by_device = ev->device_queued_kind && dep->device_queued_kind &&
                           dep->device == ev->device && dep->buffers.empty();
  {
    std::lock_guard<std::mutex> lock(dep->mutex);
    if (dep->status.load(std::memory_order_acquire) != event_status::complete &&
        !(ordered_by_device && dep->handed_to_device)) {
      ev->pending_deps.fetch_add(1, std::memory_order_relaxed);
      retain(ev);
      dep->dependents.push_back(ev);
    }
  }
  release(dep);
}

std::string kernel_not_found_message(const char *name, const device_info &info,
                                     sporkle_target_kind target, bool known_elsewhere) {
  std::string msg = std::string("kernel '") + name + "' ";
  if (known_elsewhere)
    return msg + "has no code for device '" + info.selector + "' (" + info.name +
           "): the program was built without the " + target_name(target) +
           " target; rebuild with sporkle-cc --sporkle-targets=" + target_name(target);
  return msg + "is not in the program's image table (target " + target_name(target) +
         "): was the program built and linked with sporkle-cc?";
}

/// Drops the queue's finished commands, keeping their errors. Holds q->mutex.
void collect_completed(queue_impl *q) {
  for (event_impl *e : q->outstanding)
    if (e->status.load(std::memory_order_acquire) == event_status::complete && e->error)
      q->async_errors.push_back(e->error);
  release_completed(q->outstanding);
}

/// Fills ev->launch from the user's launch (validated, local size chosen,
/// arguments copied). Throws before anything is scheduled.
void prepare_kernel(event_impl *ev, const kernel_launch &k) {
  device_backend &dev = *ev->device->backend;
  const device_info &info = dev.info();
  if (k.dims < 1 || k.dims > 3)
    throw_error(sycl::errc::invalid, "kernel launch with " + std::to_string(k.dims) +
                                         " dimensions");
  kernel_lookup found = find_kernel(k.name, dev.target());
  if (!found.kernel)
    throw_error(sycl::errc::kernel_not_supported,
                kernel_not_found_message(k.name, info, dev.target(), found.name_known));
  const sporkle_kernel_desc &desc = *found.kernel;
  if (desc.args_size && desc.args_size != k.args_size)
    throw_error(sycl::errc::kernel_argument,
                std::string("kernel '") + k.name + "': the host passes " +
                    std::to_string(k.args_size) + " bytes of arguments, the device code expects " +
                    std::to_string(desc.args_size) + " (host and device built differently?)");

  launch_params &p = ev->launch;
  p.kernel = &desc;
  p.image = found.image;
  for (int d = 0; d < 3; ++d) {
    p.global[d] = d < int(k.dims) ? k.global[d] : 1;
    p.offset[d] = d < int(k.dims) ? k.offset[d] : 0;
  }
  if (k.nd_range) {
    for (int d = 0; d < 3; ++d)
      p.local[d] = d < int(k.dims) ? k.local[d] : 1;
    std::string error = validate_nd_range(k.dims, p.global, p.local, info.max_work_group_size,
                                          info.max_work_item_sizes, desc.reqd_local_size);
    if (!error.empty())
      throw_error(sycl::errc::nd_range, std::string("kernel '") + k.name + "': " + error);
  } else {
    local_size_request req;
    std::memcpy(req.global, p.global, sizeof req.global);
    req.vector_width = std::max<uint32_t>(1, desc.vector_width);
    req.threads = info.max_compute_units;
    req.max_work_group_size = info.max_work_group_size;
    std::memcpy(req.max_local_size, info.max_work_item_sizes, sizeof req.max_local_size);
    bool required = desc.reqd_local_size[0] || desc.reqd_local_size[1] || desc.reqd_local_size[2];
    if (required) {
      for (int d = 0; d < 3; ++d)
        p.local[d] = desc.reqd_local_size[d] ? desc.reqd_local_size[d] : 1;
      std::string error = validate_nd_range(k.dims, p.global, p.local, info.max_work_group_size,
                                            info.max_work_item_sizes, desc.reqd_local_size);
      if (!error.empty())
        throw_error(sycl::errc::nd_range, std::string("kernel '") + k.name + "': " + error);
    } else {
      choose_local_size(req, p.local);
    }
  }
  uint64_t static_local = (desc.static_local_mem + 63) & ~uint64_t(63);
  p.local_mem_size = static_local + k.local_mem_size;
  if (p.local_mem_size > info.local_mem_size)
    throw_error(sycl::errc::memory_allocation,
                std::string("kernel '") + k.name + "' needs " + std::to_string(p.local_mem_size) +
                    " bytes of local memory per work-group; the device has " +
                    std::to_string(info.local_mem_size));

  // The argument block: a byte copy of the functor.
  uint64_t align = std::max<uint32_t>(16, k.args_align);
  void *args = ev->inline_args;
  if (k.args_size > sizeof ev->inline_args || align > 64) {
    ev->heap_args = std::aligned_alloc(align, (k.args_size + align - 1) & ~(align - 1));
    if (!ev->heap_args)
      throw_error(sycl::errc::memory_allocation, "cannot allocate kernel arguments");
    args = ev->heap_args;
  }
  if (k.args_size)
    std::memcpy(args, k.args, k.args_size);
  p.args = args;
  p.args_size = k.args_size;
}

void prepare_command(event_impl *ev, const command &cmd) {
  ev->kind = cmd.kind;
  switch (cmd.kind) {
  case command_kind::kernel: prepare_kernel(ev, cmd.kernel); break;
  case command_kind::copy:
    if (cmd.bytes && (!cmd.dst || !cmd.src))
      throw_error(sycl::errc::invalid, "copy with a null pointer");
    ev->dst = cmd.dst;
    ev->src = cmd.src;
    ev->bytes = cmd.bytes;
    break;
  case command_kind::fill:
    if (cmd.pattern_size == 0 || cmd.bytes % cmd.pattern_size)
      throw_error(sycl::errc::invalid, "fill size is not a multiple of the pattern size");
    if (cmd.bytes && !cmd.dst)
      throw_error(sycl::errc::invalid, "fill with a null pointer");
    ev->dst = cmd.dst;
    ev->bytes = cmd.bytes;
    ev->pattern_size = cmd.pattern_size;
    ev->pattern.reset(new unsigned char[cmd.pattern_size]);
    std::memcpy(ev->pattern.get(), cmd.pattern, cmd.pattern_size);
    break;
  case command_kind::barrier: break;
  }
}

} // namespace

void release_completed(std::vector<event_impl *> &events) {
  auto done = std::remove_if(events.begin(), events.end(), [](event_impl *e) {
    if (e->status.load(std::memory_order_acquire) != event_status::complete)
      return false;
    release(e);
    return true;
  });
  events.erase(done, events.end());
}

void complete_event(event_impl *ev) {
  if (ev->profiling)
    ev->time_end = now_ns();
  std::vector<event_impl *> dependents;
  {
    std::lock_guard<std::mutex> lock(ev->mutex);
    ev->status.store(event_status::complete, std::memory_order_release);
    dependents.swap(ev->dependents);
    if (ev->sleepers)
      ev->completed_cv.notify_all();
  }
  for (buffer_impl *b : ev->buffers)
    release_buffer_internal(b);
  ev->buffers.clear();
  for (event_impl *d : dependents) {
    dependency_satisfied(d);
    release(d);
  }
  release(ev); // the scheduler's reference
}

void wait_event(event_impl *ev) {
  if (ev->status.load(std::memory_order_acquire) == event_status::complete)
    return;
  // Spin briefly, running the device's pending work ourselves where possible:
  // short kernels complete without any thread going to sleep.
  device_backend *dev = ev->device ? ev->device->backend.get() : nullptr;
  const uint64_t spin_until = now_ns() + 50'000;
  for (unsigned i = 0;; ++i) {
    if (ev->status.load(std::memory_order_acquire) == event_status::complete)
      return;
    if (dev && dev->help())
      continue;
    SPORKLE_RELAX();
    if ((i & 63) == 63 && now_ns() > spin_until)
      break;
  }
  std::unique_lock<std::mutex> lock(ev->mutex);
  ++ev->sleepers;
  ev->completed_cv.wait(lock, [ev] {
    return ev->status.load(std::memory_order_acquire) == event_status::complete;
  });
  --ev->sleepers;
}

void event_wait(event_impl *e) { wait_event(e); }

event_status event_get_status(const event_impl *e) noexcept {
  return e->status.load(std::memory_order_acquire);
}

uint64_t event_get_profiling(event_impl *e, profiling_point point) {
  if (!e->profiling)
    throw_error(sycl::errc::invalid,
                "profiling info requested for an event whose queue was not created with "
                "property::queue::enable_profiling");
  wait_event(e);
  switch (point) {
  case profiling_point::submit: return e->time_submit;
  case profiling_point::start: return e->time_start;
  case profiling_point::end: return e->time_end;
  }
  return 0;
}

queue_impl *queue_create(device_impl *dev, uint32_t flags) {
  if (!dev)
    throw_error(sycl::errc::invalid, "queue created without a device");
  auto *q = new queue_impl;
  q->device = dev;
  q->flags = flags;
  return q;
}

device_impl *queue_get_device(const queue_impl *q) noexcept { return q->device; }
uint32_t queue_get_flags(const queue_impl *q) noexcept { return q->flags; }

void queue_wait(queue_impl *q) {
  std::vector<event_impl *> events;
  {
    std::lock_guard<std::mutex> lock(q->mutex);
    events.swap(q->outstanding);
  }
  std::vector<std::exception_ptr> errors;
  for (event_impl *e : events) {
    wait_event(e);
    if (e->error)
      errors.push_back(e->error);
    release(e);
  }
  if (!errors.empty()) {
    std::lock_guard<std::mutex> lock(q->mutex);
    q->async_errors.insert(q->async_errors.end(), errors.begin(), errors.end());
  }
}

void queue_take_async_errors(queue_impl *q, void (*sink)(void *, std::exception_ptr),
                             void *ctx) {
  std::vector<std::exception_ptr> errors;
  {
    std::lock_guard<std::mutex> lock(q->mutex);
    collect_completed(q);
    errors.swap(q->async_errors);
  }
  for (auto &e : errors)
    sink(ctx, e);
}

event_impl *queue_submit(queue_impl *q, const command &cmd) {
  std::unique_ptr<event_impl> owned(new event_impl);
  event_impl *ev = owned.get();
  ev->device = q->device;
  ev->profiling = q->flags & queue_profiling;
  if (ev->profiling)
    ev->time_submit = now_ns();
  prepare_command(ev, cmd); // may throw: nothing is scheduled yet
  device_backend &backend = *q->device->backend;
  ev->device_queued_kind = cmd.kind != command_kind::barrier && backend.executes_in_order() &&
                           backend.runs_on_device_queue(cmd.kind, ev->dst, ev->src, ev->bytes);
  owned.release();
  ev->refs.store(2, std::memory_order_relaxed); // the caller's and the scheduler's

  std::vector<event_impl *> deps;
  deps.reserve(cmd.num_deps + 1);
  for (size_t i = 0; i < cmd.num_deps; ++i)
    if (cmd.deps[i]) {
      retain(cmd.deps[i]);
      deps.push_back(cmd.deps[i]);
    }
  if (cmd.num_reqs)
    track_buffer_access(ev, cmd.reqs, cmd.num_reqs, deps);
  {
    std::lock_guard<std::mutex> lock(q->mutex);
    if (q->flags & queue_in_order) {
      if (q->last)
        deps.push_back(q->last); // hands over the queue's reference
      retain(ev);
      q->last = ev;
    }
    // Forget finished commands now and then so the list stays short.
    if (q->outstanding.size() >= 64)
      collect_completed(q);
    retain(ev);
    q->outstanding.push_back(ev);
  }
  for (event_impl *dep : deps)
    add_dependency(ev, dep);
  dependency_satisfied(ev); // drops the guard: issues now if nothing is pending
  return ev;
}

} // namespace sporkle::rt
