#include "xml/cib_store.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>

namespace keel {
namespace {

XmlNode Cib(int epoch) {
  XmlNode cib{
      "cib", {{"admin_epoch", "0"}, {"epoch", std::to_string(epoch)}, {"num_updates", "0"}}, {}, 0};
  cib.AddChild("configuration").AddChild("resources").AddChild("primitive").SetAttr("id", "vip");
  cib.AddChild("status");
  return cib;
}

// ---- SHA-256 and sealing -------------------------------------------------------------------

TEST(SealTest, RoundTripsAndRefusesEveryTruncationAndFlip) {
  std::string text = SerializeXml(Cib(3));
  std::string sealed = SealCibText(text);
  EXPECT_EQ(UnsealCibText(sealed, "f").value(), text);
  EXPECT_TRUE(sealed.ends_with(" length=" + std::to_string(text.size()) + " -->\n"));
  for (std::size_t cut = 0; cut < sealed.size(); ++cut) {
    EXPECT_FALSE(UnsealCibText(sealed.substr(0, cut), "f").has_value()) << cut;
  }
  for (std::size_t i = 0; i < sealed.size(); ++i) {
    std::string flipped = sealed;
    flipped[i] ^= 0x01;
    EXPECT_FALSE(UnsealCibText(flipped, "f").has_value()) << i;
  }
  std::string body_flip = sealed;
  body_flip[5] ^= 0x20;
  EXPECT_EQ(UnsealCibText(body_flip, "f").error().ToString(), "f: digest mismatch");
  EXPECT_EQ(UnsealCibText(sealed.substr(0, 40), "f").error().ToString(),
            "f: truncated (no digest trailer)");
}

TEST(CibStoreNamesTest, OnlyCanonicalNamesAreVersions) {
  EXPECT_EQ(CibStore::FileName(12), "cib-00000012.xml");
  EXPECT_EQ(CibStore::FileName(123456789), "cib-123456789.xml");
  EXPECT_EQ(CibStore::SequenceOf("cib-00000012.xml"), 12u);
  EXPECT_EQ(CibStore::SequenceOf("cib-123456789.xml"), 123456789u);
  for (std::string_view other : {"cib-12.xml", "cib.xml", "cib.xml.tmp", "cib-0000001a.xml",
                                 "cib--0000001.xml", "cib-00000012.xml.bak", "notes.txt"}) {
    EXPECT_FALSE(CibStore::SequenceOf(other).has_value()) << other;
  }
}

// ---- A fault-injecting in-memory FileStore -------------------------------------------------

// The directory as the process sees it (`files`) and as the disk holds it after the last
// directory sync (`synced`). Call number `crash_at` of the mutating calls is a crash: a write is
// torn (half the data), nothing else happens, and every later call fails until Reboot(). Call
// number `fail_at` fails alone (EIO, disk full; a write writes half), later calls work.
class FakeFileStore : public FileStore {
 public:
  std::map<std::string, std::string, std::less<>> files;
  std::map<std::string, std::string, std::less<>> synced;
  std::set<std::string, std::less<>> unsynced_data;  // files written since their last fsync
  int crash_at = -1;
  int fail_at = -1;
  int calls = 0;
  bool down = false;
  std::map<std::string, size_t, std::less<>> first_append;  // each file's first write

  // After a crash the directory comes back as synced (entries since the last sync lost) or as
  // the process last saw it; data that was not fsynced comes back torn.
  void Reboot(bool lose_unsynced_entries) {
    if (lose_unsynced_entries) files = synced;
    for (const std::string& name : unsynced_data) {
      if (auto it = files.find(name); it != files.end()) it->second.resize(it->second.size() / 2);
    }
    unsynced_data.clear();
    down = false;
    crash_at = -1;
  }

