// attrd_updater, crm_attribute, crm_master: one program, the tool chosen by its name
// (cli/attr_tool.h).

#include <cstdlib>
#include <iostream>

#include "cli/attr_tool.h"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  auto service = keel::MakeIpcAttrService();
  keel::EnvLookup env = [](const std::string& name) -> std::optional<std::string> {
    const char* v = std::getenv(name.c_str());
    if (v == nullptr) return std::nullopt;
    return std::string(v);
  };
  return keel::RunAttrTool(argc > 0 ? argv[0] : "", args, *service, env, std::cout, std::cerr);
}
