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

// Lists the notes, then prints the crm text (dry run: checked first) or commits it.
int ApplyImport(const std::expected<ImportResult, Errors>& result, const std::string& label,
                bool dry_run, bool force, std::ostream& out, std::ostream& err) {
  if (!result) {
    PrintErrors(result.error(), err);
    return 1;
  }
  for (const std::string& n : result->mapped) err << n << "\n";
  for (const std::string& n : result->not_imported) err << n << "\n";
  for (const std::string& n : result->warnings) err << n << "\n";
  if (dry_run) {
    // Checked as a whole even when only printed.
    if (auto ok = ApplyCrmText({}, result->crm, ApplyMode::kCreate); !ok) {
      PrintErrors(ok.error(), err);
      return 1;
    }
    out << result->crm;
    return 0;
  }
  SessionOptions session_options;
  session_options.force = force;
  ConfigureSession session(MakeDefaultCibClient(), session_options);
  if (auto ok = session.Load(); !ok) {
    PrintErrors({ok.error()}, err);
    return 1;
  }
  if (int rc = session.Execute(result->crm, out, err); rc != 0) return rc;
  auto version = session.Commit(AfterCommit::kEnd);
  if (!version) {
    PrintErrors({version.error()}, err);
    return 1;
  }
  out << "imported " << label << ": CIB version " << version->ToString() << "\n";
  return 0;
}

// --node NODE=FILE...: every node's keepalived.conf, the first one's resources.
int ImportKeepalivedNodes(const std::vector<std::string>& node_files, bool dry_run, bool force,
                          std::ostream& out, std::ostream& err) {
  std::vector<KeepalivedFile> files;
  std::string label;
  for (const std::string& spec : node_files) {
    size_t eq = spec.find('=');
    if (eq == 0 || eq == std::string::npos || eq + 1 == spec.size()) {
      err << "crm import: --node wants NODE=FILE, not '" << spec << "'\n";
      return 2;
    }
    std::string node = spec.substr(0, eq), path = spec.substr(eq + 1);
    for (const KeepalivedFile& f : files) {
      if (f.node == node) {
        err << "crm import: --node " << node << " given twice\n";
        return 2;
      }
    }
    auto text = ReadText(path);
    if (!text) {
      err << "crm import: " << text.error() << "\n";
      return 1;
    }
    files.push_back({node, path, *text});
    label += (label.empty() ? "" : ", ") + path;
  }
  return ApplyImport(ImportKeepalived(files), label, dry_run, force, out, err);
}

}  // namespace

int RunImportCommand(const CommandArgs& args, std::ostream& out, std::ostream& err) {
  namespace po = boost::program_options;
  po::options_description options("crm import options");
  std::string kind, file, ha_cf;
  std::vector<std::string> node_files;
  options.add_options()("kind", po::value(&kind))("file", po::value(&file))(
      "ha-cf", po::value(&ha_cf), "heartbeat's ha.cf (auto_failback, nodes)")(
      "node", po::value(&node_files), "NODE=FILE: that node's keepalived.conf (repeatable)")(
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
  const bool by_node = kind == "keepalived" && !node_files.empty();
  if ((kind != "haresources" && kind != "keepalived") || file.empty() == !by_node) {
    err << "usage: crm import haresources FILE [--ha-cf FILE] [--dry-run]\n"
           "       crm import keepalived FILE [--dry-run]\n"
           "       crm import keepalived --node NODE=FILE --node NODE=FILE... [--dry-run]\n";
    return 2;
  }
  if (by_node)
    return ImportKeepalivedNodes(node_files, vm.count("dry-run") > 0, vm.count("force") > 0, out,
                                 err);
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
  return ApplyImport(result, file, vm.count("dry-run") > 0, vm.count("force") > 0, out, err);
}

}  // namespace keel
