#include "crmd/ipc/ipc_access.h"

#include <grp.h>
#include <pwd.h>

#include <algorithm>

namespace keel {

bool IpcPeerAllowed(uid_t uid, gid_t gid, std::optional<gid_t> haclient,
                    const std::vector<gid_t>& peer_groups) {
  if (uid == 0) return true;
  if (!haclient) return false;
  return gid == *haclient ||
         std::find(peer_groups.begin(), peer_groups.end(), *haclient) != peer_groups.end();
}

bool IpcPeerAllowed(uid_t uid, gid_t gid) {
  if (uid == 0) return true;
  std::optional<gid_t> haclient;
  if (const group* g = getgrnam("haclient")) haclient = g->gr_gid;
  std::vector<gid_t> groups;
  if (const passwd* pw = getpwuid(uid); pw != nullptr && haclient) {
    int n = 64;
    groups.resize(n);
    if (getgrouplist(pw->pw_name, gid, groups.data(), &n) < 0 && n > 0 && n <= 65536) {
      groups.resize(n);
      getgrouplist(pw->pw_name, gid, groups.data(), &n);
    }
    groups.resize(std::max(n, 0));
  }
  return IpcPeerAllowed(uid, gid, haclient, groups);
}

}  // namespace keel
