#pragma once
// What `crm status` shows, built from crmd's status report (crmd/status_report.h) and the
// CIB: nodes online/offline, quorum, DC, and where each resource runs according to the
// CIB's status section. Pure: text in, text out.

#include <expected>
#include <string>
#include <string_view>
#include <vector>

#include "xml/error.h"

namespace keel {

struct StatusNode {
  std::string id;
  std::string name;
  bool online = false;
};

struct StatusResource {
  std::string id;
  std::string agent;  // class:provider:type
  std::vector<std::string> running_on;
  std::vector<std::string> failed_on;  // last operation failed there
  // Offline nodes whose last known history says running: stale until fenced or rejoined.
  std::vector<std::string> last_seen_on;
};

struct ClusterStatusView {
  std::string local;
  std::string dc;  // empty: none
  bool quorate = false;
  bool synced = false;
  std::string cib_version;
  std::vector<StatusNode> nodes;
  std::vector<StatusResource> resources;
};

std::expected<ClusterStatusView, Error> BuildStatusView(std::string_view status_xml,
                                                        std::string_view cib_xml);
std::string RenderStatusText(const ClusterStatusView& view);
std::string RenderStatusJson(const ClusterStatusView& view);

}  // namespace keel
