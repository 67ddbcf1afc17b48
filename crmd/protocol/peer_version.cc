#include "crmd/protocol/peer_version.h"

namespace keel {

PeerVersion ComparePeerVersion(int peer_version, int own_version) {
  if (peer_version == own_version) return PeerVersion::kSame;
  return peer_version < own_version ? PeerVersion::kOlder : PeerVersion::kNewer;
}

std::optional<std::string> PeerVersionNote(const std::string& peer, int peer_version,
                                           int own_version) {
  std::string versions = "protocol " + std::to_string(peer_version) + ", this node speaks " +
                         std::to_string(own_version);
  switch (ComparePeerVersion(peer_version, own_version)) {
    case PeerVersion::kSame:
      return std::nullopt;
    case PeerVersion::kOlder:
      return "protocol: " + peer + " speaks the older " + versions +
             "; it stays a member and is sent only what it understands";
    case PeerVersion::kNewer:
      return "protocol: " + peer + " speaks the newer " + versions +
             "; it stays a member, its messages of a newer version are ignored here";
  }
  return std::nullopt;
}

}  // namespace keel
