#pragma once
// ProcessRunner for unit tests: records every spawn and signal; the test decides what each
// child prints and when it exits. Nothing is ever executed.

#include <cerrno>
#include <set>
#include <string>
#include <vector>

#include "xml/base/process_runner.h"

namespace keel {

class FakeProcessRunner : public ProcessRunner {
 public:
  struct Child {
    SpawnRequest request;
    ChildHandlers handlers;
    std::vector<int> signals;  // as sent to the group, in order
    bool exited = false;
  };

  std::expected<ChildId, SpawnError> Spawn(const SpawnRequest& request,
                                           ChildHandlers handlers) override;
  void SignalGroup(ChildId id, int sig) override;
  bool CanExecute(const std::string& path) const override { return !missing_paths.contains(path); }

  // Paths whose spawn fails with ENOENT, as a missing agent's would.
  std::set<std::string> missing_paths;

  // Test controls. Ids are 1-based in spawn order.
  void Stdout(ChildId id, std::string_view text) { children_.at(id - 1).handlers.on_stdout(text); }
  void Stderr(ChildId id, std::string_view text) { children_.at(id - 1).handlers.on_stderr(text); }
  void Exit(ChildId id, int exit_code);
  void KilledBy(ChildId id, int sig);

  const Child& child(ChildId id) const { return children_.at(id - 1); }
  size_t spawn_count() const { return children_.size(); }
  // Ids of children that have not exited.
  std::vector<ChildId> Running() const;
  // The most recent child, 0 when none.
  ChildId last() const { return children_.size(); }

 private:
  void Finish(ChildId id, ChildExit exit);
  std::vector<Child> children_;
};

}  // namespace keel
