#pragma once
// The CIB from crmd: one `query` asking for the compressed answer (crmd/ipc/ipc_lz4.h), whose
// text this returns. crmd keeps 0.87 MB instead of 7.4 MB until the answer is read (16 x 1,000).

#include <expected>
#include <string>

#include "cli/ipc_connection.h"
#include "xml/base/error.h"

namespace keel {

std::expected<std::string, Error> QueryCibText(IpcConnection& connection, int timeout_ms);

}  // namespace keel
