#pragma once
// The CIB model: configuration + status, Pacemaker's schema for what Keel supports.
// Plain values: copy, compare, build in tests. Parsing and validation live in cib_parse.h,
// writing in cib_write.h. Every element remembers its source line (0 when built in memory).

#include <array>
#include <compare>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "xml/base/error.h"
#include "xml/score.h"

namespace keel {

// ---- rules --------------------------------------------------------------------------

enum class ExprOp { kLt, kGt, kLte, kGte, kEq, kNe, kDefined, kNotDefined };
enum class ExprType { kString, kInteger, kNumber, kVersion };
enum class BoolOp { kAnd, kOr };

// <expression attribute= operation= value= type= value-source=/>
struct Expression {
  std::string id;
  std::string attribute;  // a node attribute, or #uname / #id / #kind
  ExprOp op = ExprOp::kEq;
  std::optional<std::string> value;  // absent for defined / not_defined
  std::optional<ExprType> type;      // absent: string, or number when the value is numeric
  std::string value_source;          // "" (literal), "param" or "meta"
  int line = 0;
  friend bool operator==(const Expression&, const Expression&) = default;
};

// <date_spec> or <duration> inside a date_expression: field name -> text, in the order
// years, months, weeks, ... (date_spec values are "N" or "A-B"; duration values integers).
struct DateFields {
  std::string id;
  std::vector<std::pair<std::string, std::string>> fields;
  int line = 0;
  friend bool operator==(const DateFields&, const DateFields&) = default;
};

enum class DateOp { kGt, kLt, kInRange, kDateSpec };

// <date_expression operation= start= end=> with a <date_spec> or <duration>. start and end
// are ISO 8601 text as written (validated by the parser).
struct DateExpression {
  std::string id;
  DateOp op = DateOp::kInRange;
  std::string start;
  std::string end;
  std::optional<DateFields> date_spec;
  std::optional<DateFields> duration;
  int line = 0;
  friend bool operator==(const DateExpression&, const DateExpression&) = default;
};

// <rsc_expression class= provider= type=> (rules of rsc_defaults and op_defaults): holds for
// a primitive whose class, provider and type equal those given (an absent one matches any).
struct RscExpression {
  std::string id;
  std::string resource_class;
  std::string provider;
  std::string type;
  int line = 0;
  friend bool operator==(const RscExpression&, const RscExpression&) = default;
};

// <op_expression name= interval=> (rules of op_defaults): holds for an operation of that
// name, and of that interval when one is given (text as written, a duration).
struct OpExpression {
  std::string id;
  std::string name;
  std::string interval;
  int line = 0;
  friend bool operator==(const OpExpression&, const OpExpression&) = default;
};

// <rule score= score-attribute= boolean-op= role=>: expressions and nested rules.
struct Rule {
  std::string id;
  std::optional<Score> score;   // absent with score-attribute, or in nvset rules
  std::string score_attribute;  // node attribute holding the score
  BoolOp boolean_op = BoolOp::kAnd;
  std::string role;
  std::vector<Expression> expressions;
  std::vector<DateExpression> date_expressions;  // written after the expressions
  std::vector<RscExpression> rsc_expressions;    // then these
  std::vector<OpExpression> op_expressions;      // then these
  std::vector<Rule> rules;
  int line = 0;
  // <rule id-ref=>: a reference, written back as such; the parser copies the named rule's
  // content (score, expressions, ...) into this one so that readers need not resolve it.
  std::string id_ref = {};
  friend bool operator==(const Rule&, const Rule&) = default;
};

// ---- name/value sets ----------------------------------------------------------------

struct NvPair {
  std::string id;
  std::string name;
  std::string value;
  int line = 0;
  friend bool operator==(const NvPair&, const NvPair&) = default;
};

// instance_attributes, meta_attributes, cluster_property_set, utilization, ...
// A set with a rule applies only where the rule holds; higher score wins on conflicts.
struct NvSet {
  std::string id;
  std::optional<Score> score;
  std::optional<Rule> rule;
  std::vector<NvPair> pairs;
  int line = 0;
  // <meta_attributes id-ref=> (any kind of set): a reference, written back as such; the
  // parser copies the named set's score, rule and pairs into this one for readers.
  std::string id_ref = {};
  friend bool operator==(const NvSet&, const NvSet&) = default;
};

// The value of `name` in the first set (in document order) that has it, ignoring rules and
// scores: only for sets that carry neither (the scheduler's rules.h reads sets as Pacemaker).
std::optional<std::string> FindNvValue(const std::vector<NvSet>& sets, std::string_view name);
// The same over sets already chosen and ordered (e.g. by their rules and scores).
std::optional<std::string> FindNvValue(const std::vector<const NvSet*>& sets,
                                       std::string_view name);

// ---- alerts -------------------------------------------------------------------------
// External programs the cluster runs on events (node, fencing, resource, attribute), as
// Pacemaker's alert agents.

// <attribute id= name=> inside <select_attributes>.
struct AlertAttributeName {
  std::string id;
  std::string name;
  int line = 0;
  friend bool operator==(const AlertAttributeName&, const AlertAttributeName&) = default;
};

// <select>: the kinds of event an alert wants. Without <select> it wants every kind.
struct AlertSelect {
  bool nodes = false;
  bool fencing = false;
  bool resources = false;
  bool attributes = false;
  std::vector<AlertAttributeName> attribute_names;  // empty: every attribute
  friend bool operator==(const AlertSelect&, const AlertSelect&) = default;
};

// <recipient id= value=>: one run per event; its sets override the alert's.
struct AlertRecipient {
  std::string id;
  std::string description;
  std::string value;
  std::vector<NvSet> meta_attributes;
  std::vector<NvSet> instance_attributes;
  int line = 0;
  friend bool operator==(const AlertRecipient&, const AlertRecipient&) = default;
};

// <alert id= path=>.
struct Alert {
  std::string id;
  std::string description;
  std::string path;
  std::optional<AlertSelect> select;
  std::vector<NvSet> meta_attributes;      // timeout (default 30s), timestamp-format
  std::vector<NvSet> instance_attributes;  // given to the agent as environment variables
  std::vector<AlertRecipient> recipients;
  int line = 0;
  friend bool operator==(const Alert&, const Alert&) = default;
};

// ---- nodes --------------------------------------------------------------------------

struct Node {
  std::string id;
  std::string uname;
  std::string type;  // "member" (default), "remote", "ping"
  std::vector<NvSet> instance_attributes;
  std::vector<NvSet> utilization;
  int line = 0;
  friend bool operator==(const Node&, const Node&) = default;
};

// ---- resources ----------------------------------------------------------------------

// <op name= interval= timeout= on-fail= role= enabled= start-delay=/>
struct Operation {
  std::string id;
  std::string name;  // start, stop, monitor, promote, demote, ...
  int64_t interval_ms = 0;
  std::optional<int64_t> timeout_ms;
  std::optional<int64_t> start_delay_ms;
  std::string on_fail;  // "" (default), ignore, block, stop, restart, standby, fence, demote
  std::string role;
  std::optional<bool> enabled;
  std::vector<NvSet> instance_attributes;
  std::vector<NvSet> meta_attributes;
  // How interval, timeout and start-delay were spelled ("60s" rather than the shortest "1min"),
  // or empty: writers keep a spelling that still reads as the value (SpellDurationMs).
  std::string interval_text;
  std::string timeout_text;
  std::string start_delay_text;
  int line = 0;
  friend bool operator==(const Operation&, const Operation&) = default;
};

struct Primitive {
  std::string id;
  std::string resource_class;  // ocf, lsb, heartbeat, stonith, systemd, service
  std::string provider;        // ocf only
  std::string type;
  std::string description;
  std::vector<NvSet> instance_attributes;
  std::vector<NvSet> meta_attributes;
  std::vector<NvSet> utilization;
  std::vector<Operation> operations;
  int line = 0;
  // <primitive template="T">: class, provider, type, attributes and operations come from the
  // <template> T (see xml/resource_templates.h); its own override them.
  std::string template_id;
  // <operations id=>, kept so that another primitive's <operations id-ref=> can name it.
  std::string operations_id = {};
  // <operations id-ref=>: a reference, written back as such; the parser copies the named
  // block's operations into `operations` so that readers need not resolve it.
  std::string operations_ref = {};
  friend bool operator==(const Primitive&, const Primitive&) = default;
};

struct Group {
  std::string id;
  std::string description;
  std::vector<NvSet> instance_attributes;
  std::vector<NvSet> meta_attributes;
  std::vector<Primitive> primitives;  // in start order
  int line = 0;
  friend bool operator==(const Group&, const Group&) = default;
};

// Parsed so that configurations load and round-trip; the scheduler refuses them for now.
struct Clone {
  std::string id;
  std::string description;
  bool promotable_element = false;  // written as <master> (old schema) rather than <clone>
  std::vector<NvSet> instance_attributes;
  std::vector<NvSet> meta_attributes;
  std::variant<Primitive, Group> child;
  int line = 0;
  friend bool operator==(const Clone&, const Clone&) = default;
};

using Resource = std::variant<Primitive, Group, Clone>;

const std::string& ResourceId(const Resource& resource);
int ResourceLine(const Resource& resource);

// ---- constraints --------------------------------------------------------------------

// <resource_set id= sequential= require-all= ordered= role= action= score=> with
// <resource_ref id=/> children, inside a location, colocation or order (then without rsc,
// with-rsc, first, then). What a set means is the scheduler's business; absent attributes
// stay absent because Pacemaker reads some defaults differently per constraint kind.
struct ResourceSet {
  std::string id;
  std::vector<std::string> resources;  // resource_ref ids, in document order
  std::optional<bool> sequential;
  std::optional<bool> require_all;
  std::optional<bool> ordered;
  std::string role;
  std::string action;
  std::optional<Score> score;
  int line = 0;
  friend bool operator==(const ResourceSet&, const ResourceSet&) = default;
};

// <rsc_location rsc= node= score=/> or with <rule> children.
struct LocationConstraint {
  std::string id;
  std::string rsc;  // empty when sets or a pattern are given
  std::vector<ResourceSet> sets;
  std::string rsc_pattern;  // rsc-pattern: the top-level resources it selects (rsc_pattern.h)
  std::optional<std::string> node;  // with score; absent when rules are given
  std::optional<Score> score;
  std::vector<Rule> rules;
  std::string role;
  std::string resource_discovery;  // "", always, never, exclusive
  int line = 0;
  friend bool operator==(const LocationConstraint&, const LocationConstraint&) = default;
};

// <rsc_colocation rsc= with-rsc= score=/>: rsc is placed relative to with-rsc.
struct ColocationConstraint {
  std::string id;
  std::string rsc;  // rsc and with-rsc are empty when sets are given
  std::string with_rsc;
  std::vector<ResourceSet> sets;
  Score score;
  std::string rsc_role;
  std::string with_rsc_role;
  std::string node_attribute;  // default #uname
  int line = 0;
  friend bool operator==(const ColocationConstraint&, const ColocationConstraint&) = default;
};

enum class OrderKind { kMandatory, kOptional, kSerialize };

// <rsc_order first= then= kind= symmetrical= first-action= then-action=/>
struct OrderConstraint {
  std::string id;
  std::string first;  // first and then are empty when sets are given
  std::string then;
  std::vector<ResourceSet> sets;
  std::string first_action;       // "" means start
  std::string then_action;        // "" means first_action
  std::optional<OrderKind> kind;  // absent: from the legacy score, else Mandatory
  std::optional<Score> score;     // legacy: 0 means Optional, anything else Mandatory
  std::optional<bool> symmetrical;
  // false: between clones, one runnable instance of first is enough for then (not clone-min,
  // not interleaved); in set expansions, marks the pairs out of a require-all=false set.
  std::optional<bool> require_all;
  int line = 0;
  friend bool operator==(const OrderConstraint&, const OrderConstraint&) = default;

