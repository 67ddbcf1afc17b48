#pragma once
// The explicit rule for a peer that announces another protocol version (rolling upgrades will
// rest on it). Pure.
//
// Rule (version 1): a peer stays a member whatever it announces (membership is corosync's);
//   - same version: nothing to say;
//   - an older peer: logged; this node sends it only what it understands (version 2's
//     node_state_patch goes out only when every member announced 2, else the whole
//     node_state: crmd/cib/cib_member.cc; version 3's batch only when every member announced
//     3, else each message alone: crmd/membership/batching_bus.h);
//   - a newer peer: logged; it is expected to speak our version to us, and any message it
//     writes in a newer version is logged and ignored here (MessageRegistry).

#include <optional>
#include <string>

namespace keel {

enum class PeerVersion { kSame, kOlder, kNewer };

PeerVersion ComparePeerVersion(int peer_version, int own_version);

// The log line for a peer's announced version, nullopt when there is nothing to say.
std::optional<std::string> PeerVersionNote(const std::string& peer, int peer_version,
                                           int own_version);

}  // namespace keel
