// USM allocations and buffers.
//
// USM: every allocation is recorded (start address -> kind, device, size) so
// free() reaches the right backend and get_pointer_type() works on interior
// pointers. Buffers: one host copy (what a unified-memory device such as the
// CPU uses directly) plus the hazard state the scheduler needs: the last
// writer and the readers since. A device without unified memory (Vulkan)
// gets its own copy, a cache of the host copy: brought up to date before a
// command that uses it runs there (a copy queued ahead of it on the same
// device), and written back to the host as soon as a command that wrote it
// has finished, before that command counts as complete. So the host copy is
// always current between commands, and the hazard tracking that orders
// commands also orders the transfers. (Writing back after every writer is
// simple and right; keeping data on the device across a chain of kernels is
// the obvious next step for discrete GPUs.)
#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <map>

#include "internal.h"

namespace sporkle::rt {

// ---- USM --------------------------------------------------------------------
namespace {

struct usm_allocation {
  uint64_t size;
  usm_kind kind;
  device_impl *device;
};

struct usm_table {
  std::mutex mutex;
  std::map<uintptr_t, usm_allocation> allocations;
};

usm_table &usm() {
  static usm_table *table = new usm_table; // leaked: frees may come from static destructors
  return *table;
}

memory_kind backend_kind(usm_kind kind) {
  switch (kind) {
  case usm_kind::host: return memory_kind::host;
  case usm_kind::shared: return memory_kind::shared;
  default: return memory_kind::device;
  }
}

} // namespace

void *usm_alloc(device_impl *dev, uint64_t bytes, uint64_t align, usm_kind kind) noexcept {
  if (!dev || kind == usm_kind::unknown || (align & (align - 1)))
    return nullptr;
  if (bytes > dev->backend->info().max_mem_alloc_size)
    return nullptr;
  void *ptr = dev->backend->allocate(bytes, align, backend_kind(kind));
  if (!ptr)
    return nullptr;
  try {
    std::lock_guard<std::mutex> lock(usm().mutex);
    usm().allocations[reinterpret_cast<uintptr_t>(ptr)] = {std::max<uint64_t>(bytes, 1), kind,
                                                           dev};
  } catch (...) {
    dev->backend->deallocate(ptr, backend_kind(kind));
    return nullptr;
  }
  return ptr;
}

void usm_free(void *ptr) noexcept {
  if (!ptr)
    return;
  usm_allocation found;
  {
    std::lock_guard<std::mutex> lock(usm().mutex);
    auto it = usm().allocations.find(reinterpret_cast<uintptr_t>(ptr));
    if (it == usm().allocations.end())
      return; // not ours (or freed twice): never hand it to a backend
    found = it->second;
    usm().allocations.erase(it);
  }
  found.device->backend->deallocate(ptr, backend_kind(found.kind));
}

namespace {
const usm_allocation *lookup(const void *ptr) {
  auto &allocs = usm().allocations;
  auto it = allocs.upper_bound(reinterpret_cast<uintptr_t>(ptr));
  if (it == allocs.begin())
    return nullptr;
  --it;
  if (reinterpret_cast<uintptr_t>(ptr) - it->first >= it->second.size)
    return nullptr;
  return &it->second;
}
} // namespace

usm_kind usm_get_kind(const void *ptr) noexcept {
  std::lock_guard<std::mutex> lock(usm().mutex);
  const usm_allocation *a = lookup(ptr);
  return a ? a->kind : usm_kind::unknown;
}

device_impl *usm_get_device(const void *ptr) noexcept {
  std::lock_guard<std::mutex> lock(usm().mutex);
  const usm_allocation *a = lookup(ptr);
  return a ? a->device : nullptr;
}

// ---- buffers ----------------------------------------------------------------
struct buffer_impl {
  std::atomic<uint32_t> user_refs{1}; // sycl::buffer handles
  std::atomic<uint32_t> refs{1};      // the users together + one per command in flight
  uint64_t bytes = 0;
  void *host = nullptr;
  void *final_data = nullptr;

  std::mutex mutex; // guards the hazard state and the device copies
  event_impl *last_writer = nullptr;
  std::vector<event_impl *> readers; // since last_writer

  struct device_copy {
    device_impl *device;
    void *ptr;
    bool current; // holds what the host copy holds
  };
  std::vector<device_copy> copies;

