#include "xml/cib_store.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <map>

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

TEST(Sha256Test, MatchesKnownDigests) {
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(Sha256Hex(std::string(1000000, 'a')),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  // Lengths around the padding boundaries (bytes (i*7+3) mod 256), checked with Python hashlib.
  std::map<int, std::string> expected = {
      {55, "e7313d333c272e639f790978283f9eb392e843d0f29b7016828bb1daa4aac70b"},
      {56, "4324d65f3c103567f5589c710bc08f8523f929a9272e3af36fc968e52abc6c27"},
      {63, "81c80242132f230c3bd41b3e63bbcff16107339549214a99614ff26664625055"},
      {64, "39e3d7b6b5d075d37d053ad89b24b41bef4f3c29760c84447cab3f3be1882241"},
      {65, "aacca6ff74fdbb296d165a45cecfa04e5127bc008770fbbdd48006f2d2fae95e"},
      {119, "9ce7368e4daf32341631b492e80359dc9f594b48453cd0dd5bf0b19279cc177e"},
      {120, "7836b787757e95e58b3ca5aec90b1b004e8deba1e50e9675af9cabf1a13a04b5"}};
  for (const auto& [n, digest] : expected) {
    std::string data;
    for (int i = 0; i < n; ++i) data += static_cast<char>((i * 7 + 3) % 256);
    EXPECT_EQ(Sha256Hex(data), digest) << n;
  }
}

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
// torn (half the data), nothing else happens, and every later call fails until Reboot().
class FakeFileStore : public FileStore {
 public:
  std::map<std::string, std::string, std::less<>> files;
  std::map<std::string, std::string, std::less<>> synced;
  int crash_at = -1;
  int calls = 0;
  bool down = false;

  // After a crash the directory comes back as synced (entries since the last sync lost) or as
  // the process last saw it; file data was fsynced before any rename, so both are possible.
  void Reboot(bool lose_unsynced_entries) {
    if (lose_unsynced_entries) files = synced;
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
  std::expected<void, Error> WriteDurably(std::string_view name, std::string data) override {
    if (Crash()) {
      files[std::string(name)] = data.substr(0, data.size() / 2);
      return Crashed();
    }
    files[std::string(name)] = std::move(data);
    return {};
  }
  std::expected<void, Error> Rename(std::string_view from, std::string_view to) override {
    if (Crash()) return Crashed();
    auto it = files.find(from);
    if (it == files.end()) return std::unexpected(Error{ErrorCode::kNotFound, "no file", ""});
    std::string data = std::move(it->second);
    files.erase(it);
    files[std::string(to)] = std::move(data);
    return {};
  }
  std::expected<void, Error> Remove(std::string_view name) override {
    if (Crash()) return Crashed();
    return files.erase(std::string(name))
               ? std::expected<void, Error>()
               : std::unexpected(Error{ErrorCode::kNotFound, "no file", ""});
  }
  std::expected<void, Error> SyncDirectory() override {
    if (Crash()) return Crashed();
    synced = files;
    return {};
  }
  std::string Location() const override { return "/fake"; }

 private:
  bool Crash() {
    if (down || calls++ == crash_at) down = true;
    return down;
  }
  static std::unexpected<Error> Crashed() {
    return std::unexpected(Error{ErrorCode::kIo, "simulated crash", "/fake"});
  }
};

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
  EXPECT_FALSE(fs.files.contains(CibStore::kTempFile));
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

TEST(CibStoreTest, ACrashAtAnyStepLeavesTheOldOrTheNewVersionIntact) {
  // Count the file-system calls one save makes when it also prunes, then crash at each of them.
  int calls_per_save = 0;
  {
    FakeFileStore fs;
    CibStore store(fs, CibStoreOptions{.keep = 2});
    for (int epoch = 1; epoch <= 3; ++epoch) ASSERT_TRUE(store.Save(Cib(epoch)).has_value());
    int before = fs.calls;
    ASSERT_TRUE(store.Save(Cib(4)).has_value());
    calls_per_save = fs.calls - before;
  }
  ASSERT_EQ(calls_per_save, 5);  // write tmp, rename, sync, remove oldest, sync
  for (int crash = 0; crash < calls_per_save; ++crash) {
    for (bool lose_unsynced : {false, true}) {
      FakeFileStore fs;
      CibStore store(fs, CibStoreOptions{.keep = 2});
      for (int epoch = 1; epoch <= 3; ++epoch) ASSERT_TRUE(store.Save(Cib(epoch)).has_value());
      fs.crash_at = fs.calls + crash;
      std::expected<SavedCib, Error> saved = store.Save(Cib(4));
      // A crash after the new name is durable may still report success (only pruning failed).
      EXPECT_EQ(saved.has_value(), crash >= 3) << crash;
      fs.Reboot(lose_unsynced);

      // The new version counts once renamed, unless the crash lost the unsynced rename.
      bool new_visible = crash >= 3 || (crash == 2 && !lose_unsynced);
      StoredCib loaded = store.Load().value();
      EXPECT_EQ(loaded.cib, new_visible ? Cib(4) : Cib(3)) << crash << lose_unsynced;
      EXPECT_TRUE(loaded.skipped.empty()) << crash;
      // The store goes on working after the reboot.
      ASSERT_TRUE(store.Save(Cib(5)).has_value()) << crash;
      EXPECT_EQ(store.Load().value().cib, Cib(5)) << crash;
      EXPECT_LE(fs.files.size(), 3u) << crash;  // two versions, at most plus a stale tmp
    }
  }
}

TEST(CibStoreTest, AFailedWriteReportsAndChangesNothing) {
  FakeFileStore fs;
  CibStore store(fs);
  ASSERT_TRUE(store.Save(Cib(1)).has_value());
  auto before = fs.files;
  fs.crash_at = fs.calls;  // the tmp write fails
  std::expected<SavedCib, Error> saved = store.Save(Cib(2));
  ASSERT_FALSE(saved.has_value());
  EXPECT_EQ(saved.error().ToString(), "/fake: simulated crash");
  fs.Reboot(false);
  EXPECT_EQ(store.Load().value().cib, Cib(1));
  fs.files.erase(std::string(CibStore::kTempFile));
  EXPECT_EQ(fs.files, before);
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
  std::ofstream(dir_ + "/cib/cib.xml.tmp") << "<cib epoch=\"6\"";
  StoredCib loaded = store.Load().value();
  EXPECT_EQ(loaded.cib, Cib(4));
  ASSERT_EQ(loaded.skipped.size(), 1u);
  EXPECT_EQ(loaded.skipped[0].ToString(), newest + ": truncated (no digest trailer)");

  // The next save replaces the temp file and becomes the newest.
  EXPECT_EQ(store.Save(Cib(6)).value().file, "cib-00000006.xml");
  EXPECT_EQ(store.Load().value().cib, Cib(6));
  EXPECT_FALSE(std::filesystem::exists(dir_ + "/cib/cib.xml.tmp"));
}

TEST_F(PosixCibStoreTest, ReportsFileSystemErrorsClearly) {
  std::ofstream(dir_ + "/plain") << "x";
  EXPECT_EQ(PosixFileStore::Open(dir_ + "/plain").error().ToString(),
            dir_ + "/plain: not a directory");
  EXPECT_EQ(PosixFileStore::Open(dir_ + "/no/such").error().code, ErrorCode::kNotFound);
  std::unique_ptr<PosixFileStore> fs = PosixFileStore::Open(dir_).value();
  EXPECT_EQ(fs->Read("missing").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(fs->Read("../etc/passwd").error().message, "not a plain file name: '../etc/passwd'");
  EXPECT_EQ(fs->WriteDurably("a/b", "x").error().code, ErrorCode::kInvalid);
  ASSERT_TRUE(fs->WriteDurably("a", "hello").has_value());
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