  OrderKind EffectiveKind() const;
  bool EffectiveSymmetrical() const;  // default: true unless kind is Serialize
  const std::string& EffectiveFirstAction() const;
  const std::string& EffectiveThenAction() const;
};

enum class TicketLossPolicy { kStop, kDemote, kFence, kFreeze };

// <rsc_ticket ticket= rsc= rsc-role= loss-policy=/>: rsc (in rsc-role) runs only with the ticket.
struct TicketConstraint {
  std::string id;
  std::string ticket;
  std::string rsc;
  std::string rsc_role;
  std::optional<TicketLossPolicy> loss_policy;  // absent: stop
  int line = 0;
  // <resource_set> children instead of rsc: every resource of every set (in the set's role)
  // runs only with the ticket.
  std::vector<ResourceSet> sets;
  friend bool operator==(const TicketConstraint&, const TicketConstraint&) = default;
};

std::string_view TicketLossPolicyName(TicketLossPolicy policy);  // "stop", "demote", ...

// <fencing-topology><fencing-level target= index= devices=/></fencing-topology>. A level names
// its nodes in one of three ways: target (a node name), target-pattern (a POSIX extended regular
// expression searched for in node names) or target-attribute with target-value (nodes whose
// permanent attribute in <nodes> has that value); see xml/fencing_target.h.
struct FencingLevel {
  std::string id;
  std::string target;  // node name, or empty
  int index = 1;
  std::vector<std::string> devices;  // from the comma-separated devices attribute
  int line = 0;
  std::string target_pattern;    // or a regular expression
  std::string target_attribute;  // or a node attribute's name ...
  std::string target_value;      // ... and its value
  friend bool operator==(const FencingLevel&, const FencingLevel&) = default;
};

// <tags><tag id=><obj_ref id=/>...</tag></tags>: one name for several resources, usable where
// a constraint (or a resource set) names a resource.
struct Tag {
  std::string id;
  std::vector<std::string> refs;  // obj_ref ids, in document order
  int line = 0;
  friend bool operator==(const Tag&, const Tag&) = default;
};

// <acls>: who may read or write which part of the CIB (Pacemaker 2.0 syntax). Kept and
// written back; the scheduler ignores them, and a running cluster refuses a non-empty
// section because its CIB manager does not enforce them.
struct AclPermission {
  std::string id;
  std::string kind;                                      // read, write or deny
  std::string xpath, reference, object_type, attribute;  // exactly one of the first three
  std::string description;
  int line = 0;
  friend bool operator==(const AclPermission&, const AclPermission&) = default;
};

struct AclRole {
  std::string id;
  std::string description;
  std::vector<AclPermission> permissions;
  int line = 0;
  friend bool operator==(const AclRole&, const AclRole&) = default;
};

// <acl_target id= name=> or <acl_group id= name=> with <role id=/> children.
struct AclSubject {
  bool group = false;
  std::string id;
  std::string name;
  std::vector<std::string> roles;
  int line = 0;
  friend bool operator==(const AclSubject&, const AclSubject&) = default;
};

struct Acls {
  std::vector<AclSubject> subjects;  // document order
  std::vector<AclRole> roles;
  int line = 0;
  bool empty() const { return subjects.empty() && roles.empty(); }
  friend bool operator==(const Acls&, const Acls&) = default;
};

struct Configuration {
  std::vector<NvSet> crm_config;  // cluster_property_set elements
  std::vector<Node> nodes;
  std::vector<Resource> resources;
  std::vector<LocationConstraint> locations;
  std::vector<ColocationConstraint> colocations;
  std::vector<OrderConstraint> orders;
  std::vector<TicketConstraint> tickets;
  std::vector<NvSet> rsc_defaults;  // meta_attributes sets
  std::vector<NvSet> op_defaults;   // meta_attributes sets
  std::vector<Tag> tags;
  std::vector<FencingLevel> fencing_levels;
  std::vector<Alert> alerts;
  std::optional<Acls> acls;  // absent: no <acls> element
  // <template> elements of <resources> (rsc_template in crm syntax): a primitive's content
  // that primitives name by template=; never run themselves.
  std::vector<Primitive> templates;
  friend bool operator==(const Configuration&, const Configuration&) = default;
};

// ---- status -------------------------------------------------------------------------

// One operation's last result (<lrm_rsc_op>). Attributes that Keel does not interpret
// (digests, feature set, ...) are kept as text so they survive a round trip. The texts share
// one buffer: as thirteen std::strings an entry took about 600 bytes, packed about 250, and the
// DC builds one per entry of the whole status for each plan (15,000 at 16 nodes x 1,000).
class LrmRscOp {
 public:
  int64_t interval_ms = 0;
  int64_t call_id = 0;
  int rc_code = 0;    // OCF exit code
  int op_status = 0;  // 0 done, 1 cancelled, 2 timed out, 3 not supported, 4 error, ...
  std::optional<int64_t> last_rc_change;  // epoch seconds
  std::optional<int64_t> last_run;
  std::optional<int64_t> exec_time_ms;
  std::optional<int64_t> queue_time_ms;
  int line = 0;

