#pragma once
// OCF meta-data XML (ra-api-1.dtd) rendered from a typed description of the agent.

#include <string>
#include <vector>

namespace keel {

struct ParamSpec {
  std::string name;
  std::string shortdesc;
  std::string longdesc;
  std::string type = "string";  // string | integer | boolean | time (ra-api-1.dtd)
  std::string default_value;    // empty: no default
  bool required = false;
  bool unique = false;
};

struct ActionSpec {
  std::string name;
  std::string timeout;   // e.g. "20s"
  std::string interval;  // empty unless recurring (monitor)
};

// What an agent says about itself in its meta-data. (AgentSpec, in xml/base, names an agent.)
struct AgentDescription {
  std::string name;
  std::string version = "1.0";
  std::string shortdesc;
  std::string longdesc;
  std::vector<ParamSpec> params;
  std::vector<ActionSpec> actions;
};

// The complete meta-data document, with the DOCTYPE that ocf-tester's xmllint expects.
std::string RenderMetaData(const AgentDescription& spec);

// `text` with & < > " escaped.
std::string XmlEscape(const std::string& text);

}  // namespace keel
