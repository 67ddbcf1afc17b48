#include "xml/cib_store.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <utility>

#include "xml/xml_chunked_write.h"

namespace keel {

// ---- Sealed files --------------------------------------------------------------------------

namespace {

constexpr std::string_view kTrailerStart = "<!-- keel-digest sha256=";
constexpr std::string_view kTrailerEnd = " -->\n";
// What SealCibText appends at most: a line end, the trailer, 64 hex digits, " length=" and 20
// digits.
static_assert(1 + kTrailerStart.size() + 64 + 8 + 20 + kTrailerEnd.size() <= kCibSealBytes);

// The trailer line for a text of `length` bytes (ending in a line end) with digest `digest`.
std::string Trailer(std::string_view digest, std::size_t length) {
  std::string trailer(kTrailerStart);
  trailer += digest;
  trailer += " length=" + std::to_string(length);
  trailer += kTrailerEnd;
  return trailer;
}

Error Damaged(std::string_view file, std::string message) {
  return Error{ErrorCode::kInvalid, std::move(message), std::string(file)};
}

}  // namespace

// By value: the CIB's text (megabytes at scale) gets its trailer in place, not in a copy.
std::string SealCibText(std::string xml_text) {
  std::string out = std::move(xml_text);
  if (!out.empty() && out.back() != '\n') out += '\n';
  out += Trailer(Sha256Hex(out), out.size());
  return out;
}

std::expected<std::string_view, Error> UnsealCibText(std::string_view content,
                                                     std::string_view file) {
  std::size_t at = content.rfind(kTrailerStart);
  if (at == std::string_view::npos || !content.ends_with(kTrailerEnd)) {
    return std::unexpected(Damaged(file, "truncated (no digest trailer)"));
  }
  std::string_view fields = content.substr(at + kTrailerStart.size());
  fields.remove_suffix(kTrailerEnd.size());
  std::string_view digest = fields.substr(0, std::min<std::size_t>(64, fields.size()));
  std::string_view length_text = fields.substr(digest.size());
  uint64_t length = 0;
  bool ok = digest.size() == 64 && digest.find_first_not_of("0123456789abcdef") == digest.npos &&
            length_text.starts_with(" length=");
  if (ok) {
    length_text.remove_prefix(8);
    auto [end, ec] =
        std::from_chars(length_text.data(), length_text.data() + length_text.size(), length);
    ok =
        !length_text.empty() && ec == std::errc() && end == length_text.data() + length_text.size();
  }
  if (!ok) return std::unexpected(Damaged(file, "damaged digest trailer"));
  if (length != at) {
    return std::unexpected(Damaged(file, "truncated or damaged: " + std::to_string(at) +
                                             " bytes before the digest, the trailer says " +
                                             std::to_string(length)));
  }
  std::string_view text = content.substr(0, at);
  if (Sha256Hex(text) != digest) return std::unexpected(Damaged(file, "digest mismatch"));
  return text;
}

// ---- A staged version -------------------------------------------------------------------

StagedCib::StagedCib(StagedCib&& other) noexcept
    : files_(std::exchange(other.files_, nullptr)),
      file_(std::exchange(other.file_, {})),
      out_(std::move(other.out_)),
      text_(std::move(other.text_)),
      bytes_(other.bytes_),
      digest_(std::move(other.digest_)) {}

StagedCib& StagedCib::operator=(StagedCib&& other) noexcept {
  if (this != &other) {
    Discard();
    files_ = std::exchange(other.files_, nullptr);
    file_ = std::exchange(other.file_, {});
    out_ = std::move(other.out_);
    text_ = std::move(other.text_);
    bytes_ = other.bytes_;
    digest_ = std::move(other.digest_);
  }
  return *this;
}

StagedCib::~StagedCib() { Discard(); }

void StagedCib::Discard() {
  const bool created = out_ != nullptr;
  out_.reset();
  text_ = std::string();
  // A file that cannot be removed now is removed at the next start (RemoveTempFiles).
  if (created && files_ != nullptr && !file_.empty()) (void)files_->Remove(file_);
  file_.clear();
}

std::expected<void, Error> StagedCib::WriteOut(std::string_view data) {
  if (!out_) {
    std::expected<std::unique_ptr<WritableFile>, Error> out = files_->Create(file_);
    if (!out) return std::unexpected(out.error());
    out_ = std::move(*out);
    if (!text_.empty()) {
      std::expected<void, Error> held = out_->Append(text_);
      text_ = std::string();
      if (!held) return held;
    }
  }
  if (data.empty()) return {};
  return out_->Append(data);
}

// ---- The store -----------------------------------------------------------------------------

CibStore::CibStore(FileStore& files, CibStoreOptions options) : files_(files), options_(options) {
  options_.keep = std::max<std::size_t>(options_.keep, 1);
}

std::string CibStore::FileName(uint64_t sequence) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "cib-%08llu.xml", static_cast<unsigned long long>(sequence));
  return buf;
}

std::optional<uint64_t> CibStore::SequenceOf(std::string_view file) {
  if (!file.starts_with("cib-") || !file.ends_with(".xml")) return std::nullopt;
  std::string_view digits = file.substr(4, file.size() - 8);
  uint64_t sequence = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), sequence);
  if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size()) {
    return std::nullopt;
  }
  // Only the canonical spelling counts, so two names never share a number.
  if (FileName(sequence) != file) return std::nullopt;
  return sequence;
}

