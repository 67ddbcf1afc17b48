// attrd_updater, crm_attribute, crm_master, crm_node: one program, the tool chosen by its name
// (cli/attr_tool.h, cli/attr_crm_node.h).

#include <cstdlib>
#include <iostream>

#include "cli/attr_crm_node.h"
#include "cli/attr_tool.h"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  keel::EnvLookup env = [](const std::string& name) -> std::optional<std::string> {
    const char* v = std::getenv(name.c_str());
    if (v == nullptr) return std::nullopt;
    return std::string(v);
  };
  const std::string argv0 = argc > 0 ? argv[0] : "";
  if (argv0 == "crm_node" || argv0.ends_with("/crm_node")) {
    auto source = keel::MakeIpcNodeStatusSource();
    return keel::RunCrmNode(args, *source, env, std::cout, std::cerr);
  }
  auto service = keel::MakeIpcAttrService();
  return keel::RunAttrTool(argv0, args, *service, env, std::cout, std::cerr);
}
