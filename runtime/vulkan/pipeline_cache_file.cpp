// Reading and writing the pipeline cache file (see pipeline_cache_file.h).
#include "pipeline_cache_file.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace sporkle::rt::vk {
namespace {

constexpr char file_magic[8] = {'S', 'P', 'O', 'R', 'K', 'V', 'K', 'C'};
constexpr uint32_t file_format = 1;

uint64_t fnv1a(const void *data, size_t size) {
  uint64_t h = 0xcbf29ce484222325ull;
  auto *p = static_cast<const unsigned char *>(data);
  for (size_t i = 0; i < size; ++i)
    h = (h ^ p[i]) * 0x100000001b3ull;
  return h;
}

template <typename T> void append(std::string &out, const T &value) {
  out.append(reinterpret_cast<const char *>(&value), sizeof value);
}

bool make_directories(const std::string &path) {
  for (size_t slash = 1; slash != std::string::npos; slash = path.find('/', slash + 1)) {
    std::string prefix = path.substr(0, slash);
    if (mkdir(prefix.c_str(), 0755) != 0 && errno != EEXIST)
      return false;
  }
  return mkdir(path.c_str(), 0755) == 0 || errno == EEXIST;
}

} // namespace

std::string pipeline_cache_key(const VkPhysicalDeviceProperties &properties,
                               const VkPhysicalDeviceIDProperties &ids,
                               const VkPhysicalDeviceDriverProperties &driver) {
  std::string key;
  key.append(reinterpret_cast<const char *>(properties.pipelineCacheUUID), VK_UUID_SIZE);
  key.append(reinterpret_cast<const char *>(ids.deviceUUID), VK_UUID_SIZE);
  key.append(reinterpret_cast<const char *>(ids.driverUUID), VK_UUID_SIZE);
  append(key, properties.vendorID);
  append(key, properties.deviceID);
  append(key, properties.driverVersion);
  append(key, driver.driverID);
  key.append(driver.driverName, strnlen(driver.driverName, VK_MAX_DRIVER_NAME_SIZE));
  key.push_back('\0');
  key.append(driver.driverInfo, strnlen(driver.driverInfo, VK_MAX_DRIVER_INFO_SIZE));
  return key;
}

std::string sporkle_cache_directory() {
  if (const char *xdg = std::getenv("XDG_CACHE_HOME"); xdg && xdg[0] == '/')
    return std::string(xdg) + "/sporkle";
  if (const char *home = std::getenv("HOME"); home && *home)
    return std::string(home) + "/.cache/sporkle";
  return {};
}

std::string pipeline_cache_path(const std::string &directory, const std::string &key) {
  char name[64];
  std::snprintf(name, sizeof name, "/vulkan-%016llx.pipelines",
                (unsigned long long)fnv1a(key.data(), key.size()));
  return directory + name;
}

std::vector<unsigned char> read_pipeline_cache(const std::string &path, const std::string &key) {
  std::vector<unsigned char> data;
  FILE *f = std::fopen(path.c_str(), "rb");
  if (!f)
    return data;
  char magic[sizeof file_magic];
  uint32_t format = 0, key_size = 0;
  uint64_t data_size = 0, checksum = 0;
  std::string stored_key;
  bool ok = std::fread(magic, sizeof magic, 1, f) == 1 &&
            !std::memcmp(magic, file_magic, sizeof magic) &&
            std::fread(&format, sizeof format, 1, f) == 1 && format == file_format &&
            std::fread(&key_size, sizeof key_size, 1, f) == 1 && key_size == key.size();
  if (ok) {
    stored_key.resize(key_size);
    ok = std::fread(&stored_key[0], key_size, 1, f) == 1 && stored_key == key &&
         std::fread(&data_size, sizeof data_size, 1, f) == 1 &&
         std::fread(&checksum, sizeof checksum, 1, f) == 1 && data_size <= (1ull << 31);
  }
  if (ok) {
    data.resize(data_size);
    ok = (data_size == 0 || std::fread(data.data(), data_size, 1, f) == 1) &&
         std::fgetc(f) == EOF && fnv1a(data.data(), data.size()) == checksum;
  }
  std::fclose(f);
  if (!ok)
    data.clear();
  return data;
}

bool write_pipeline_cache(const std::string &path, const std::string &key,
                          const std::vector<unsigned char> &data) {
  size_t slash = path.rfind('/');
  if (slash == std::string::npos || !make_directories(path.substr(0, slash)))
    return false;
  std::string temporary = path + ".tmp." + std::to_string(getpid());
  FILE *f = std::fopen(temporary.c_str(), "wb");
  if (!f)
    return false;
  uint32_t key_size = uint32_t(key.size());
  uint64_t data_size = data.size(), checksum = fnv1a(data.data(), data.size());
  bool ok = std::fwrite(file_magic, sizeof file_magic, 1, f) == 1 &&
            std::fwrite(&file_format, sizeof file_format, 1, f) == 1 &&
            std::fwrite(&key_size, sizeof key_size, 1, f) == 1 &&
            std::fwrite(key.data(), key.size(), 1, f) == 1 &&
            std::fwrite(&data_size, sizeof data_size, 1, f) == 1 &&
            std::fwrite(&checksum, sizeof checksum, 1, f) == 1 &&
            (data.empty() || std::fwrite(data.data(), data.size(), 1, f) == 1);
  ok = std::fclose(f) == 0 && ok;
  if (ok && std::rename(temporary.c_str(), path.c_str()) == 0)
    return true;
  std::remove(temporary.c_str());
  return false;
}

} // namespace sporkle::rt::vk
