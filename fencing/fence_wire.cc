#include "fencing/fence_wire.h"

#include <charconv>
#include <string>

namespace keel {
namespace {

constexpr std::string_view kHows[] = {"exited", "signaled", "timed-out", "not-started"};

template <typename T>
std::expected<T, Error> Number(const XmlNode& node, std::string_view name) {
  const auto text = node.Attr(name);
  T value{};
  if (!text) {
    return std::unexpected(Error{ErrorCode::kInvalid,
                                 "<" + node.name + "> needs " + std::string(name),
                                 Where("message", node.line)});
  }
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc() || end != text->data() + text->size()) {
    return std::unexpected(Error{
        ErrorCode::kInvalid, std::string(name) + "='" + std::string(*text) + "' is not a number",
        Where("message", node.line)});
  }
  return value;
}

}  // namespace

XmlNode FenceRunToXml(const RunAgentEffect& run) {
  XmlNode node;
  node.name = "fence-run";
  node.SetAttr("run-id", std::to_string(run.run_id));
  node.SetAttr("op-id", run.op_id);
  node.SetAttr("node", run.node);
  node.SetAttr("device", run.device);
  node.SetAttr("agent", run.agent);
  node.SetAttr("action", FenceActionName(run.action));
  node.SetAttr("timeout", std::to_string(run.timeout_ms));
  node.SetAttr("input", run.stdin_text);
  return node;
}

std::expected<RunAgentEffect, Error> FenceRunFromXml(const XmlNode& node) {
  if (node.name != "fence-run") {
    return std::unexpected(Error{ErrorCode::kInvalid,
                                 "expected <fence-run>, found <" + node.name + ">",
                                 Where("message", node.line)});
  }
  RunAgentEffect run;
  auto id = Number<uint64_t>(node, "run-id");
  if (!id) return std::unexpected(id.error());
  auto timeout = Number<int64_t>(node, "timeout");
  if (!timeout) return std::unexpected(timeout.error());
  auto action = ParseFenceAction(node.AttrOr("action"));
  if (!action) {
    return std::unexpected(Error{ErrorCode::kInvalid,
                                 "bad action '" + node.AttrOr("action") + "' in <fence-run>",
                                 Where("message", node.line)});
  }
  run.run_id = *id;
  run.timeout_ms = *timeout;
  run.action = *action;
  run.op_id = node.AttrOr("op-id");
  run.node = node.AttrOr("node");
  run.device = node.AttrOr("device");
  run.agent = node.AttrOr("agent");
  run.stdin_text = node.AttrOr("input");
  return run;
}

XmlNode FenceRunResultToXml(const FenceRunResult& result) {
  XmlNode node;
  node.name = "fence-run-result";
  node.SetAttr("run-id", std::to_string(result.run_id));
  node.SetAttr("how", kHows[static_cast<int>(result.exit.how)]);
  node.SetAttr("exit-code", std::to_string(result.exit.exit_code));
  node.SetAttr("signal", std::to_string(result.exit.signal));
  if (result.exit.truncated) node.SetAttr("truncated", "true");
  if (!result.exit.start_error.empty()) node.SetAttr("start-error", result.exit.start_error);
  node.SetAttr("out", result.exit.out);
  node.SetAttr("err", result.exit.err);
  return node;
}

std::expected<FenceRunResult, Error> FenceRunResultFromXml(const XmlNode& node) {
  if (node.name != "fence-run-result") {
    return std::unexpected(Error{ErrorCode::kInvalid,
                                 "expected <fence-run-result>, found <" + node.name + ">",
                                 Where("message", node.line)});
  }
  FenceRunResult result;
  auto id = Number<uint64_t>(node, "run-id");
  if (!id) return std::unexpected(id.error());
  auto code = Number<int>(node, "exit-code");
  if (!code) return std::unexpected(code.error());
  auto signal = Number<int>(node, "signal");
  if (!signal) return std::unexpected(signal.error());
  const std::string how = node.AttrOr("how");
  bool known = false;
  for (size_t i = 0; i < std::size(kHows); ++i) {
    if (kHows[i] == how) {
      result.exit.how = static_cast<AgentExit::How>(i);
      known = true;
    }
  }
  if (!known) {
    return std::unexpected(Error{ErrorCode::kInvalid, "bad how '" + how + "' in <fence-run-result>",
                                 Where("message", node.line)});
  }
  result.run_id = *id;
  result.exit.exit_code = *code;
  result.exit.signal = *signal;
  result.exit.truncated = node.AttrOr("truncated") == "true";
  result.exit.start_error = node.AttrOr("start-error");
  result.exit.out = node.AttrOr("out");
  result.exit.err = node.AttrOr("err");
  return result;
}

}  // namespace keel
