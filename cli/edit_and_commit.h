#pragma once
// Load the configuration (CIB_file or the local crmd), edit it, commit: the one-shot commands'
// common path.

#include <ostream>

#include "cli/configure_session.h"

namespace keel {

// Loads, runs `edit` on the staged configuration, commits. 0 on success.
template <typename Edit>
inline int EditAndCommit(bool force, std::ostream& out, std::ostream& err, Edit edit) {
  SessionOptions options;
  options.force = force;
  ConfigureSession session(MakeDefaultCibClient(), options);
  if (auto ok = session.Load(); !ok) {
    PrintErrors({ok.error()}, err);
    return 1;
  }
  int rc = edit(session);
  if (rc != 0) return rc;
  if (!session.HasStagedChanges()) return 0;
  auto version = session.Commit(AfterCommit::kEnd);
  if (!version) {
    PrintErrors({version.error()}, err);
    return 1;
  }
  (void)out;
  return 0;
}

}  // namespace keel
