#include "crmd/cib/cib_validation.h"

#include <gtest/gtest.h>

#include "xml/xml_node.h"

namespace keel {
namespace {

std::string CibWith(const std::string& resources) {
  return R"(<cib admin_epoch="0" epoch="1" num_updates="1" validate-with="pacemaker-3.0">
  <configuration><crm_config/><nodes><node id="1" uname="n1"/></nodes>
    <resources>)" +
         resources + R"(</resources><constraints/></configuration><status/></cib>)";
}

Errors Validate(const std::string& text) {
  auto root = ParseXml(text, "<input>");
  EXPECT_TRUE(root.has_value());
  return ValidateCibDocument(*root, "<input>");
}

TEST(CibValidation, AcceptsPrimitives) {
  EXPECT_TRUE(
      Validate(CibWith(R"(<primitive id="d" class="ocf" provider="heartbeat" type="Dummy"/>)"))
          .empty());
}

// Anonymous and promotable clones run; a cloned fence device is planned by crm simulate
// only, so a commit with one is refused rather than stored and silently never started.
TEST(CibValidation, RefusesClonedFenceDevicesInARunningCluster) {
  EXPECT_TRUE(
      Validate(
          CibWith(
              R"(<clone id="web-clone"><primitive id="web" class="ocf" provider="heartbeat" type="Dummy"/></clone>)"))
          .empty());
  EXPECT_TRUE(
      Validate(
          CibWith(
              R"(<clone id="db-clone"><meta_attributes id="m"><nvpair id="m1" name="promotable" value="true"/></meta_attributes><primitive id="db" class="ocf" provider="heartbeat" type="Stateful"/></clone>)"))
          .empty());
  Errors errors = Validate(CibWith(
      R"(<clone id="fence-clone"><primitive id="f" class="stonith" type="fence_keel_lab"/></clone>)"));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].code, ErrorCode::kNotSupported);
  EXPECT_EQ(errors[0].message,
            "not supported: cloned fence device in a running cluster (id fence-clone): crm "
            "simulate only");
}

// A clone of a group runs: the controller runs each member of every group instance.
TEST(CibValidation, AcceptsClonesOfGroups) {
  EXPECT_TRUE(
      Validate(
          CibWith(
              R"(<clone id="gc"><group id="g"><primitive id="a" class="ocf" provider="heartbeat" type="Dummy"/></group></clone>)"))
          .empty());
}

// crm simulate promotes a group instance as a whole; the controller only promotes primitives.
TEST(CibValidation, RefusesPromotableClonesOfGroupsInARunningCluster) {
  Errors errors = Validate(CibWith(
      R"(<clone id="pg"><meta_attributes id="m"><nvpair id="m1" name="promotable" value="true"/></meta_attributes><group id="g"><primitive id="a" class="ocf" provider="pacemaker" type="Stateful"/></group></clone>)"));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].message,
            "not supported: promotable clone of a group in a running cluster (id pg): crm "
            "simulate only");
}

TEST(CibValidation, RefusesPromotableGloballyUniqueClonesInARunningCluster) {
  Errors errors = Validate(CibWith(
      R"(<clone id="pu"><meta_attributes id="m"><nvpair id="m1" name="promotable" value="true"/><nvpair id="m2" name="globally-unique" value="true"/></meta_attributes><primitive id="a" class="ocf" provider="pacemaker" type="Stateful"/></clone>)"));
  ASSERT_EQ(errors.size(), 1u) << JoinErrors(errors);
  EXPECT_EQ(errors[0].message,
            "not supported: promotable globally-unique clone in a running cluster (id pu): crm "
            "simulate only");
}

// Instances of a globally-unique clone run under their own ids ("web:1").
TEST(CibValidation, AcceptsGloballyUniqueClones) {
  EXPECT_TRUE(
      Validate(
          CibWith(
              R"(<clone id="u"><meta_attributes id="m"><nvpair id="m1" name="globally-unique" value="true"/></meta_attributes><primitive id="web" class="ocf" provider="heartbeat" type="Dummy"/></clone>)"))
          .empty());
}

