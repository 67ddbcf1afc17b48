#pragma once
// One struct per crm -> crmd IPC request: the command word and the body's encoding. The
// framing (libqb header, "KEEL1 COMMAND\n") is crmd/ipc/ipc_codec.h; this is what goes inside.
// Pure. Replies are IpcResponse (ipc_codec.h) on every command: the answer's text, or an error.
//
//   command  body                           answer
//   query    "" or "lz4"                    the CIB (as one LZ4 frame: crmd/ipc/ipc_lz4.h)
//   status   ""                             the status report
//   commit   "base=A.E.N\n" + CIB XML        the new CIB version ("base=\n": no base)
//   cleanup  "RSC" or "RSC\nNODE"           "cleaned up RSC on n1, n2"
//   fence    "TARGET" or "TARGET\nACTION"    the fencing operation id
//   shutdown "" (this node) or "all"         "clean shutdown requested on n1, n2"

#include <optional>
#include <string>
#include <string_view>

namespace keel {

struct IpcQuery {
  static constexpr std::string_view kCommand = "query";
  static constexpr std::string_view kLz4 = "lz4";
  friend bool operator==(const IpcQuery&, const IpcQuery&) = default;
  std::string encoding;  // "": the XML text; kLz4: compressed; crmd refuses any other
  std::string Body() const { return encoding; }
  static IpcQuery FromBody(std::string_view body) { return IpcQuery{std::string(body)}; }
};

struct IpcStatus {
  static constexpr std::string_view kCommand = "status";
  friend bool operator==(const IpcStatus&, const IpcStatus&) = default;
  std::string Body() const { return ""; }
  static IpcStatus FromBody(std::string_view) { return {}; }
};

struct IpcCommit {
  static constexpr std::string_view kCommand = "commit";
  friend bool operator==(const IpcCommit&, const IpcCommit&) = default;
  // The version the client's CIB was based on, as text ("" for none); nullopt when the body
  // has no base line at all.
  std::optional<std::string> base;
  std::string cib_xml;
  std::string Body() const;
  static IpcCommit FromBody(std::string_view body);
};

struct IpcCleanup {
  static constexpr std::string_view kCommand = "cleanup";
  friend bool operator==(const IpcCleanup&, const IpcCleanup&) = default;
  std::string rsc;
  std::string node;  // "" for every online member
  std::string Body() const;
  static IpcCleanup FromBody(std::string_view body);
};

// `crm cluster stop [--all]`: a clean shutdown of this node's crmd, or of every member's.
struct IpcShutdown {
  static constexpr std::string_view kCommand = "shutdown";
  friend bool operator==(const IpcShutdown&, const IpcShutdown&) = default;
  bool all = false;
  std::string Body() const { return all ? "all" : ""; }
  static IpcShutdown FromBody(std::string_view body) { return IpcShutdown{body == "all"}; }
};

struct IpcFence {
  static constexpr std::string_view kCommand = "fence";
  friend bool operator==(const IpcFence&, const IpcFence&) = default;
  std::string target;
  std::string action;  // "" for the configured default; checked by the daemon
  std::string Body() const;
  static IpcFence FromBody(std::string_view body);
};

}  // namespace keel
