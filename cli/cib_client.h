#pragma once
// How the crm shell reads and changes the CIB: through the local crmd (IPC), or on a file
// when CIB_file is set (offline editing, tests), as with Pacemaker's tools.

#include <expected>
#include <memory>
#include <optional>
#include <string>

#include "xml/base/error.h"
#include "xml/cib.h"

namespace keel {

class CibClient {
 public:
  virtual ~CibClient() = default;

  // The whole current CIB (configuration + status) as XML text.
  virtual std::expected<std::string, Error> Query() = 0;

  // Makes `cib_xml`'s configuration section the cluster's configuration, atomically:
  // validated first, refused whole on any error. When `base` is given and the CIB has moved
  // on since (another change landed), refuses with ErrorCode::kConflict. Returns the new version.
  virtual std::expected<CibVersion, Error> Commit(const std::string& cib_xml,
                                                  std::optional<CibVersion> base) = 0;
};

// A client on the file named by `path` (read, validated, written atomically).
std::unique_ptr<CibClient> MakeFileCibClient(std::string path);

// Replaces the whole CIB file at `path` (status included) with `cib_xml`, atomically, after
// checking that it parses: offline status edits (crm resource cleanup with CIB_file).
std::expected<void, Error> WriteCibFile(const std::string& path, const std::string& cib_xml);

// A client on the local crmd's IPC service `ipc_name`; errors (not running, access refused)
// surface on the first call, with a message that says what to do.
std::unique_ptr<CibClient> MakeIpcCibClient(std::string ipc_name);

// The CIB file the commands work on instead of the local crmd, from the environment: the
// shadow CIB named by CIB_shadow ($CIB_shadow_dir/shadow.NAME, default dir /var/lib/keel/shadow),
// else CIB_file; nullopt when neither is set (crmd over IPC).
std::optional<std::string> OfflineCibPath();

// The shadow CIB file for `name` (see OfflineCibPath).
std::string ShadowCibPath(const std::string& name);

// A client on CIB_file when set, else on the local crmd: the live CIB, never a shadow.
std::unique_ptr<CibClient> MakeLiveCibClient();

// A client on OfflineCibPath() when set, else on the IPC service named by KEEL_IPC_NAME
// (default "keel-crmd").
std::unique_ptr<CibClient> MakeDefaultCibClient();

}  // namespace keel
