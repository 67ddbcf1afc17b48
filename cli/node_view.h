#pragma once
// What `crm node list` and `crm node show` print: each node of the cluster, online or not
// (as crm status sees it), with its attributes from <nodes>. Pure: text in, text out.

#include <expected>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cli/status_view.h"
#include "xml/base/error.h"

namespace keel {

struct NodeListing {
  std::string name;
  std::string id;
  bool online = false;
  std::vector<std::pair<std::string, std::string>> attributes;  // <nodes> instance attributes
};

// The view's nodes, in its order, with their attributes read from `cib_xml`'s <nodes> (read
// without the whole CIB's checks, so that a CIB Keel cannot schedule still lists its nodes).
std::expected<std::vector<NodeListing>, Error> BuildNodeListings(const ClusterStatusView& view,
                                                                 std::string_view cib_xml);

// list: "node1: online" per node; show: the same with an indented line per attribute.
std::string RenderNodesText(const std::vector<NodeListing>& nodes, bool attributes);

// {"nodes":[{"name":...,"id":...,"online":...,"attributes":{...}}]} on one line.
std::string RenderNodesJson(const std::vector<NodeListing>& nodes);

}  // namespace keel
