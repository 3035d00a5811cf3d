// The on-disk VkPipelineCache: where it lives and how a file is recognised.
//
// One file per (device, driver build) under $XDG_CACHE_HOME/sporkle (or
// ~/.cache/sporkle). Vulkan's own cache header names only the pipeline cache
// UUID, which some drivers (lavapipe) keep constant across builds, so the file
// carries its own header: a magic word, the full key (pipeline cache, device
// and driver UUIDs, vendor, device, driver version, driver name and info) and
// a checksum of the data. A file whose header, key or checksum does not match
// is ignored and rewritten: the driver never sees a foreign or torn blob.
// Writes go to a temporary file renamed into place, so two programs saving
// at once leave one whole file.
#ifndef SPORKLE_RUNTIME_VULKAN_PIPELINE_CACHE_FILE_H
#define SPORKLE_RUNTIME_VULKAN_PIPELINE_CACHE_FILE_H

#include <string>
#include <vector>

#include "vulkan_api.h"

namespace sporkle::rt::vk {

/// The bytes that identify a device and driver build.
std::string pipeline_cache_key(const VkPhysicalDeviceProperties &properties,
                               const VkPhysicalDeviceIDProperties &ids,
                               const VkPhysicalDeviceDriverProperties &driver);

/// $XDG_CACHE_HOME/sporkle, else $HOME/.cache/sporkle; empty when neither is set.
std::string sporkle_cache_directory();

/// The file for `key` inside `directory` (the name is a hash of the key).
std::string pipeline_cache_path(const std::string &directory, const std::string &key);

/// The cache data in `path` if the file is whole and made for `key`; else empty.
std::vector<unsigned char> read_pipeline_cache(const std::string &path, const std::string &key);

/// Writes `data` for `key` (creating the directory). False if it could not.
bool write_pipeline_cache(const std::string &path, const std::string &key,
                          const std::vector<unsigned char> &data);

} // namespace sporkle::rt::vk

#endif
