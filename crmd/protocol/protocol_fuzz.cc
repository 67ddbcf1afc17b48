// libFuzzer target for the bus and IPC decoders (doc/fuzzing.md). Every input is read as
//   1. a bus payload: framing, version, then each typed message's FromBus; whatever decodes
//      must survive encode -> decode unchanged;
//   2. an IPC request and an IPC response buffer (crmd/ipc/ipc_codec.h), re-encoded when valid;
//   3. the body of each IPC command, whose typed form must survive Body -> FromBody.
// A failed check aborts, so the input is kept as a crash artifact.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "crmd/ipc/ipc_codec.h"
#include "crmd/protocol/batch_message.h"
#include "crmd/protocol/bus_messages.h"
#include "crmd/protocol/ipc_messages.h"
#include "crmd/protocol/message_registry.h"

namespace keel {
namespace {

void Check(bool condition) {
  if (!condition) std::abort();
}

template <typename M>
void TryTyped(const BusMessage& m) {
  auto typed = M::FromBus(m);
  if (!typed) {
    Check(!typed.error().message.empty());
    return;
  }
  auto again = Decode<M>(Encode(*typed));
  Check(again.has_value() && *again == *typed);
}

void FuzzBus(std::string_view bytes) {
  auto m = DecodeBusMessage(bytes);
  if (!m) {
    Check(!m.error().message.empty());
    return;
  }
  auto again = DecodeBusMessage(EncodeBusMessage(*m));
  Check(again.has_value() && *again == *m);
  (void)MessageVersion(*m);
  TryTyped<AnnounceMessage>(*m);
  TryTyped<SyncMessage>(*m);
  TryTyped<CommitMessage>(*m);
  TryTyped<NodeStateMessage>(*m);
  TryTyped<NodeStatePatchMessage>(*m);
  TryTyped<PeerStateMessage>(*m);
  TryTyped<StatusRequestMessage>(*m);
  TryTyped<ShutdownRequestMessage>(*m);
  TryTyped<FenceHistoryMessage>(*m);
  TryTyped<ActionMessage>(*m);
  TryTyped<ResultMessage>(*m);
  TryTyped<CleanupMessage>(*m);
  TryTyped<CleanupDoneMessage>(*m);
  TryTyped<FenceRequestMessage>(*m);
  TryTyped<FenceRunMessage>(*m);
  TryTyped<FenceRunResultMessage>(*m);
  TryTyped<FenceOutcomeMessage>(*m);
  TryTyped<BatchMessage>(*m);
  if (auto batch = BatchMessage::FromBus(*m)) {
    for (const std::string& item : batch->payloads) Check(PayloadType(item) != BatchMessage::kType);
  }
}

void FuzzRegistry(std::string_view bytes) {
  MessageRegistry registry([](NodeId) { return std::string("n1"); }, nullptr);
  registry.On<ActionMessage>([](NodeId, const ActionMessage&) {});
  registry.On<AnnounceMessage>([](NodeId, const AnnounceMessage&) {});
  registry.On<BatchMessage>([&registry](NodeId from, const BatchMessage& batch) {
    for (const std::string& item : batch.payloads) (void)registry.Dispatch(from, item);
  });
  (void)registry.Dispatch(1, bytes);
}

template <typename M>
void TryBody(std::string_view body) {
  M m = M::FromBody(body);
  Check(M::FromBody(m.Body()) == m);
}

void FuzzIpc(std::string_view bytes) {
  if (auto request = DecodeIpcRequest(bytes)) {
    auto encoded = EncodeIpcRequest(*request);
    Check(encoded.has_value());
    auto again = DecodeIpcRequest(*encoded);
    Check(again.has_value() && again->command == request->command && again->body == request->body);
  }
  if (auto response = DecodeIpcResponse(bytes)) {
    auto again = DecodeIpcResponse(EncodeIpcResponse(*response));
    Check(again.has_value() && again->ok == response->ok && again->body == response->body);
  }
  TryBody<IpcCommit>(bytes);
  TryBody<IpcCleanup>(bytes);
  TryBody<IpcShutdown>(bytes);
  TryBody<IpcFence>(bytes);
}

}  // namespace
}  // namespace keel

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  keel::FuzzBus(bytes);
  keel::FuzzRegistry(bytes);
  keel::FuzzIpc(bytes);
  return 0;
}
