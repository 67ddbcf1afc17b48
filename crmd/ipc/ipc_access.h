#pragma once
// Who may talk to crmd: root, and members of the group `haclient` (primary or
// supplementary). When that group does not exist, only root.

#include <sys/types.h>

#include <optional>
#include <vector>

namespace keel {

inline constexpr const char* kIpcAccessDenied = "access denied: you must be root or in group haclient";

// Pure decision: `peer_groups` are the peer's supplementary groups.
bool IpcPeerAllowed(uid_t uid, gid_t gid, std::optional<gid_t> haclient,
                    const std::vector<gid_t>& peer_groups);

// The same, looking up the haclient group and the peer's groups in the system databases.
bool IpcPeerAllowed(uid_t uid, gid_t gid);

}  // namespace keel