  std::expected<std::vector<std::string>, Error> List() const override {
    if (down) return Crashed();
    std::vector<std::string> names;
    for (const auto& [name, data] : files) names.push_back(name);
    return names;
  }
  std::expected<std::string, Error> Read(std::string_view name) const override {
    if (down) return Crashed();
    auto it = files.find(name);
    if (it == files.end()) return std::unexpected(Error{ErrorCode::kNotFound, "no file", ""});
    return it->second;
  }
  std::expected<std::unique_ptr<WritableFile>, Error> Create(std::string_view name) override {
    if (std::optional<Error> fault = Fault()) return std::unexpected(*fault);
    files[std::string(name)].clear();
    unsynced_data.insert(std::string(name));
    return std::make_unique<File>(*this, std::string(name));
  }
  std::expected<void, Error> Rename(std::string_view from, std::string_view to) override {
    if (std::optional<Error> fault = Fault()) return std::unexpected(*fault);
    auto it = files.find(from);
    if (it == files.end()) return std::unexpected(Error{ErrorCode::kNotFound, "no file", ""});
    std::string data = std::move(it->second);
    files.erase(it);
    files[std::string(to)] = std::move(data);
    if (unsynced_data.erase(std::string(from))) unsynced_data.insert(std::string(to));
    return {};
  }
  std::expected<void, Error> Remove(std::string_view name) override {
    if (std::optional<Error> fault = Fault()) return std::unexpected(*fault);
    unsynced_data.erase(std::string(name));
    return files.erase(std::string(name))
               ? std::expected<void, Error>()
               : std::unexpected(Error{ErrorCode::kNotFound, "no file", ""});
  }
  std::expected<void, Error> SyncDirectory() override {
    if (std::optional<Error> fault = Fault()) return std::unexpected(*fault);
    synced = files;
    return {};
  }
  std::string Location() const override { return "/fake"; }

 private:
  class File : public WritableFile {
   public:
    File(FakeFileStore& store, std::string name) : store_(store), name_(std::move(name)) {}
    std::expected<void, Error> Append(std::string_view data) override {
      store_.first_append.try_emplace(name_, data.size());
      std::optional<Error> fault = store_.Fault();
      if (fault) data = data.substr(0, data.size() / 2);
      store_.files[name_].append(data);
      store_.unsynced_data.insert(name_);
      if (fault) return std::unexpected(*fault);
      return {};
    }
    std::expected<void, Error> Sync() override {
      if (std::optional<Error> fault = store_.Fault()) return std::unexpected(*fault);
      store_.unsynced_data.erase(name_);
      return {};
    }

   private:
    FakeFileStore& store_;
    std::string name_;
  };