// clone-node-max > 1: several instances of a unique clone on a node, each under its own id
// (an anonymous clone runs one per node, as in Pacemaker).
TEST(CibValidation, AcceptsSeveralInstancesPerNode) {
  EXPECT_TRUE(
      Validate(
          CibWith(
              R"(<clone id="two"><meta_attributes id="m"><nvpair id="m1" name="clone-node-max" value="2"/></meta_attributes><primitive id="web" class="ocf" provider="heartbeat" type="Dummy"/></clone>)"))
          .empty());
}

// Notifications run live: a clone with notify=true is accepted.
TEST(CibValidation, AcceptsNotifyingClonesInARunningCluster) {
  Errors errors = Validate(CibWith(
      R"(<clone id="web-clone"><meta_attributes id="m"><nvpair id="m1" name="notify" value="true"/></meta_attributes><primitive id="web" class="ocf" provider="heartbeat" type="Dummy"/></clone>)"));
  EXPECT_TRUE(errors.empty()) << JoinErrors(errors);
}

// Notifications are planned for clones of a primitive only: a cloned group asking for them is
// refused rather than run without them.
TEST(CibValidation, RefusesNotifyOnACloneOfAGroupInARunningCluster) {
  Errors errors = Validate(CibWith(
      R"(<clone id="gc"><meta_attributes id="m"><nvpair id="m1" name="notify" value="true"/></meta_attributes><group id="g"><primitive id="a" class="ocf" provider="heartbeat" type="Dummy"/></group></clone>)"));
  ASSERT_EQ(errors.size(), 1u) << JoinErrors(errors);
  EXPECT_EQ(errors[0].code, ErrorCode::kNotSupported);
  EXPECT_EQ(errors[0].message,
            "not supported: notify=true on a clone of a group in a running cluster (id gc): crm "
            "simulate only");
}

// Nothing grants a ticket in a running cluster (no crm_ticket): rsc_ticket is for crm simulate.
TEST(CibValidation, RefusesTicketsInARunningCluster) {
  std::string text =
      CibWith(R"(<primitive id="d" class="ocf" provider="heartbeat" type="Dummy"/>)");
  text.replace(text.find("<constraints/>"), 14,
               R"(<constraints><rsc_ticket id="t" ticket="T" rsc="d"/></constraints>)");
  Errors errors = Validate(text);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].code, ErrorCode::kNotSupported);
  EXPECT_EQ(errors[0].message,
            "not supported: rsc_ticket in a running cluster (id t): crm simulate only");
}

// ACLs are kept and simulated but not enforced: a running cluster refuses a non-empty section.
TEST(CibValidation, RefusesAclsInARunningCluster) {
  std::string text =
      CibWith(R"(<primitive id="d" class="ocf" provider="heartbeat" type="Dummy"/>)");
  std::string empty = text;
  empty.replace(empty.find("<constraints/>"), 14, "<constraints/><acls/>");
  EXPECT_TRUE(Validate(empty).empty()) << "an empty <acls/> enforces nothing";
  text.replace(text.find("<constraints/>"), 14,
               R"(<constraints/><acls><acl_target id="alice"><role id="ro"/></acl_target>)"
               R"(<acl_role id="ro"><acl_permission id="ro-p" kind="read" xpath="/cib"/>)"
               R"(</acl_role></acls>)");
  Errors errors = Validate(text);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].code, ErrorCode::kNotSupported);
  EXPECT_EQ(errors[0].message,
            "not supported: acls in a running cluster (the CIB manager does not enforce ACLs): "
            "crm simulate only");
}

// Without a recheck timer a date rule would take effect only at the next event: refused live.
TEST(CibValidation, RefusesDateRulesInARunningCluster) {
  std::string text =
      CibWith(R"(<primitive id="d" class="ocf" provider="heartbeat" type="Dummy"/>)");
  text.replace(text.find("<constraints/>"), 14,
               R"(<constraints><rsc_location id="l" rsc="d"><rule id="r" score="10">)"
               R"(<rule id="r2"><date_expression id="de" operation="gt" start="2026-01-01"/>)"
               R"(</rule></rule></rsc_location></constraints>)");
  Errors errors = Validate(text);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].code, ErrorCode::kNotSupported);
  EXPECT_EQ(errors[0].message,
            "not supported: date rules in a running cluster (id l): the controller does not "
            "re-run the scheduler when their time comes; crm simulate only");
}

}  // namespace
}  // namespace keel
