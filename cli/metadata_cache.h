#pragma once
// Agents' meta-data kept between crm runs. Running an agent's meta-data action costs 10-100 ms
// (shell agents source their libraries), more than a whole one-shot command; verify reads the
// meta-data of every OCF agent in the configuration. An entry is keyed by the agent's path,
// size, modification and change times, so an agent that was changed or replaced runs again.

#include <functional>
#include <map>
#include <string>

namespace keel {

class MetaDataCache {
 public:
  // `dir` holds the entries (created when missing); "" keeps them in memory only.
  explicit MetaDataCache(std::string dir) : dir_(std::move(dir)) {}

  // The agent at `path`'s meta-data: cached, else `run()`, kept when not empty. Entries that
  // cannot be written are only not kept (the cache never makes a command fail).
  std::string Get(const std::string& path, const std::function<std::string()>& run);

 private:
  std::string dir_;
  std::map<std::string, std::string> memory_;  // key -> meta-data, for this process
};

// KEEL_METADATA_CACHE when set ("" or "off": no disk cache), else $XDG_CACHE_HOME/keel/meta-data,
// else $HOME/.cache/keel/meta-data; "" when none of them is set.
std::string DefaultMetaDataCacheDir();

}  // namespace keel
