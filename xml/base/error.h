#pragma once
// Errors as values: what went wrong, in words for the user, and where to fix it.

#include <string>
#include <vector>

namespace keel {

enum class ErrorCode {
  kParse,         // not well-formed input (XML, crm syntax, JSON, ...)
  kInvalid,       // well-formed but wrong: bad value, unknown reference, duplicate id
  kNotSupported,  // a valid Pacemaker feature that Keel does not implement
  kNotFound,      // no such file, resource, node, ...
  kConflict,      // version mismatch, patch on the wrong base
  kIo,            // the operating system said no
  kRefused,       // access denied, daemon not running, ...
};

struct Error {
  ErrorCode code = ErrorCode::kInvalid;
  std::string message;
  std::string where;  // "file:line", "file:line (id)" or an element id; empty when unknown

  // "where: message", or just the message when there is no place to name.
  std::string ToString() const { return where.empty() ? message : where + ": " + message; }
};

using Errors = std::vector<Error>;

// All messages, one per line.
std::string JoinErrors(const Errors& errors);

}  // namespace keel
