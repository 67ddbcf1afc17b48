#pragma once
// The one source of crm's help: `crm help [COMMAND]`, doc/crm.md (`crm help --markdown`) and
// doc/man/crm.8 (`crm help --man`) are all generated from this table.

#include <expected>
#include <string>
#include <string_view>
#include <vector>

namespace keel {

struct HelpEntry {
  std::string level;  // "" (top), "configure", "resource", "node", "cib", "import"
  std::string name;
  std::string syntax;
  std::string description;
  std::vector<std::string> examples;
};

const std::vector<HelpEntry>& HelpEntries();

// The overview (empty topic) or the entry for "NAME" / "LEVEL NAME"; when there is none, an
// error text that suggests the nearest topic.
std::expected<std::string, std::string> HelpText(std::string_view topic);

std::string HelpMarkdown();
std::string HelpMan();

}  // namespace keel