std::expected<std::vector<uint64_t>, Error> CibStore::Sequences() const {
  std::expected<std::vector<std::string>, Error> names = files_.List();
  if (!names) return std::unexpected(names.error());
  std::vector<uint64_t> sequences;
  for (const std::string& name : *names) {
    if (std::optional<uint64_t> sequence = SequenceOf(name)) sequences.push_back(*sequence);
  }
  std::sort(sequences.begin(), sequences.end());
  return sequences;
}

Errors CibStore::RemoveTempFiles() {
  std::expected<std::vector<std::string>, Error> names = files_.List();
  if (!names) return {names.error()};
  Errors errors;
  for (const std::string& name : *names) {
    if (!name.starts_with(kTempPrefix)) continue;
    if (std::expected<void, Error> removed = files_.Remove(name); !removed) {
      errors.push_back(removed.error());
    }
  }
  return errors;
}

std::expected<StagedCib, Error> CibStore::Stage(const XmlNode& cib) {
  StagedCib staged(files_, std::string(kTempPrefix) + "." + std::to_string(++staged_));
  // The text goes out as it is serialized, held in memory while it stays small; the first
  // failed write ends the writing.
  std::expected<void, Error> written;
  const bool hold_first = last_staged_bytes_ <= options_.stage_in_memory_bytes;
  auto emit = [&](std::string_view data) {
    if (!written || data.empty()) return;
    if (hold_first && staged.out_ == nullptr &&
        staged.text_.size() + data.size() <= options_.stage_in_memory_bytes) {
      staged.text_.append(data);
      return;
    }
    written = staged.WriteOut(data);
  };
  Sha256 sha;
  char last = '\n';
  auto append = [&](std::string_view piece) {
    if (!written || piece.empty()) return;
    sha.Update(piece);
    staged.bytes_ += piece.size();
    last = piece.back();
    emit(piece);
  };
  SerializeXmlChunked(cib, true, kStagePieceBytes, append);
  if (last != '\n') append("\n");  // as SealCibText
  staged.digest_ = sha.Hex();
  std::string trailer = Trailer(staged.digest_, staged.bytes_);
  emit(trailer);
  if (!written) return std::unexpected(written.error());
  staged.bytes_ += trailer.size();
  last_staged_bytes_ = staged.bytes_;
  return staged;
}

std::expected<SavedCib, Error> CibStore::Commit(StagedCib staged) {
  if (staged.file_.empty() || staged.bytes_ == 0) {
    return std::unexpected(Error{ErrorCode::kInvalid, "nothing staged", files_.Location()});
  }
  // Data first, then the name: a crash leaves either no new version or a complete one.
  std::expected<void, Error> step;
  if (staged.in_memory()) step = staged.WriteOut({});  // a small text: its file is made here
  if (step) step = staged.out_->Sync();
  if (!step) return std::unexpected(step.error());
  std::expected<std::vector<uint64_t>, Error> sequences = Sequences();
  if (!sequences) return std::unexpected(sequences.error());
  SavedCib saved;
  saved.sequence = sequences->empty() ? 1 : sequences->back() + 1;
  saved.file = FileName(saved.sequence);
  saved.bytes = staged.bytes_;
  step = files_.Rename(staged.file_, saved.file);
  if (!step) return std::unexpected(step.error());
  staged.file_.clear();  // renamed: nothing left to remove
  step = files_.SyncDirectory();
  if (!step) return std::unexpected(step.error());

  sequences->push_back(saved.sequence);
  std::size_t excess = sequences->size() > options_.keep ? sequences->size() - options_.keep : 0;
  for (std::size_t i = 0; i < excess; ++i) {
    std::expected<void, Error> removed = files_.Remove(FileName((*sequences)[i]));
    if (!removed) saved.warnings.push_back(removed.error());
  }
  if (excess > 0) {
    std::expected<void, Error> synced = files_.SyncDirectory();
    if (!synced) saved.warnings.push_back(synced.error());
  }
  return saved;
}

std::expected<SavedCib, Error> CibStore::Save(const XmlNode& cib) {
  std::expected<StagedCib, Error> staged = Stage(cib);
  if (!staged) return std::unexpected(staged.error());
  return Commit(std::move(*staged));
}

std::expected<StoredCib, Error> CibStore::Load() const {
  std::expected<std::vector<uint64_t>, Error> sequences = Sequences();
  if (!sequences) return std::unexpected(sequences.error());
  if (sequences->empty()) {
    return std::unexpected(Error{ErrorCode::kNotFound, "no saved CIB", files_.Location()});
  }
  StoredCib stored;
  for (auto it = sequences->rbegin(); it != sequences->rend(); ++it) {
    std::string name = FileName(*it);
    std::string path = files_.Location() + "/" + name;
    std::expected<std::string, Error> content = files_.Read(name);
    if (!content) {
      stored.skipped.push_back(content.error());
      continue;
    }
    std::expected<std::string_view, Error> text = UnsealCibText(*content, path);
    if (!text) {
      stored.skipped.push_back(text.error());
      continue;
    }
    std::expected<XmlNode, Error> cib = ParseXml(*text, path);
    if (!cib) {
      stored.skipped.push_back(cib.error());
      continue;
    }
    stored.cib = std::move(*cib);
    stored.file = std::move(name);
    stored.sequence = *it;
    return stored;
  }
  std::string why;
  for (const Error& e : stored.skipped) why += "; " + e.ToString();
  return std::unexpected(
      Error{ErrorCode::kInvalid,
            "no intact CIB among " + std::to_string(sequences->size()) + " saved versions" + why,
            files_.Location()});
}

}  // namespace keel
