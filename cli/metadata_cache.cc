#include "cli/metadata_cache.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace keel {

namespace fs = std::filesystem;

namespace {

// FNV-1a: a stable file name for a key (std::hash may change between builds).
std::string HexHash(const std::string& text) {
  uint64_t h = 14695981039346656037ull;
  for (unsigned char c : text) h = (h ^ c) * 1099511628211ull;
  char out[17];
  std::snprintf(out, sizeof out, "%016llx", static_cast<unsigned long long>(h));
  return out;
}

// "" when the agent cannot be stat'ed (then nothing is cached).
std::string KeyOf(const std::string& path) {
  struct stat st {};
  if (stat(path.c_str(), &st) != 0) return "";
  std::ostringstream key;
  key << path << '\n'
      << st.st_size << '\n'
      << st.st_mtim.tv_sec << '.' << st.st_mtim.tv_nsec << '\n'
      << st.st_ctim.tv_sec << '.' << st.st_ctim.tv_nsec << '\n';
  return key.str();
}

}  // namespace

std::string MetaDataCache::Get(const std::string& path, const std::function<std::string()>& run) {
  const std::string key = KeyOf(path);
  if (key.empty()) return run();
  if (auto hit = memory_.find(key); hit != memory_.end()) return hit->second;
  const fs::path file = dir_.empty() ? fs::path() : fs::path(dir_) / HexHash(key);
  if (!dir_.empty()) {
    // The entry starts with its key: a hash collision reads as a miss.
    std::ifstream in(file, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    const std::string stored = text.str();
    if (in && stored.starts_with(key)) {
      return memory_[key] = stored.substr(key.size());
    }
  }
  std::string meta = run();
  if (meta.empty()) return meta;
  memory_[key] = meta;
  if (!dir_.empty()) {
    std::error_code ec;
    fs::create_directories(dir_, ec);
    const fs::path tmp = file.string() + ".tmp" + std::to_string(getpid());
    std::ofstream out(tmp, std::ios::binary);
    out << key << meta;
    out.close();
    if (!out || rename(tmp.c_str(), file.c_str()) != 0) fs::remove(tmp, ec);
  }
  return meta;
}

std::string DefaultMetaDataCacheDir() {
  if (const char* dir = std::getenv("KEEL_METADATA_CACHE")) {
    return std::string(dir) == "off" ? "" : dir;
  }
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg) {
    return std::string(xdg) + "/keel/meta-data";
  }
  if (const char* home = std::getenv("HOME"); home && *home) {
    return std::string(home) + "/.cache/keel/meta-data";
  }
  return "";
}

}  // namespace keel
