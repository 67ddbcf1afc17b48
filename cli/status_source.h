#pragma once
// Where the one-shot commands get the cluster's state: the local crmd's status report and CIB,
// or, offline (CIB_file, CIB_shadow), the file alone.

#include <expected>
#include <string>

#include "cli/status_view.h"
#include "xml/base/error.h"

namespace keel {

struct StatusSnapshot {
  ClusterStatusView view;
  std::string cib_xml;  // the CIB the view was built from
};

// The cluster as `crm status` sees it: the local crmd's report and CIB over one connection, or
// offline (CIB_file, CIB_shadow) from the file's status section alone.
std::expected<StatusSnapshot, Error> LoadStatusSnapshot();

}  // namespace keel
