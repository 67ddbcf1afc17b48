#include "cli/json_errors.h"

#include <algorithm>
#include <sstream>
#include <string>

#include "cli/json_writer.h"

namespace keel {

bool WantsJson(const CommandArgs& args) {
  return std::find(args.begin(), args.end(), "--json") != args.end();
}

int RunWithJsonErrors(std::string_view word, CommandFunction run, const CommandArgs& args,
                      std::ostream& out, std::ostream& err) {
  if (!WantsJson(args)) return run(args, out, err);
  std::ostringstream held_out, held_err;
  const int rc = run(args, held_out, held_err);
  if (rc == 0) {
    out << held_out.str();
    err << held_err.str();
    return rc;
  }
  std::ostringstream json;
  JsonWriter w(json);
  w.BeginObject().Key("error").BeginObject();
  w.Key("command").String("crm " + std::string(word));
  w.Key("exit_code").Int(rc);
  w.Key("messages").BeginArray();
  std::istringstream lines(held_err.str());
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty()) w.String(line);
  }
  w.EndArray().EndObject().EndObject();
  out << json.str() << "\n";
  err << held_err.str();
  return rc;
}

}  // namespace keel
