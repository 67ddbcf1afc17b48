// crm import haresources|keepalived FILE [...]: convert, then print (--dry-run) or commit.
#include <boost/program_options.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/command.h"
#include "cli/configure_session.h"
#include "cli/crm_apply.h"
#include "cli/importer.h"

namespace keel {

namespace {

std::expected<std::string, std::string> ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::unexpected("cannot read " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

int RunImportCommand(const CommandArgs& args, std::ostream& out, std::ostream& err) {
  namespace po = boost::program_options;
  po::options_description options("crm import options");
  std::string kind, file, ha_cf;
  options.add_options()("kind", po::value(&kind))("file", po::value(&file))(
      "ha-cf", po::value(&ha_cf), "heartbeat's ha.cf (auto_failback, nodes)")(
      "dry-run", "print the crm text instead of committing")("force,F", "accept missing agents");
  po::positional_options_description positional;
  positional.add("kind", 1).add("file", 1);
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(options).positional(positional).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    err << "crm import: " << e.what() << "\n";
    return 2;
  }
  if ((kind != "haresources" && kind != "keepalived") || file.empty()) {
    err << "usage: crm import haresources FILE [--ha-cf FILE] [--dry-run]\n"
           "       crm import keepalived FILE [--dry-run]\n";
    return 2;
  }
  auto text = ReadText(file);
  std::expected<std::string, std::string> cf = std::string();
  if (!ha_cf.empty()) cf = ReadText(ha_cf);
  if (!text || !cf) {
    err << "crm import: " << (!text ? text.error() : cf.error()) << "\n";
    return 1;
  }
  auto is_heartbeat = [](const std::string& name) {
    std::error_code ec;
    return std::filesystem::is_regular_file(
        std::filesystem::path(AgentRoots{}.heartbeat_dir) / name, ec);
  };
  auto result =
      kind == "haresources" ? ImportHaresources(*text, *cf, is_heartbeat) : ImportKeepalived(*text);
  if (!result) {
    PrintErrors(result.error(), err);
    return 1;
  }
  for (const std::string& n : result->not_imported) err << n << "\n";
  if (vm.count("dry-run")) {
    // Checked as a whole even when only printed.
    if (auto ok = ApplyCrmText({}, result->crm, ApplyMode::kCreate); !ok) {
      PrintErrors(ok.error(), err);
      return 1;
    }
    out << result->crm;
    return 0;
  }
  SessionOptions session_options;
  session_options.force = vm.count("force") > 0;
  ConfigureSession session(MakeDefaultCibClient(), session_options);
  if (auto ok = session.Load(); !ok) {
    PrintErrors({ok.error()}, err);
    return 1;
  }
  if (int rc = session.Execute(result->crm, out, err); rc != 0) return rc;
  auto version = session.Commit();
  if (!version) {
    PrintErrors({version.error()}, err);
    return 1;
  }
  out << "imported " << file << ": CIB version " << version->ToString() << "\n";
  return 0;
}

}  // namespace keel
