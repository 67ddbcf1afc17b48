#include "crmd/executor/testing/fake_process_runner.h"

#include <stdexcept>

namespace keel {

std::expected<ProcessRunner::ChildId, SpawnError> FakeProcessRunner::Spawn(
    const SpawnRequest& request, ChildHandlers handlers) {
  if (missing_paths.contains(request.path)) {
    return std::unexpected(SpawnError{ENOENT, request.path + ": No such file or directory"});
  }
  children_.push_back(Child{request, std::move(handlers), {}, false});
  return children_.size();
}

void FakeProcessRunner::SignalGroup(ChildId id, int sig) {
  Child& c = children_.at(id - 1);
  if (!c.exited) c.signals.push_back(sig);
}

void FakeProcessRunner::Finish(ChildId id, ChildExit exit) {
  Child& c = children_.at(id - 1);
  if (c.exited) throw std::logic_error("fake child exited twice");
  c.exited = true;
  ChildHandlers handlers = c.handlers;  // on_exit may spawn and grow children_
  handlers.on_exit(exit);
}

void FakeProcessRunner::Exit(ChildId id, int exit_code) { Finish(id, ChildExit{exit_code, 0}); }
void FakeProcessRunner::KilledBy(ChildId id, int sig) { Finish(id, ChildExit{-1, sig}); }

std::vector<ProcessRunner::ChildId> FakeProcessRunner::Running() const {
  std::vector<ChildId> ids;
  for (size_t i = 0; i < children_.size(); ++i) {
    if (!children_[i].exited) ids.push_back(i + 1);
  }
  return ids;
}

}  // namespace keel
