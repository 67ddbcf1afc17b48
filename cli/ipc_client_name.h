#pragma once
// The local crmd's IPC service name for the CLI: KEEL_IPC_NAME, or "keel-crmd".

#include <cstdlib>
#include <string>

#include "crmd/ipc/ipc_codec.h"

namespace keel {

inline std::string IpcClientName() {
  const char* name = std::getenv("KEEL_IPC_NAME");
  return name != nullptr && *name != '\0' ? name : kDefaultIpcName;
}

}  // namespace keel
