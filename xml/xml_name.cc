#include "xml/xml_name.h"

#include <cstring>
#include <iterator>
#include <optional>
#include <ostream>

namespace keel {
namespace {

// The element names of Pacemaker's CIB (and Keel's own messages) that occur most; the codes
// never leave the process.
// clang-format off
constexpr std::string_view kCommonNames[] = {
    "lrm_rsc_op", "lrm_resource", "nvpair", "op", "instance_attributes", "primitive",
    "operations", "node_state", "meta_attributes", "node", "lrm_resources", "lrm",
    "rsc_location", "transient_attributes", "expression", "rule", "cluster_property_set",
    "rsc_order", "clone", "status", "resources", "nodes", "crm_config", "constraints",
    "configuration", "cib", "rsc_colocation", "group", "utilization", "rsc_defaults",
    "resource_ref", "fencing-level", "op_defaults", "bundle", "resource_set", "rsc_ticket",
    "ticket_state", "tickets", "alerts", "fencing-topology", "recipient", "alert", "template",
    "acls", "obj_ref", "date_expression", "tags", "rsc_expression", "op_expression", "tag",
    "date_spec", "master", "fence_history", "fencing-history", "diff", "change",
    "change-list", "change-attr", "change-result", "select", "select_nodes",
    "select_fencing", "select_resources", "select_attributes", "attribute", "acl_target",
    "acl_group", "acl_role", "acl_permission", "role", "duration", "content"};
// clang-format on

std::optional<size_t> CommonCode(std::string_view name) {
  for (size_t i = 0; i < std::size(kCommonNames); ++i) {
    if (kCommonNames[i].size() == name.size() && kCommonNames[i] == name) return i;
  }
  return std::nullopt;
}

}  // namespace

XmlName& XmlName::operator=(const XmlName& other) {
  if (this != &other) *this = other.view();
  return *this;
}

XmlName& XmlName::operator=(XmlName&& other) noexcept {
  if (this != &other) {
    Release();
    bits_ = other.bits_;
    other.bits_ = 0;
  }
  return *this;
}

XmlName& XmlName::operator=(std::string_view name) {
  if (name.empty()) {
    Release();
    return *this;
  }
  if (name == view()) return *this;  // also covers a view of this very name
  XmlName next(name);
  return *this = std::move(next);
}

std::string_view XmlName::view() const {
  if (bits_ == 0) return {};
  if (bits_ & 1) return kCommonNames[bits_ >> 1];
  const char* block = reinterpret_cast<const char*>(bits_);
  uint32_t size;
  std::memcpy(&size, block, sizeof size);
  return std::string_view(block + sizeof size, size);
}

void XmlName::Assign(std::string_view name) {
  bits_ = 0;
  if (name.empty()) return;
  if (auto code = CommonCode(name)) {
    bits_ = (*code << 1) | 1;
    return;
  }
  const auto size = static_cast<uint32_t>(name.size());
  char* block = new char[sizeof size + name.size()];
  std::memcpy(block, &size, sizeof size);
  std::memcpy(block + sizeof size, name.data(), name.size());
  bits_ = reinterpret_cast<uintptr_t>(block);
}

void XmlName::Release() {
  if (bits_ != 0 && !(bits_ & 1)) delete[] reinterpret_cast<char*>(bits_);
  bits_ = 0;
}

std::ostream& operator<<(std::ostream& out, const XmlName& name) { return out << name.view(); }

}  // namespace keel