  std::optional<Error> Fault() {
    int call = calls++;
    if (down || call == crash_at) {
      down = true;
      return Crashed().error();
    }
    if (call == fail_at) return Error{ErrorCode::kIo, "simulated I/O error", "/fake"};
    return std::nullopt;
  }
  static std::unexpected<Error> Crashed() {
    return std::unexpected(Error{ErrorCode::kIo, "simulated crash", "/fake"});
  }
};

bool HasTempFile(const FakeFileStore& fs) {
  for (const auto& [name, data] : fs.files) {
    if (name.starts_with(CibStore::kTempPrefix)) return true;
  }
  return false;
}

TEST(CibStoreTest, SavesNumberedVersionsAndLoadsTheNewest) {
  FakeFileStore fs;
  CibStore store(fs);
  EXPECT_EQ(store.Load().error().code, ErrorCode::kNotFound);
  for (int epoch = 1; epoch <= 3; ++epoch) {
    SavedCib saved = store.Save(Cib(epoch)).value();
    EXPECT_EQ(saved.sequence, static_cast<uint64_t>(epoch));
    EXPECT_TRUE(saved.warnings.empty());
  }
  EXPECT_EQ(fs.files.size(), 3u);
  EXPECT_FALSE(HasTempFile(fs));
  StoredCib loaded = store.Load().value();
  EXPECT_EQ(loaded.cib, Cib(3));
  EXPECT_EQ(loaded.file, "cib-00000003.xml");
  EXPECT_TRUE(loaded.skipped.empty());
}

TEST(CibStoreTest, KeepsTheLastNVersions) {
  FakeFileStore fs;
  CibStore store(fs, CibStoreOptions{.keep = 4});
  for (int epoch = 1; epoch <= 9; ++epoch) ASSERT_TRUE(store.Save(Cib(epoch)).has_value());
  std::vector<std::string> names;
  for (const auto& [name, data] : fs.files) names.push_back(name);
  EXPECT_EQ(names, (std::vector<std::string>{"cib-00000006.xml", "cib-00000007.xml",
                                             "cib-00000008.xml", "cib-00000009.xml"}));
  EXPECT_EQ(fs.synced, fs.files);                      // removals were made durable too
  CibStore keep_zero(fs, CibStoreOptions{.keep = 0});  // counts as 1
  ASSERT_TRUE(keep_zero.Save(Cib(10)).has_value());
  EXPECT_EQ(fs.files.size(), 1u);
}

TEST(CibStoreTest, SkipsDamagedNewerFilesAndSaysWhy) {
  FakeFileStore fs;
  CibStore store(fs);
  for (int epoch = 1; epoch <= 4; ++epoch) ASSERT_TRUE(store.Save(Cib(epoch)).has_value());
  fs.files["cib-00000004.xml"][10] ^= 0x04;                                      // bit rot
  fs.files["cib-00000003.xml"].resize(fs.files["cib-00000003.xml"].size() / 3);  // truncated
  fs.files["cib-00000002.xml"] = SealCibText("<cib epoch=\"2\">\n  <status>\n</cib>\n");
  fs.files["notes.txt"] = "not a version";
  StoredCib loaded = store.Load().value();
  EXPECT_EQ(loaded.cib, Cib(1));
  ASSERT_EQ(loaded.skipped.size(), 3u);
  EXPECT_EQ(loaded.skipped[0].ToString(), "/fake/cib-00000004.xml: digest mismatch");
  EXPECT_EQ(loaded.skipped[1].ToString(), "/fake/cib-00000003.xml: truncated (no digest trailer)");
  EXPECT_TRUE(
      loaded.skipped[2].ToString().starts_with("/fake/cib-00000002.xml:2: not well-formed XML"))
      << loaded.skipped[2].ToString();
}

TEST(CibStoreTest, RefusesWhenNoVersionIsIntact) {
  FakeFileStore fs;
  CibStore store(fs);
  ASSERT_TRUE(store.Save(Cib(1)).has_value());
  ASSERT_TRUE(store.Save(Cib(2)).has_value());
  fs.files["cib-00000001.xml"] = "";
  fs.files["cib-00000002.xml"].back() = 'x';
  std::expected<StoredCib, Error> loaded = store.Load();
  ASSERT_FALSE(loaded.has_value());
  EXPECT_EQ(loaded.error().ToString(),
            "/fake: no intact CIB among 2 saved versions; /fake/cib-00000002.xml: truncated (no "
            "digest trailer); /fake/cib-00000001.xml: truncated (no digest trailer)");
}

// Staged through the file as it is serialized (a large CIB), or held in memory and written by
// Commit in one piece (a small one, the default for these small test CIBs).
CibStoreOptions Options(bool streamed, std::size_t keep = 10) {
  return CibStoreOptions{.keep = keep, .stage_in_memory_bytes = streamed ? 0 : 1u << 20};
}

TEST(CibStoreTest, ACrashAtAnyStepLeavesTheOldOrTheNewVersionIntact) {
  for (bool streamed : {true, false}) {
    // Count the file-system calls one save makes when it also prunes, then crash at each.
    int calls_per_save = 0;
    {
      FakeFileStore fs;
      CibStore store(fs, Options(streamed, 2));
      for (int epoch = 1; epoch <= 3; ++epoch) ASSERT_TRUE(store.Save(Cib(epoch)).has_value());
      int before = fs.calls;
      ASSERT_TRUE(store.Save(Cib(4)).has_value());
      calls_per_save = fs.calls - before;
    }
    // create tmp, write the text, write the trailer (streamed only: in memory the text and its
    // trailer are one write), fsync, rename, sync, remove oldest, sync
    ASSERT_EQ(calls_per_save, streamed ? 8 : 7);
    const int rename = streamed ? 4 : 3;
    for (int crash = 0; crash < calls_per_save; ++crash) {
      for (bool lose_unsynced : {false, true}) {
        FakeFileStore fs;
        CibStore store(fs, Options(streamed, 2));
        for (int epoch = 1; epoch <= 3; ++epoch) ASSERT_TRUE(store.Save(Cib(epoch)).has_value());
        fs.crash_at = fs.calls + crash;
        std::expected<SavedCib, Error> saved = store.Save(Cib(4));
        // A crash after the new name is durable may still report success (only pruning failed).
        EXPECT_EQ(saved.has_value(), crash >= rename + 2) << crash << streamed;
        fs.Reboot(lose_unsynced);

        // The new version counts once renamed, unless the crash lost the unsynced rename.
        bool new_visible = crash >= rename + 2 || (crash == rename + 1 && !lose_unsynced);
        StoredCib loaded = store.Load().value();
        EXPECT_EQ(loaded.cib, new_visible ? Cib(4) : Cib(3)) << crash << lose_unsynced;
        EXPECT_TRUE(loaded.skipped.empty()) << crash;
        // The store goes on working after the restart, which removes a torn temp file.
        CibStore restarted(fs, Options(streamed, 2));
        ASSERT_TRUE(restarted.RemoveTempFiles().empty()) << crash;
        ASSERT_TRUE(restarted.Save(Cib(5)).has_value()) << crash;
        EXPECT_EQ(restarted.Load().value().cib, Cib(5)) << crash;
        EXPECT_EQ(fs.files.size(), 2u) << crash;
      }
    }
  }
}

TEST(CibStoreTest, AFailedStepReportsLeavesThePreviousVersionAndNoHalfFile) {
  for (bool streamed : {true, false}) {
    // create tmp, write the text, write the trailer (streamed only), fsync, rename
    const int steps = streamed ? 5 : 4;
    for (int fail = 0; fail < steps; ++fail) {
      FakeFileStore fs;
      CibStore store(fs, Options(streamed));
      ASSERT_TRUE(store.Save(Cib(1)).has_value());
      auto before = fs.files;
      fs.fail_at = fs.calls + fail;
      std::expected<SavedCib, Error> saved = store.Save(Cib(2));
      ASSERT_FALSE(saved.has_value()) << fail;
      EXPECT_EQ(saved.error().ToString(), "/fake: simulated I/O error");
      EXPECT_EQ(fs.files, before) << fail;  // the temp file is gone, no new version
      EXPECT_EQ(store.Load().value().cib, Cib(1));
      ASSERT_TRUE(store.Save(Cib(3)).has_value()) << fail;
      EXPECT_EQ(store.Load().value().cib, Cib(3));
    }
    // The directory sync after the rename fails: the new version is complete under its name.
    FakeFileStore fs;
    CibStore store(fs, Options(streamed));
    ASSERT_TRUE(store.Save(Cib(1)).has_value());
    fs.fail_at = fs.calls + steps;
    EXPECT_FALSE(store.Save(Cib(2)).has_value());
    EXPECT_EQ(store.Load().value().cib, Cib(2));
    EXPECT_FALSE(HasTempFile(fs));
  }
}

std::vector<XmlNode> Trees() {
  std::vector<XmlNode> trees = {Cib(1)};
  XmlNode escaped = Cib(2);
  escaped.AddChild("status").AddChild("node_state").SetAttr("reason", "a&b<c>\"d\"\n\te\r 'f' é");
  trees.push_back(escaped);
  XmlNode large = Cib(3);  // several pieces, one value longer than a piece
  XmlNode& lrm = large.AddChild("status").AddChild("node_state").AddChild("lrm");
  for (int i = 0; i < 3000; ++i) {
    lrm.AddChild("lrm_resource").SetAttr("id", "rsc-" + std::to_string(i) + "&<>");
  }
  lrm.AddChild("big").SetAttr("v", std::string(3 * CibStore::kStagePieceBytes / 2, '"'));
  trees.push_back(large);
  return trees;
}

TEST(CibStoreTest, StagesExactlyTheSealedTextAndCommitsIt) {
  for (const XmlNode& tree : Trees()) {
    FakeFileStore fs;
    CibStore store(fs, Options(true));
    const std::string expected = SealCibText(SerializeXml(tree, true));
    StagedCib staged = store.Stage(tree).value();
    EXPECT_EQ(fs.files.at(staged.file()), expected);
    EXPECT_EQ(staged.bytes(), expected.size());
    EXPECT_EQ(staged.digest(), Sha256Hex(UnsealCibText(expected, "f").value()));
    EXPECT_TRUE(fs.unsynced_data.contains(staged.file()));  // no fsync on the staging side
    SavedCib saved = store.Commit(std::move(staged)).value();
    EXPECT_EQ(fs.files.at(saved.file), expected);
    EXPECT_EQ(saved.bytes, expected.size());
    EXPECT_TRUE(fs.unsynced_data.empty());
    EXPECT_EQ(store.Load().value().cib, tree);
  }
}

TEST(CibStoreTest, AStagedFileReplacedOrAbandonedIsRemoved) {
  FakeFileStore fs;
  CibStore store(fs, Options(true));
  {
    StagedCib first = store.Stage(Cib(1)).value();
    StagedCib second = store.Stage(Cib(2)).value();
    EXPECT_NE(first.file(), second.file());
    EXPECT_EQ(fs.files.size(), 2u);
    first = std::move(second);  // the newest replaces the one waiting
    EXPECT_EQ(fs.files.size(), 1u);
    EXPECT_EQ(store.Commit(std::move(first)).value().sequence, 1u);
    StagedCib abandoned = store.Stage(Cib(3)).value();
    EXPECT_EQ(fs.files.size(), 2u);
  }
  EXPECT_EQ(fs.files.size(), 1u);
  EXPECT_EQ(store.Load().value().cib, Cib(2));
  // Staged while a commit runs (the loop and the writer thread): both become versions in turn.
  StagedCib a = store.Stage(Cib(4)).value();
  StagedCib b = store.Stage(Cib(5)).value();
  EXPECT_EQ(store.Commit(std::move(a)).value().sequence, 2u);
  EXPECT_EQ(store.Commit(std::move(b)).value().sequence, 3u);
  EXPECT_EQ(store.Load().value().cib, Cib(5));
  EXPECT_FALSE(HasTempFile(fs));
}

TEST(CibStoreTest, ASmallCibIsStagedInMemoryAndALargeOneInItsFile) {
  std::vector<XmlNode> trees = Trees();
  const XmlNode& small = trees.front();
  const XmlNode& large = trees.back();  // over 100 KB of text
  const std::string small_text = SealCibText(SerializeXml(small, true));
  const std::string large_text = SealCibText(SerializeXml(large, true));
  ASSERT_GT(large_text.size(), 100'000u);
  FakeFileStore fs;
  CibStore store(fs, CibStoreOptions{.stage_in_memory_bytes = 100'000});
  {
    StagedCib held = store.Stage(small).value();  // the staging side touches no file
    EXPECT_TRUE(held.in_memory());
    EXPECT_EQ(fs.calls, 0);
    EXPECT_EQ(held.bytes(), small_text.size());
    StagedCib abandoned = store.Stage(small).value();
  }
  EXPECT_TRUE(fs.files.empty());  // nothing was written, nothing is left
  StagedCib held = store.Stage(small).value();
  SavedCib saved = store.Commit(std::move(held)).value();
  EXPECT_EQ(fs.files.at(saved.file), small_text);
  EXPECT_TRUE(fs.unsynced_data.empty());

  StagedCib streamed = store.Stage(large).value();
  EXPECT_FALSE(streamed.in_memory());
  EXPECT_EQ(fs.files.at(streamed.file()), large_text);
  saved = store.Commit(std::move(streamed)).value();
  EXPECT_EQ(fs.files.at(saved.file), large_text);
  EXPECT_EQ(store.Load().value().cib, large);
  EXPECT_FALSE(HasTempFile(fs));
}

TEST(CibStoreTest, OnceATextOutgrewTheMemoryLimitTheNextStreamFromTheFirstPiece) {
  XmlNode large;
  large.name = "cib";
  for (int i = 0; i < 6'000; ++i) {
    XmlNode& pair = large.children.emplace_back();
    pair.name = "nvpair";
    pair.SetAttr("id", "pair-" + std::to_string(i));
    pair.SetAttr("value", std::string(40, 'v'));
  }
  const std::string text = SealCibText(SerializeXml(large, true));
  ASSERT_GT(text.size(), 300'000u);
  FakeFileStore fs;
  CibStore store(fs, CibStoreOptions{.stage_in_memory_bytes = 250'000});
  StagedCib first = store.Stage(large).value();  // no earlier size: held until it outgrew
  EXPECT_GT(fs.first_append.at(first.file()), CibStore::kStagePieceBytes);
  EXPECT_EQ(fs.files.at(first.file()), text);
  StagedCib second = store.Stage(large).value();
  EXPECT_EQ(fs.first_append.at(second.file()), CibStore::kStagePieceBytes);
  EXPECT_EQ(fs.files.at(second.file()), text);
  EXPECT_EQ(store.Load().error().code, ErrorCode::kNotFound);  // nothing committed yet
  SavedCib saved = store.Commit(std::move(second)).value();
  EXPECT_EQ(store.Load().value().cib, large);
  EXPECT_EQ(fs.files.at(saved.file), text);
}

TEST(CibStoreTest, RemoveTempFilesLeavesVersionsAndOtherFiles) {
  FakeFileStore fs;
  CibStore store(fs);
  ASSERT_TRUE(store.Save(Cib(1)).has_value());
  fs.files["cib.xml.tmp"] = "<cib";  // an earlier release's temp file
  fs.files["cib.xml.tmp.7"] = "<cib epoch";
  fs.files["notes.txt"] = "kept";
  ASSERT_TRUE(store.RemoveTempFiles().empty());
  std::vector<std::string> names;
  for (const auto& [name, data] : fs.files) names.push_back(name);
  EXPECT_EQ(names, (std::vector<std::string>{"cib-00000001.xml", "notes.txt"}));
  fs.files["cib.xml.tmp.8"] = "";
  fs.files["cib.xml.tmp.9"] = "";
  fs.fail_at = fs.calls;  // the first removal fails, the next one is tried all the same
  Errors errors = store.RemoveTempFiles();
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].ToString(), "/fake: simulated I/O error");
  EXPECT_EQ(fs.files.size(), 3u);
}

// ---- A real directory ----------------------------------------------------------------------

class PosixCibStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/keel-cib-store-XXXXXX";
    ASSERT_NE(::mkdtemp(pattern), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string dir_;
};

TEST_F(PosixCibStoreTest, SavesLoadsPrunesAndSurvivesCorruption) {
  std::unique_ptr<PosixFileStore> fs = PosixFileStore::Open(dir_ + "/cib").value();
  CibStore store(*fs, CibStoreOptions{.keep = 3});
  for (int epoch = 1; epoch <= 5; ++epoch) ASSERT_TRUE(store.Save(Cib(epoch)).has_value());
  std::vector<std::string> names = fs->List().value();
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names,
            (std::vector<std::string>{"cib-00000003.xml", "cib-00000004.xml", "cib-00000005.xml"}));
  EXPECT_EQ(store.Load().value().cib, Cib(5));

  // Another tool (or the disk) damages the newest file; a crash left a torn temp file.
  std::string newest = dir_ + "/cib/cib-00000005.xml";
  std::filesystem::resize_file(newest, std::filesystem::file_size(newest) - 7);
  std::ofstream(dir_ + "/cib/cib.xml.tmp.1") << "<cib epoch=\"6\"";
  StoredCib loaded = store.Load().value();
  EXPECT_EQ(loaded.cib, Cib(4));
  ASSERT_EQ(loaded.skipped.size(), 1u);
  EXPECT_EQ(loaded.skipped[0].ToString(), newest + ": truncated (no digest trailer)");

  // A restart removes the temp file; the next save becomes the newest.
  ASSERT_TRUE(store.RemoveTempFiles().empty());
  EXPECT_FALSE(std::filesystem::exists(dir_ + "/cib/cib.xml.tmp.1"));
  EXPECT_EQ(store.Save(Cib(6)).value().file, "cib-00000006.xml");
  EXPECT_EQ(store.Load().value().cib, Cib(6));
  EXPECT_EQ(fs->List().value().size(), 3u);
}

TEST_F(PosixCibStoreTest, StagesExactlyTheSealedTextAndRemovesWhatIsAbandoned) {
  std::unique_ptr<PosixFileStore> fs = PosixFileStore::Open(dir_).value();
  CibStore store(*fs, Options(true));
  for (const XmlNode& tree : Trees()) {
    const std::string expected = SealCibText(SerializeXml(tree, true));
    StagedCib staged = store.Stage(tree).value();
    EXPECT_EQ(fs->Read(staged.file()).value(), expected);
    SavedCib saved = store.Commit(std::move(staged)).value();
    EXPECT_EQ(fs->Read(saved.file).value(), expected);
  }
  std::optional<StagedCib> abandoned = store.Stage(Cib(9)).value();
  std::string temp = dir_ + "/" + abandoned->file();
  EXPECT_TRUE(std::filesystem::exists(temp));
  abandoned.reset();
  EXPECT_FALSE(std::filesystem::exists(temp));
  EXPECT_EQ(fs->List().value().size(), Trees().size());
}

TEST_F(PosixCibStoreTest, ReportsFileSystemErrorsClearly) {
  std::ofstream(dir_ + "/plain") << "x";
  EXPECT_EQ(PosixFileStore::Open(dir_ + "/plain").error().ToString(),
            dir_ + "/plain: not a directory");
  EXPECT_EQ(PosixFileStore::Open(dir_ + "/no/such").error().code, ErrorCode::kNotFound);
  std::unique_ptr<PosixFileStore> fs = PosixFileStore::Open(dir_).value();
  EXPECT_EQ(fs->Read("missing").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(fs->Read("../etc/passwd").error().message, "not a plain file name: '../etc/passwd'");
  EXPECT_EQ(fs->Create("a/b").error().code, ErrorCode::kInvalid);
  std::unique_ptr<WritableFile> file = fs->Create("a").value();
  ASSERT_TRUE(file->Append("hel").has_value());
  ASSERT_TRUE(file->Append("lo").has_value());
  EXPECT_EQ(fs->Read("a").value(), "hello");  // written before the fsync
  ASSERT_TRUE(file->Sync().has_value());
  EXPECT_EQ(file->Append("!").error().message, "file closed");
  EXPECT_EQ(fs->Read("a").value(), "hello");
  std::filesystem::create_directory(dir_ + "/subdir");
  std::vector<std::string> names = fs->List().value();
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"a", "plain"}));  // only regular files
}

}  // namespace
}  // namespace keel

namespace keel {
namespace {

TEST(CibStoreTest, SealAppendsWithinTheSpareRoomOfTheText) {
  XmlNode cib;
  cib.name = "cib";
  cib.AddChild("status").SetAttr("x", std::string(100'000, 'v'));
  std::string text = SerializeXml(cib, true, 200);
  const char* buffer = text.data();
  std::string sealed = SealCibText(std::move(text));
  EXPECT_EQ(sealed.data(), buffer);  // the text was neither copied nor regrown
  EXPECT_TRUE(UnsealCibText(sealed, "f").has_value());
}

}  // namespace
}  // namespace keel
