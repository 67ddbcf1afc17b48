#pragma once
// Gratuitous ARP over an AF_PACKET socket (needs CAP_NET_RAW).

#include <cstdint>
#include <expected>
#include <string>

#include "xml/base/error.h"

namespace keel {

// Broadcasts one gratuitous ARP request (sender = target = `address`) from `nic`'s MAC.
std::expected<void, Error> SendGratuitousArp(const std::string& nic, uint32_t address);

// Sends the first announcement now and, when count > 1, the other count - 1 from a detached
// child process, `interval_ms` apart, so that the caller does not wait for them.
std::expected<void, Error> AnnounceAddress(const std::string& nic, uint32_t address, int count,
                                           int interval_ms);

}  // namespace keel