  device_copy *copy_on(device_impl *dev) {
    for (device_copy &c : copies)
      if (c.device == dev)
        return &c;
    return nullptr;
  }

  ~buffer_impl() {
    for (device_copy &c : copies)
      c.device->backend->deallocate(c.ptr, memory_kind::device);
    std::free(host);
    release(last_writer);
    for (event_impl *r : readers)
      release(r);
  }
};

void release_buffer_internal(buffer_impl *b) noexcept {
  if (b->refs.fetch_sub(1, std::memory_order_acq_rel) == 1)
    delete b;
}

buffer_impl *buffer_create(uint64_t bytes, const void *init) {
  auto *b = new buffer_impl;
  b->bytes = bytes;
  uint64_t size = (std::max<uint64_t>(bytes, 1) + 127) & ~uint64_t(127);
  b->host = size >= bytes ? std::aligned_alloc(128, size) : nullptr;
  if (!b->host) {
    delete b;
    throw_error(sycl::errc::memory_allocation,
                "cannot allocate a buffer of " + std::to_string(bytes) + " bytes");
  }
  if (init && bytes)
    std::memcpy(b->host, init, bytes);
  return b;
}

void retain(buffer_impl *b) noexcept { b->user_refs.fetch_add(1, std::memory_order_relaxed); }

void buffer_set_final_data(buffer_impl *b, void *host_ptr) noexcept { b->final_data = host_ptr; }

namespace {
/// References to every command still using `b`.
std::vector<event_impl *> pending_uses(buffer_impl *b) {
  std::lock_guard<std::mutex> lock(b->mutex);
  std::vector<event_impl *> uses;
  if (b->last_writer) {
    retain(b->last_writer);
    uses.push_back(b->last_writer);
  }
  for (event_impl *r : b->readers) {
    retain(r);
    uses.push_back(r);
  }
  return uses;
}
} // namespace

void release(buffer_impl *b) noexcept {
  if (!b || b->user_refs.fetch_sub(1, std::memory_order_acq_rel) != 1)
    return;
  // The last handle is gone: SYCL blocks until the buffer's work is done and
  // writes its contents back.
  for (event_impl *e : pending_uses(b)) {
    wait_event(e);
    release(e);
  }
  if (b->final_data && b->bytes)
    std::memcpy(b->final_data, b->host, b->bytes);
  release_buffer_internal(b);
}

void *buffer_device_pointer(buffer_impl *b, device_impl *dev) {
  if (dev->backend->info().host_unified_memory)
    return b->host;
  std::lock_guard<std::mutex> lock(b->mutex);
  if (buffer_impl::device_copy *c = b->copy_on(dev))
    return c->ptr;
  void *ptr = dev->backend->allocate(std::max<uint64_t>(b->bytes, 1), 128, memory_kind::device);
  if (!ptr)
    throw_error(sycl::errc::memory_allocation, "cannot allocate " + std::to_string(b->bytes) +
                                                   " bytes for a buffer on device '" +
                                                   dev->backend->info().selector + "'");
  b->copies.push_back({dev, ptr, false});
  return ptr;
}

namespace {
void ignore_completion(void *) {}

bool writes(access mode) { return uint32_t(mode) & uint32_t(access::write); }
} // namespace

void stage_buffers(event_impl *ev) {
  device_impl *dev = ev->device;
  if (!dev)
    return;
  bool unified = dev->backend->info().host_unified_memory;
  for (size_t i = 0; i < ev->buffers.size(); ++i) {
    buffer_impl *b = ev->buffers[i];
    if (unified && !writes(ev->buffer_modes[i]))
      continue; // the CPU's common case: nothing to bring over, nothing to invalidate
    std::lock_guard<std::mutex> lock(b->mutex);
    if (!unified) {
      buffer_impl::device_copy *c = b->copy_on(dev);
      if (c && !c->current && b->bytes) {
        // Queued before the command on the same device, so it lands first.
        dev->backend->copy(c->ptr, b->host, b->bytes, completion{&ignore_completion, nullptr});
        c->current = true;
      }
    }
    if (writes(ev->buffer_modes[i]))
      for (buffer_impl::device_copy &other : b->copies)
        if (other.device != dev)
          other.current = false;
  }
}

namespace {
struct write_back_state {
  event_impl *ev;
  std::atomic<uint32_t> pending;
};
void write_back_done(void *ctx) {
  auto *state = static_cast<write_back_state *>(ctx);
  if (state->pending.fetch_sub(1, std::memory_order_acq_rel) == 1) {
    event_impl *ev = state->ev;
    delete state;
    complete_event(ev);
  }
}
} // namespace

bool write_back_buffers(event_impl *ev) {
  device_impl *dev = ev->device;
  if (!dev || dev->backend->info().host_unified_memory)
    return false;
  std::vector<std::pair<void *, buffer_impl *>> back; // device copy -> buffer
  for (size_t i = 0; i < ev->buffers.size(); ++i) {
    buffer_impl *b = ev->buffers[i];
    if (!writes(ev->buffer_modes[i]) || !b->bytes)
      continue;
    std::lock_guard<std::mutex> lock(b->mutex);
    if (buffer_impl::device_copy *c = b->copy_on(dev))
      back.push_back({c->ptr, b});
  }
  if (back.empty())
    return false;
  auto *state = new write_back_state{ev, {static_cast<uint32_t>(back.size())}};
  for (auto &[ptr, b] : back)
    dev->backend->copy(b->host, ptr, b->bytes, completion{&write_back_done, state});
  return true;
}

void track_buffer_access(event_impl *ev, const requirement *reqs, size_t n,
                         std::vector<event_impl *> &deps) {
  // Merge requirements on the same buffer, then lock all buffers in address
  // order: two command groups using the same buffers from two threads must
  // see one consistent order, or each could end up waiting on the other.
  std::vector<requirement> merged(reqs, reqs + n);
  std::sort(merged.begin(), merged.end(),
            [](const requirement &a, const requirement &b) { return a.buffer < b.buffer; });
  size_t out = 0;
  for (size_t i = 0; i < merged.size(); ++i) {
    if (!merged[i].buffer)
      continue;
    if (out && merged[out - 1].buffer == merged[i].buffer)
      merged[out - 1].mode = access(uint32_t(merged[out - 1].mode) | uint32_t(merged[i].mode));
    else
      merged[out++] = merged[i];
  }
  merged.resize(out);

  for (requirement &r : merged)
    r.buffer->mutex.lock();
  for (requirement &r : merged) {
    buffer_impl *b = r.buffer;
    if (b->last_writer) {
      retain(b->last_writer);
      deps.push_back(b->last_writer); // read/write after write
    }
    if (uint32_t(r.mode) & uint32_t(access::write)) {
      for (event_impl *reader : b->readers)
        deps.push_back(reader); // write after read: hands over the reference
      b->readers.clear();
      release(b->last_writer);
      retain(ev);
      b->last_writer = ev;
    } else {
      // Drop completed readers so a long read-only chain stays cheap.
      release_completed(b->readers);
      retain(ev);
      b->readers.push_back(ev);
    }
    b->refs.fetch_add(1, std::memory_order_relaxed);
    ev->buffers.push_back(b);
    ev->buffer_modes.push_back(r.mode);
  }
  for (auto it = merged.rbegin(); it != merged.rend(); ++it)
    it->buffer->mutex.unlock();
}

void *buffer_host_begin(buffer_impl *b, access mode, event_impl **token) {
  // The token stands for the host accessor in the buffer's hazard state:
  // commands submitted while it lives wait until buffer_host_end().
  auto *t = new event_impl;
  t->status.store(event_status::running, std::memory_order_relaxed);
  t->refs.store(2, std::memory_order_relaxed); // the caller's and complete_event's
  std::vector<event_impl *> deps;
  requirement req{b, mode};
  track_buffer_access(t, &req, 1, deps);
  for (event_impl *d : deps) {
    wait_event(d);
    release(d);
  }
  if (writes(mode)) { // the host copy is about to change: device copies go stale
    std::lock_guard<std::mutex> lock(b->mutex);
    for (buffer_impl::device_copy &c : b->copies)
      c.current = false;
  }
  *token = t;
  return b->host;
}

void buffer_host_end(event_impl *token) noexcept {
  if (!token)
    return;
  complete_event(token);
  release(token);
}

} // namespace sporkle::rt
