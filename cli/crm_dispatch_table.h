#pragma once
// The words `crm WORD ...` dispatches on (crm_main.cc), kept in the library so that tests can
// hold the help and its generated docs to them.

#include <ostream>
#include <span>

#include "cli/command.h"

namespace keel {

struct CrmDispatchEntry {
  const char* word;
  int (*run)(const CommandArgs&, std::ostream&, std::ostream&);
  bool takes_force;  // gets a leading --force when crm --force was given
};

std::span<const CrmDispatchEntry> CrmDispatchTable();

}  // namespace keel
