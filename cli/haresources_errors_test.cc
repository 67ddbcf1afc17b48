// haresources input that cannot be a working resource is an error naming its line, not a
// resource that fails later.
#include <gtest/gtest.h>

#include "cli/importer.h"

namespace keel {
namespace {

std::string FirstError(const std::string& haresources) {
  auto result = ImportHaresources(haresources, "", [](const std::string&) { return false; });
  if (result) return "";
  return result.error().front().ToString();
}

TEST(HaresourcesErrors, AddressesAndNetmasksAreChecked) {
  EXPECT_EQ(FirstError("node1 999.1.1.1\n"),
            "haresources:1: '999.1.1.1' is not an IPv4 address (in '999.1.1.1')");
  EXPECT_EQ(FirstError("node1 IPaddr::198.18.0.10/33/eth0\n"),
            "haresources:1: '33' is not a netmask (0-32 or a.b.c.d, in "
            "'IPaddr::198.18.0.10/33/eth0')");
  EXPECT_EQ(FirstError("node1 IPaddr::198.18.0.10/24/eth0\n"), "");
  EXPECT_EQ(FirstError("node1 IPaddr::198.18.0.10/255.255.255.0\n"), "");
}

TEST(HaresourcesErrors, FilesystemNeedsAMountPoint) {
  EXPECT_EQ(FirstError("node1 Filesystem::/dev/sdc1\n"),
            "haresources:1: 'Filesystem::/dev/sdc1': Filesystem needs a device and a mount point "
            "(Filesystem::DEVICE::DIRECTORY[::FSTYPE[::OPTIONS]])");
  EXPECT_EQ(FirstError("node1 Filesystem::/dev/sdc1::/srv::ext4\n"), "");
}

TEST(HaresourcesErrors, AnOcfEquivalentNeedsItsRequiredArguments) {
  EXPECT_EQ(FirstError("node1 portblock::tcp::80\n"),
            "haresources:1: 'portblock::tcp::80': ocf:heartbeat:portblock needs 3 argument(s) "
            "(protocol, ...)");
}

// Without /etc/ha.d/resource.d scripts: MailTo becomes ocf:heartbeat:MailTo with its
// arguments as parameters (it used to become lsb:MailTo, arguments dropped); drbddisk is listed
// as not imported (it needs a promotable clone).
TEST(HaresourcesErrors, HeartbeatScriptsBecomeTheirOcfEquivalents) {
  auto result = ImportHaresources("node1 MailTo::ops@example.org::failover drbddisk::r0\n", "",
                                  [](const std::string&) { return false; });
  ASSERT_TRUE(result.has_value()) << JoinErrors(result.error());
  EXPECT_NE(result->crm.find("primitive MailTo ocf:heartbeat:MailTo params email=ops@example.org "
                             "subject=failover"),
            std::string::npos)
      << result->crm;
  EXPECT_EQ(result->crm.find("drbddisk"), std::string::npos) << result->crm;
  ASSERT_EQ(result->not_imported.size(), 1u);
  EXPECT_NE(result->not_imported[0].find("promotable clone of ocf:linbit:drbd"), std::string::npos)
      << result->not_imported[0];
}

}  // namespace
}  // namespace keel
