#pragma once
// The typed model of the CIB replica for the member-side paths (running an action, a probe,
// cluster options, cleanup, alerts), kept between calls: the configuration is parsed once per
// configuration generation (CibMember::config_generation), the node states without their
// operation history (<lrm>) once per change of the CIB. The history is what makes a large CIB
// large (16 nodes x 1,000 resources: 15,000 operations, 6.7 MB): none of these paths reads it.
// The DC plans from it too (with the members missing from <nodes> added), reading the
// history from the CIB tree (XmlHistorySource).

#include <cstdint>
#include <expected>
#include <optional>
#include <span>

#include "xml/base/error.h"
#include "xml/cib.h"
#include "xml/cib_parse.h"
#include "xml/xml_node.h"

namespace keel {

class CibModel {
 public:
  // The model of `cib`, whose generations are `config_generation` and `generation`; the
  // errors of CibFromXml when it does not parse. Valid until the next call. Its version is
  // the one of the last configuration parse.
  // `unlisted_nodes` follow the configured nodes (the DC's members missing from <nodes>);
  // the next call without them drops them again.
  std::expected<const Cib*, Errors> Get(const XmlNode& cib, uint64_t config_generation,
                                        uint64_t generation,
                                        std::span<const Node> unlisted_nodes = {});
  // How often the configuration was parsed (for tests).
  int config_parses() const { return config_parses_; }

 private:
  std::optional<uint64_t> config_generation_;
  std::optional<uint64_t> generation_;
  std::optional<Errors> config_errors_;
  std::optional<Errors> status_errors_;
  Cib model_;
  size_t listed_nodes_ = 0;  // model_.configuration.nodes from <nodes>; the rest are unlisted
  int config_parses_ = 0;
};

// `cib` without the status: the configuration CibModel parses (its status is parsed without
// the node states' <lrm>, StatusFromXmlWithoutHistory).
XmlNode ConfigurationPart(const XmlNode& cib);

// CibFromXml of `cib` without its status: for reading cluster options or the fencing
// configuration where no CibModel is at hand (the whole CIB's typed status is 8 MB at 16 x 1,000).
std::expected<ParsedCib, Errors> ConfigurationFromXml(const XmlNode& cib);

}  // namespace keel
