#include "agents/meta_data.h"

namespace keel {

std::string XmlEscape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string RenderMetaData(const AgentDescription& spec) {
  std::string xml =
      "<?xml version=\"1.0\"?>\n"
      "<!DOCTYPE resource-agent SYSTEM \"ra-api-1.dtd\">\n"
      "<resource-agent name=\"" + XmlEscape(spec.name) + "\" version=\"" +
      XmlEscape(spec.version) + "\">\n"
      "  <version>1.1</version>\n"
      "  <longdesc lang=\"en\">" + XmlEscape(spec.longdesc) + "</longdesc>\n"
      "  <shortdesc lang=\"en\">" + XmlEscape(spec.shortdesc) + "</shortdesc>\n"
      "  <parameters>\n";
  for (const ParamSpec& p : spec.params) {
    xml += "    <parameter name=\"" + XmlEscape(p.name) + "\" required=\"" +
           (p.required ? "1" : "0") + "\" unique=\"" + (p.unique ? "1" : "0") + "\">\n";
    xml += "      <longdesc lang=\"en\">" + XmlEscape(p.longdesc) + "</longdesc>\n";
    xml += "      <shortdesc lang=\"en\">" + XmlEscape(p.shortdesc) + "</shortdesc>\n";
    xml += "      <content type=\"" + XmlEscape(p.type) + "\"";
    if (!p.default_value.empty()) xml += " default=\"" + XmlEscape(p.default_value) + "\"";
    xml += "/>\n    </parameter>\n";
  }
  xml += "  </parameters>\n  <actions>\n";
  for (const ActionSpec& a : spec.actions) {
    xml += "    <action name=\"" + XmlEscape(a.name) + "\" timeout=\"" + XmlEscape(a.timeout) +
           "\"";
    if (!a.interval.empty()) xml += " interval=\"" + XmlEscape(a.interval) + "\"";
    xml += "/>\n";
  }
  xml += "  </actions>\n</resource-agent>\n";
  return xml;
}

}  // namespace keel
