#include "crmd/cib/cib_file.h"

#include "crmd/cib/cib_document.h"

namespace keel {

std::expected<std::unique_ptr<CibFile>, Error> CibFile::Open(const std::string& dir) {
  auto files = PosixFileStore::Open(dir);
  if (!files) return std::unexpected(files.error());
  return std::unique_ptr<CibFile>(new CibFile(std::move(*files)));
}

std::expected<LoadedCib, Error> CibFile::Load() const {
  auto stored = store_.Load();
  if (stored) {
    auto checked = ParseCibDocument(SerializeXml(stored->cib), files_->Location() + "/" + stored->file);
    if (!checked) return std::unexpected(checked.error());
    return LoadedCib{std::move(*checked), files_->Location() + "/" + stored->file, stored->skipped,
                     leftovers_};
  }
  if (stored.error().code != ErrorCode::kNotFound) return std::unexpected(stored.error());
  auto seed = files_->Read("cib.xml");
  if (!seed) {
    if (seed.error().code == ErrorCode::kNotFound) return LoadedCib{{}, {}, {}, leftovers_};
    return std::unexpected(seed.error());
  }
  std::string path = files_->Location() + "/cib.xml";
  auto cib = ParseCibDocument(*seed, path);
  if (!cib) return std::unexpected(cib.error());
  return LoadedCib{std::move(*cib), path, {}, leftovers_};
}

std::expected<StagedCib, Error> CibFile::Stage(const XmlNode& cib) { return store_.Stage(cib); }

std::expected<size_t, Error> CibFile::Commit(StagedCib staged) {
  auto saved = store_.Commit(std::move(staged));
  if (!saved) return std::unexpected(saved.error());
  return saved->bytes;
}

}  // namespace keel