  std::string_view id() const { return Get(kId); }
  std::string_view operation() const { return Get(kOperation); }  // start, stop, monitor, ...
  std::string_view operation_key() const { return Get(kOperationKey); }  // RSC_OP_INTERVAL
  std::string_view on_node() const { return Get(kOnNode); }
  std::string_view transition_key() const { return Get(kTransitionKey); }
  std::string_view transition_magic() const { return Get(kTransitionMagic); }
  std::string_view exit_reason() const { return Get(kExitReason); }
  std::string_view crm_feature_set() const { return Get(kCrmFeatureSet); }
  std::string_view op_digest() const { return Get(kOpDigest); }
  // Digest of the parameters whose change needs a restart, and those parameters
  // (space-separated).
  std::string_view op_restart_digest() const { return Get(kOpRestartDigest); }
  std::string_view op_force_restart() const { return Get(kOpForceRestart); }
  // Digest without the private parameters, and those parameters (space-separated).
  std::string_view op_secure_digest() const { return Get(kOpSecureDigest); }
  std::string_view op_secure_params() const { return Get(kOpSecureParams); }

  void set_id(std::string_view v) { Set(kId, v); }
  void set_operation(std::string_view v) { Set(kOperation, v); }
  void set_operation_key(std::string_view v) { Set(kOperationKey, v); }
  void set_on_node(std::string_view v) { Set(kOnNode, v); }
  void set_transition_key(std::string_view v) { Set(kTransitionKey, v); }
  void set_transition_magic(std::string_view v) { Set(kTransitionMagic, v); }
  void set_exit_reason(std::string_view v) { Set(kExitReason, v); }
  void set_crm_feature_set(std::string_view v) { Set(kCrmFeatureSet, v); }
  void set_op_digest(std::string_view v) { Set(kOpDigest, v); }
  void set_op_restart_digest(std::string_view v) { Set(kOpRestartDigest, v); }
  void set_op_force_restart(std::string_view v) { Set(kOpForceRestart, v); }
  void set_op_secure_digest(std::string_view v) { Set(kOpSecureDigest, v); }
  void set_op_secure_params(std::string_view v) { Set(kOpSecureParams, v); }

