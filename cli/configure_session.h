#pragma once
// The configure level: a CIB fetched through a CibClient, changes staged on a copy of its
// configuration, and `commit` sending them back in one piece. Used by the one-shot
// `crm configure ...` (execute + commit) and by the interactive shell.

#include <expected>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "cli/agent_catalog.h"
#include "cli/cib_client.h"
#include "cli/held_back.h"
#include "xml/base/error.h"
#include "xml/cib.h"

namespace keel {

struct SessionOptions {
  bool force = false;  // accept primitives whose agent is not installed
  AgentRoots roots = DefaultAgentRoots();
  std::string editor;  // "" : $EDITOR, else vi
};

enum class AfterCommit { kReload, kEnd };

class ConfigureSession {
 public:
  ConfigureSession(std::unique_ptr<CibClient> client, SessionOptions options);

  // (Re)reads the CIB, dropping staged changes. Objects Keel cannot handle ("not supported")
  // are held back (held_back()): not shown, not checked, put back unchanged by Commit unless
  // deleted by id or replaced by `load replace`.
  std::expected<void, Error> Load();

  // One configure-level command: a crm statement (primitive, delete, ...), or show [ID|xml],
  // verify, commit, edit [ID], load replace|update FILE. Prints results to `out`, errors to
  // `err` ("ERROR: line 1:1: ..."); returns 0 on success. A failed command stages nothing.
  int Execute(std::string_view line, std::ostream& out, std::ostream& err);

  // Stages `next` as a whole (after the agent check). 0 on success.
  int Replace(Configuration next, std::ostream& err) { return Stage(std::move(next), err); }

  // Sends the staged configuration; on success the session holds the new CIB (kReload), or
  // is done (kEnd: a one-shot command exits; reading the whole CIB back from a DC busy with
  // the change cost `crm configure load update` seconds in the 16-node lab, issue #21).
  std::expected<CibVersion, Error> Commit(AfterCommit after = AfterCommit::kReload);

  bool HasStagedChanges() const { return staged_ != base_.configuration || held_changed_; }
  const std::vector<HeldBackObject>& held_back() const { return held_; }
  const Configuration& Staged() const { return staged_; }
  const Cib& Base() const { return base_; }
  const AgentCatalog& Catalog() const { return catalog_; }

  // Errors ValidateCib finds in the staged configuration.
  Errors Verify() const;

 private:
  int Stage(std::expected<Configuration, Errors> next, std::ostream& err);
  int Show(const std::vector<std::string>& words, std::ostream& out, std::ostream& err);
  int LoadFile(const std::vector<std::string>& words, std::ostream& out, std::ostream& err);
  int ReplaceAll(Configuration next, std::ostream& err);
  int Edit(const std::vector<std::string>& words, std::ostream& out, std::ostream& err);

  std::unique_ptr<CibClient> client_;
  SessionOptions options_;
  AgentCatalog catalog_;
  Cib base_;
  Configuration staged_;
  std::vector<HeldBackObject> held_;
  bool held_changed_ = false;  // a held-back object was deleted or replaced
  bool held_noted_ = false;    // the note about them was printed
};

// `load replace` keeps the cluster's nodes: `next` plus every node of `current` that `next`
// does not list (by id or name). Nodes are removed one by one, never by a replace.
Configuration KeepingNodes(Configuration next, const Configuration& current);

// Prints errors one per line as "ERROR: where: message".
void PrintErrors(const Errors& errors, std::ostream& err);

// Parses a whole CIB, or a bare <configuration> element, from text (load, import).
std::expected<Configuration, Errors> ConfigurationFromXml(std::string_view text,
                                                          std::string_view source);

// Parameters whose values `show` hides: names with passw, secret or token in them (any case).
bool IsSecretParameterName(std::string_view name);

}  // namespace keel