  friend bool operator==(const LrmRscOp&, const LrmRscOp&) = default;

 private:
  enum Text : uint8_t {
    kId,
    kOperation,
    kOperationKey,
    kOnNode,
    kTransitionKey,
    kTransitionMagic,
    kExitReason,
    kCrmFeatureSet,
    kOpDigest,
    kOpRestartDigest,
    kOpForceRestart,
    kOpSecureDigest,
    kOpSecureParams,
    kTextCount
  };
  std::string_view Get(Text t) const {
    uint32_t begin = t == 0 ? 0 : ends_[t - 1];
    return std::string_view(texts_).substr(begin, ends_[t] - begin);
  }
  void Set(Text t, std::string_view v);

  std::string texts_;                        // the texts one after another, in Text order
  std::array<uint32_t, kTextCount> ends_{};  // where each ends in texts_
};

struct LrmResource {
  std::string id;
  std::string resource_class;
  std::string provider;
  std::string type;
  std::vector<LrmRscOp> ops;
  int line = 0;
  // shutdown-lock=: when (epoch seconds) the resource was stopped here by the node's clean
  // shutdown with the shutdown-lock option on; it stays locked to this node.
  std::optional<int64_t> shutdown_lock = std::nullopt;
  friend bool operator==(const LrmResource&, const LrmResource&) = default;
};

// <node_state>: one node's membership and its executor's history.
struct NodeState {
  std::string id;
  std::string uname;
  std::string in_ccm;    // "true"/"false" (or a timestamp in newer Pacemaker: member)
  std::string crmd;      // "online"/"offline" (or a timestamp: online)
  std::string join;      // member, down, pending, banned
  std::string expected;  // member, down
  std::string shutdown;  // "0" or the time a shutdown was requested
  std::vector<NvSet> transient_attributes;  // fail-count-*, last-failure-*, custom
  std::vector<LrmResource> lrm_resources;
  int line = 0;
  friend bool operator==(const NodeState&, const NodeState&) = default;
};

// <tickets><ticket_state id= granted= standby= last-granted=/>: a ticket without one is revoked.
struct TicketState {
  std::string id;
  std::optional<bool> granted;  // absent: false
  std::optional<bool> standby;  // absent: false
  std::string last_granted;     // epoch seconds, kept as written
  int line = 0;
  friend bool operator==(const TicketState&, const TicketState&) = default;
};

struct Status {
  std::vector<NodeState> node_states;
  std::vector<TicketState> tickets;
  friend bool operator==(const Status&, const Status&) = default;
};

// The resource history of a Status kept elsewhere: the DC reads each node_state's
// lrm_resources from its CIB tree one at a time (XmlHistorySource, xml/cib_parse.h) instead of
// holding a typed copy of the whole status (9 MB per plan at 16 nodes x 1,000 resources).
class HistorySource {
 public:
  virtual ~HistorySource() = default;
  // Calls `visit` with each lrm_resource of node_states[index], in document order. Errors
  // name the place as parsing the whole status would; empty when all parsed.
  virtual Errors ForEach(size_t index,
                         const std::function<void(const LrmResource&)>& visit) const = 0;
};

// ---- the whole CIB ------------------------------------------------------------------

struct CibVersion {
  int64_t admin_epoch = 0;
  int64_t epoch = 0;
  int64_t num_updates = 0;
  friend auto operator<=>(const CibVersion&, const CibVersion&) = default;
  std::string ToString() const;  // "admin_epoch.epoch.num_updates"
};

struct Cib {
  CibVersion version;
  std::string validate_with = "pacemaker-3.0";
  std::optional<bool> have_quorum;
  // no-quorum-panic: the partition has had quorum, so no-quorum-policy=suicide may fence.
  std::optional<bool> no_quorum_panic;
  std::string dc_uuid;
  std::string crm_feature_set;
  std::string cib_last_written;
  std::string update_origin;
  std::string update_client;
  std::string update_user;
  std::optional<int64_t> execution_date;  // epoch seconds: "now" for a simulation of this CIB
  Configuration configuration;
  Status status;
  friend bool operator==(const Cib&, const Cib&) = default;
};

// The same CIB with every `line` set to 0: for comparing models read from different texts.
Cib WithoutSourceLines(Cib cib);
// The same for a configuration alone.
Configuration WithoutSourceLines(Configuration config);

}  // namespace keel
