#include "cli/help_table.h"

#include "cli/suggest.h"

namespace keel {

const std::vector<HelpEntry>& HelpEntries() {
  static const std::vector<HelpEntry> kEntries = {
      {"",
       "configure",
       "crm configure [COMMAND ARGS...]",
       "Without arguments, opens the shell at the configure level. With a command, runs it and "
       "commits at once (one-shot). The CIB is read and written through crmd, or the file named "
       "by CIB_file.",
       {"crm configure primitive vip ocf:keel:IPaddr params ip=198.18.0.10 cidr_netmask=24",
        "CIB_file=/tmp/cib.xml crm configure show"}},
      {"",
       "import",
       "crm import haresources FILE [--ha-cf FILE] [--dry-run] | keepalived FILE [--dry-run] | "
       "keepalived --node NODE=FILE... [--dry-run]",
       "Converts a heartbeat v1 haresources file or a keepalived.conf into resources and "
       "constraints. --dry-run prints the crm text; otherwise the result is committed. "
       "haresources: IP addresses become ocf:keel:IPaddr, Filesystem ocf:heartbeat:Filesystem, a "
       "script found in /etc/ha.d/resource.d stays heartbeat:NAME, else MailTo, Delay, IPsrcaddr, "
       "portblock, SendArp, LVM and Raid1 become their ocf:heartbeat equivalents (positional "
       "arguments as parameters), anything else lsb:NAME. Anything without an equivalent is "
       "listed as 'not imported: ... (line N)'; input that cannot work (a bad address or "
       "netmask, a Filesystem without mount point) is an error naming its line; a node that "
       "haresources names but ha.cf's node lines do not gets a 'warning:'. keepalived: each "
       "virtual_server becomes an ocf:keel:IPVSDirector, each VRRP address an ocf:keel:IPaddr "
       "(the addresses of one vrrp_instance in one group), a director is colocated with and "
       "ordered after its VIP, and the instances of a vrrp_sync_group are colocated; "
       "inhibit_on_failure of a real_server puts that server in the director's inhibit_servers; "
       "nopreempt becomes resource-stickiness=255 on the instance's addresses (more than two "
       "priorities can differ by). A priority only ranks nodes, so it is mapped only from every "
       "node's file (--node NODE=FILE, repeated; resources come from the first file): each "
       "node's priority becomes a location score for the instance's addresses on that node. "
       "An instance's notify_master, notify_backup, notify_fault and notify become an alert "
       "running /usr/libexec/keel/alerts/alert_keepalived_notify.sh on its last address's "
       "start, stop and failed results (run on the node where the result happened); "
       "notify_stop is not imported. What was mapped is listed as 'mapped: ...'.",
       {"crm import haresources /etc/ha.d/haresources --ha-cf /etc/ha.d/ha.cf --dry-run",
        "crm import keepalived /etc/keepalived/keepalived.conf",
        "crm import keepalived --node lb1=lb1/keepalived.conf --node lb2=lb2/keepalived.conf "
        "--dry-run"}},
      {"",
       "status",
       "crm status [--json] | crm status --watch [--interval SECONDS]",
       "The cluster as the local crmd sees it: DC, quorum, nodes, where each resource runs, each "
       "online node's attributes (permanent and transient, as crm_mon -A lists them), fail "
       "counts, failed actions, fence devices and the last fencing of each node; while the local "
       "node runs fewer agents at once because of its load (load-threshold), a 'Throttled:' line "
       "says how loaded and how many (--json: \"limits\"). With CIB_file "
       "set it reads that file alone (offline, like crm_mon -1): nodes are online when their "
       "node_state says in_ccm and crmd online, the DC and quorum come from the file. With "
       "--json (here and in every command that has it) a failure prints "
       "{\"error\":{\"command\",\"exit_code\",\"messages\":[...]}} on standard output (the "
       "text stays on standard error); the exit status stays non-zero. --watch redraws the status "
       "every --interval seconds (default 2) until Ctrl-C, like crm_mon; a failed read is shown "
       "in its place and tried again.",
       {"crm status", "crm status --json", "CIB_file=/tmp/cib.xml crm status",
        "crm status --watch --interval 5"}},
      {"",
       "cluster",
       "crm cluster init NAME --nodes n1=ADDR,n2=ADDR,... [--two-node | --qdevice HOST] "
       "[--token MS] [--dir DIR] [--force] | start [--all] | stop [--all] [--timeout SECONDS] | "
       "restart [--all] | status",
       "init writes a new cluster's configuration on this node: /etc/corosync/corosync.conf "
       "(knet transport, crypto_cipher aes256, crypto_hash sha256, the nodelist with node ids "
       "1, 2, ... in the order given, totem token MS (default 3000; below 1000 a busy machine "
       "loses membership: at 300 ms a loaded lab failed over every few seconds, see "
       "doc/benchmarks.md), votequorum with two_node "
       "for --two-node (exactly 2 nodes) or a net quorum device on HOST for --qdevice: "
       "ffsplit for an even node count, lms for an odd one), /etc/corosync/authkey (256 "
       "random bytes, mode 0400) and /var/lib/keel/cib/cib.xml, the first CIB (fencing "
       "enabled, the nodes, no resources), then prints what to copy to the other nodes. "
       "--dir writes all three files into DIR instead. Nothing is written when an argument "
       "is wrong (every problem is listed) or when a file exists: --force replaces "
       "corosync.conf and authkey, never an existing CIB. stop shuts this node down cleanly: "
       "crmd asks the DC to stop or move its resources, leaves once nothing runs here (it "
       "is not fenced), then corosync stops (systemctl stop corosync under systemd, else "
       "corosync-cfgtool -H); stop waits for crmd at most --timeout seconds (default 1260: "
       "shutdown-escalation's 20 min and one more). stop --all asks every member's crmd to "
       "shut down the same way (the cluster stops every resource in order), stops corosync "
       "here, then every other node of corosync.conf's nodelist runs crm cluster stop "
       "--timeout SECONDS itself (it waits for its crmd to be gone, then stops its corosync). "
       "start starts corosync and keel (systemctl start corosync keel "
       "under systemd, else corosync and crmd with the CRMD_OPTIONS of /etc/keel/crmd.env) "
       "and waits until crmd answers; restart is stop, then start. status says whether "
       "corosync and crmd run here and crmd's view (DC, quorum, CIB version); exit 0 when "
       "both run, 3 when neither does. start --all starts this node, then every other node of "
       "corosync.conf's nodelist runs crm cluster start itself. --all reaches the other nodes over "
       "ssh as crmsh does (ssh -o "
       "BatchMode=yes root@NODE crm cluster ACTION: keys must be set up; each node is tried and "
       "each failure named), or with KEEL_REMOTE_SHELL's words instead of ssh -o "
       "BatchMode=yes root@ (then NODE and the command follow); this node is the nodelist entry "
       "named KEEL_NODE_NAME, else its "
       "host name (a node outside the nodelist runs nothing). restart --all is stop --all, "
       "then start --all. status --all is not supported.",
       {"crm cluster init web --nodes n1=192.0.2.11,n2=192.0.2.12,n3=192.0.2.13",
        "crm cluster init pair --nodes a=192.0.2.21,b=192.0.2.22 --two-node --token 1000",
        "crm cluster init pair --nodes a=192.0.2.21,b=192.0.2.22 --qdevice 192.0.2.30",
        "crm cluster stop --all", "crm cluster status"}},
      {"",
       "cib",
       "crm cib query | new NAME [--force] | diff NAME | commit NAME [--force] | use NAME | "
       "delete NAME | list",
       "query prints the whole CIB (configuration and status) as XML, from the local crmd or "
       "the file named by CIB_file. Shadow CIBs stage changes before they go live: new copies "
       "the CIB to $CIB_shadow_dir/shadow.NAME (default /var/lib/keel/shadow); with "
       "CIB_shadow=NAME in the environment every command works on that copy (crm simulate "
       "--xml-file takes its path too); diff shows how its configuration differs from the live "
       "one; commit makes it live, refused when the live configuration changed since new "
       "(--force overrides); use prints the export line; delete removes it.",
       {"crm cib query > /tmp/cib.xml", "crm cib new test",
        "CIB_shadow=test crm configure "
        "property maintenance-mode=true",
        "crm cib diff test", "crm cib commit test"}},
      {"",
       "simulate",
       "crm simulate --xml-file FILE [--json] [--scores] [--explain RSC] [--now TIME] "
       "[--node-up NODE] [--node-down NODE] [--node-fail NODE] [--op-fail RSC:NODE:OP:RC] "
       "[--save FILE]",
       "Runs the scheduler on a CIB file and shows its plan (--json: as JSON, errors too). "
       "What-if, applied to the file's status first: --node-up makes NODE a member, "
       "--node-down has it leave cleanly (its resources start elsewhere, no fencing), "
       "--node-fail has it lost while a member (fenced, then its resources recovered); "
       "--op-fail records exit code RC for operation OP of RSC on NODE (OP: start, stop, "
       "monitor, monitor_10s, monitor_0 for a probe), a failure raising the fail count; "
       "--now TIME (seconds since the epoch or ISO 8601 UTC, 2026-12-05T06:30:00Z; default the "
       "CIB's execution-date, else the clock) is the time date rules and failure-timeout are "
       "judged at; --save FILE writes the CIB as it would be once "
       "the plan has run.",
       {"crm simulate --xml-file cib.xml", "crm simulate --xml-file cib.xml --node-fail node2",
        "crm simulate --xml-file cib.xml --op-fail vip:node1:monitor:7 --save after.xml"}},
      {"",
       "help",
       "crm help [COMMAND] | --markdown | --man",
       "Shows help on a command; --markdown and --man print this whole reference.",
       {"crm help location"}},
      {"",
       "resource",
       "crm resource start|stop|promote|demote|show|manage|unmanage RSC | maintenance RSC "
       "[on|off] | status RSC [--json] | restart RSC [--timeout S] | cleanup RSC [NODE] "
       "[--timeout S] | failcount RSC show|delete NODE | move RSC [NODE] | clear RSC",
       "start/stop set a resource's target-role (Started/Stopped), show prints its definition; "
       "these commit at once. promote/demote set the target-role of a promotable clone (or of a "
       "resource inside one) to Promoted (its instances may be promoted, as the promotion scores "
       "decide) or Unpromoted (none is promoted; a promoted one is demoted); on any other "
       "resource they are refused. unmanage/manage set is-managed=false/true: the cluster neither "
       "starts, stops nor "
       "recovers it (its monitors still run and failures are recorded). maintenance RSC "
       "[on|off] sets its meta attribute maintenance (default on): unmanaged the same way, "
       "and its recurring monitors cancelled until it is off again (then it is probed first). "
       "status says where it runs, with its fail counts (--json: as one JSON object). "
       "restart sets target-role "
       "Stopped, waits until it runs nowhere, then Started and waits until it runs again (at "
       "most --timeout seconds in all, default 60). cleanup makes every online node (or only "
       "NODE) forget the resource's operation history and fail counts and probe it again; the "
       "DC then re-plans (with CIB_file set it edits the file's status section). failcount RSC "
       "show NODE prints RSC's fail count on NODE (its operations' counts summed, as "
       "crm_failcount -G); failcount RSC delete NODE is cleanup RSC NODE. move RSC NODE "
       "adds location cli-prefer-RSC (INFINITY on NODE); move RSC without a node bans it from "
       "the node it runs on (cli-ban-RSC-on-NODE, -INFINITY). clear removes both kinds.",
       {"crm resource stop vip", "crm resource demote db-clone", "crm resource cleanup vip",
        "crm resource move vip node2", "crm resource clear vip",
        "crm resource maintenance vip on"}},
      {"",
       "node",
       "crm node standby|online|maintenance|ready NODE | crm node fence NODE [reboot|off|on] "
       "[--wait SECONDS] | crm node list [--json] | crm node show [NODE] [--json] | crm node "
       "attribute|utilization NODE set NAME VALUE | delete NAME | show [NAME] | crm node "
       "status-attr NODE set NAME VALUE | delete NAME | show NAME",
       "Puts a node in standby or back online (node attribute standby), in maintenance or back "
       "(node attribute maintenance on/off: its resources are left as they are, neither "
       "started, stopped nor recovered, and their recurring monitors are cancelled; back out of "
       "maintenance they are probed there again first, so what was started or stopped by hand "
       "meanwhile is seen as it is); commits at once; a name that is not a node of the "
       "cluster (in <nodes> or with a status entry) is refused. "
       "fence asks the DC's fencer to fence NODE (default action: fencing-action) and waits "
       "until it succeeded or failed (at most --wait seconds, default 120); the operation is "
       "recorded in the fencing history. list prints each node, online or offline; show adds "
       "its attributes (--json: {\"nodes\":[...]}). attribute sets, deletes or shows a "
       "permanent node attribute (in <nodes>; shown as crm_attribute -G prints it: "
       "scope=nodes  name=NAME value=VALUE), utilization the same for the node's utilization; "
       "set and delete commit at once, deleting what is not there is an error. status-attr "
       "NODE set NAME VALUE | delete NAME | show NAME: a transient (reboot-lifetime) node "
       "attribute through the local crmd's attribute service, as attrd_updater sets it; show "
       "prints scope=status  name=NAME value=VALUE.",
       {"crm node standby node1", "crm node maintenance node2", "crm node fence node3 off",
        "crm node attribute node1 set rack r1", "crm node utilization node1 set cpu 8",
        "crm node status-attr node1 set pingd 100", "crm node show node1 --json"}},
      {"",
       "complete",
       "crm complete [WORD...] PARTIAL",
       "Prints the candidates for PARTIAL after WORDs, one per line, as TAB in the shell "
       "completes it (commands, ids, nodes, agents, an agent's parameters). The bash completion "
       "script cli/completion/crm.bash calls it; source that script (or install it as "
       "/usr/share/bash-completion/completions/crm) to complete crm command lines.",
       {"crm complete configure primitive vip ocf:keel:IPaddr params ci"}},
      {"",
       "lint",
       "crm lint",
       "The same as crm configure verify: validation errors and split-brain warnings; exit "
       "status 0 clean, 1 warnings only, 2 errors.",
       {"crm lint"}},
      {"",
       "fencing",
       "crm fencing history [NODE] [--json] [--verbose]",
       "Shows the fencing history kept in the CIB status (every node's copy is the same): "
       "target, action, outcome and reason, executor, requesters, times; --verbose adds each "
       "agent attempt.",
       {"crm fencing history", "crm fencing history node3 --json"}},
      {"configure",
       "primitive",
       "primitive ID CLASS:PROVIDER:TYPE [description=TEXT] [params K=V...] [meta K=V...] "
       "[utilization K=V...] [operations $id=ID] [op NAME K=V...]...",
       "Defines a resource. CLASS:TYPE for lsb, heartbeat, stonith, systemd and service; a bare "
       "TYPE means ocf:heartbeat:TYPE. Op attributes: interval, timeout, start-delay (crm "
       "simulate only: a running cluster refuses it), on-fail, role, enabled, OCF_CHECK_LEVEL. "
       "[operations $id=ID] names the op block (another CIB's <operations id-ref> can use it). "
       "A new or changed primitive (also by load, edit) is "
       "checked as verify checks it: the agent must exist and, for OCF agents installed here "
       "and Keel's own, the parameters must match its meta-data (unknown, required and typed "
       "parameters are errors: nothing is changed); operations against the agent's advice are "
       "warnings. --force defines it anyway. utilization: what it needs of each node capacity "
       "(whole numbers), used when the property placement-strategy is not default.",
       {"primitive vip ocf:keel:IPaddr params ip=198.18.0.10 op monitor interval=10s timeout=20s",
        "primitive web lsb:haproxy meta target-role=Stopped",
        "primitive vm ocf:heartbeat:Dummy utilization cpu=2 memory=512"}},
      {"configure",
       "group",
       "group ID RSC... [params K=V...] [meta K=V...]",
       "Puts primitives in a group: started left to right on the same node.",
       {"group lb vip director proxy"}},
      {"configure",
       "clone",
       "clone ID RSC [params K=V...] [meta K=V...]",
       "Runs copies of a primitive on several nodes, at most one per node (clone-max: how "
       "many, by default one per node; clone-node-max, more per node for globally-unique "
       "clones). "
       "Anonymous and promotable (meta promotable=true; agents set their promotion score with "
       "crm_master) clones of a primitive and clones of a group (instance N of group g is "
       "g:N with members m:N; not promotable, not globally-unique, one per node) run, "
       "clones of a primitive with pre and post notify actions when notify=true (clones of "
       "a group get no notifications). Globally-unique clones run too; promotable clones of a "
       "group (promoted as a whole) are planned by crm simulate only. Each node records an "
       "anonymous instance under the primitive's id, a unique one as p:N; crm status shows "
       "the clone set (by role when promotable, a cloned group by node with a line per "
       "member, unique instances one by one).",
       {"clone pingc ping meta clone-max=2",
        "clone db-clone db meta promotable=true promoted-max=1"}},
      {"configure",
       "ms",
       "ms ID RSC [params K=V...] [meta K=V...]",
       "The old spelling of a promotable clone (also 'master'): the same as 'clone ID RSC meta "
       "promotable=true', and shown that way.",
       {"ms db-ms db meta promoted-max=1"}},
      {"configure",
       "location",
       "location ID RSC|/REGEX/ [role=ROLE] [resource-discovery=always|never|exclusive] "
       "{SCORE: NODE | rule [$id=ID] [$role=ROLE] [SCORE:|ATTRIBUTE:] EXPRESSION [rule ...]}",
       "Prefers or avoids nodes. EXPRESSION is ATTR [TYPE:]OP VALUE, defined ATTR or not_defined "
       "ATTR, joined by 'and' or 'or' (not both); OP is lt gt lte gte eq ne, TYPE string, integer, "
       "number or version; #uname is the node name. A date EXPRESSION is 'date gt|lt DATE', "
       "'date in start=DATE end=DATE', 'date in start=DATE years=N months=N weeks=N days=N "
       "hours=N minutes=N seconds=N' or 'date spec FIELD=N|A-B...' (FIELD: years months weeks "
       "weekyears yeardays monthdays weekdays hours minutes seconds; weekday 1 is Monday); DATE "
       "is ISO 8601 (2026-03-01, 2026-060, 2026-W09-7, with ' 10:00[:00]' and an offset such as "
       "+01:00; no offset means UTC), judged at crm simulate's --now. crm simulate only: a running "
       "cluster refuses date rules (nothing re-runs the scheduler when their time comes). "
       "/REGEX/ (rsc-pattern, POSIX extended) applies the location to every top-level resource "
       "whose id matches, /!REGEX/ to those that do not; %1 to %9 in a rule's ATTR or "
       "score-attribute stand for the match's groups. A rule whose score-attribute a node lacks "
       "bans the resource there.",
       {"location prefer-n1 vip 100: node1", "location vips-on-n1 /^vip-/ 100: node1",
        "location no-ping vip rule -inf: not_defined pingd or pingd number:lte 0",
        "location office vip rule 100: date spec hours=9-16 weekdays=1-5"}},
      {"configure",
       "colocation",
       "colocation ID SCORE: RSC[:ROLE] WITH_RSC[:ROLE] [node-attribute=A] | "
       "colocation ID SCORE: SET... [node-attribute=A]",
       "Places RSC relative to WITH_RSC (inf: together, -inf: apart). With more than two "
       "resources, or brackets, they are resource sets: inside a set each resource is placed "
       "with the one before it, and each set with the set after it; ( A B ) is a set whose "
       "members are not placed with each other (sequential=false), [ A B ] also has "
       "require-all=false; RSC:ROLE gives the set a role.",
       {"colocation proxy-with-vip inf: proxy vip",
        "colocation web-with-ips inf: ( ip1 ip2 ) web"}},
      {"configure",
       "order",
       "order ID [Mandatory:|Optional:|Serialize:|SCORE:] FIRST[:ACTION] THEN[:ACTION] "
       "[symmetrical=BOOL] | order ID [KIND:] SET... [symmetrical=BOOL]",
       "Orders actions: THEN starts after FIRST (and stops before it when symmetrical). With "
       "more than two resources, or brackets, they are resource sets in order: ( A B ) starts "
       "A and B in any order, sequential=true or require-all=BOOL inside brackets say "
       "otherwise; RSC:ACTION gives the set an action. [ A B ] C starts C once any one of A "
       "and B can start (require-all=false); with sequential=true the scheduler refuses it.",
       {"order vip-before-proxy Mandatory: vip proxy", "order fs-first Mandatory: fs ( db web )",
        "order any-db Mandatory: [ db1 db2 ] app"}},
      {"configure",
       "rsc_template",
       "rsc_template ID CLASS:PROVIDER:TYPE [description=TEXT] [params K=V...] [meta K=V...] "
       "[utilization K=V...] [op NAME K=V...]...  |  primitive ID @TEMPLATE [params ...]",
       "Defines a resource template: a primitive's content that is never run itself. A "
       "primitive written with @TEMPLATE in place of its agent gets the template's agent, "
       "attributes and operations; its own params, meta and utilization override the "
       "template's values of the same name, and its own op replaces the template's op of the "
       "same name and interval. A location, colocation, order or rsc_ticket naming the template "
       "applies to every primitive using it (crm simulate only: a running cluster refuses "
       "templates; a template colocated with a template is refused). A template in use cannot "
       "be deleted.",
       {"rsc_template web-tpl ocf:heartbeat:apache params configfile=/etc/apache2/apache2.conf "
        "op monitor interval=30s",
        "primitive web1 @web-tpl params port=8081", "location web-on-n1 web-tpl 100: node1"}},
      {"configure",
       "tag",
       "tag ID: RSC...",
       "Names several resources at once: a location, colocation or order that names the tag "
       "applies to each of them (in a resource set, they stand in the tag's place).",
       {"tag web: proxy1 proxy2", "location web-prefers-n1 web 100: node1"}},
      {"configure",
       "rsc_ticket",
       "rsc_ticket ID TICKET: RSC[:ROLE] [loss-policy=stop|demote|fence|freeze]",
       "Lets RSC (in ROLE) run only while TICKET is granted; loss-policy says what happens when "
       "it is revoked (default stop). crm simulate only: a running cluster refuses tickets. "
       "One resource per ticket constraint here (RSC may be a template); an rsc_ticket with "
       "resource sets in a CIB (each resource of each set bound, in its set's role) is planned "
       "but cannot be shown in crm syntax.",
       {"rsc_ticket db-needs-a ticketA: db-clone:Promoted loss-policy=demote"}},
      {"configure",
       "property",
       "property [$id=SET] NAME=VALUE...",
       "Sets cluster options (cib-bootstrap-options unless $id is given). placement-strategy: "
       "default ignores utilization; utilization places a resource only where the remaining "
       "capacity covers its needs; minimal also packs resources onto as few nodes as it can; "
       "balanced also prefers the node with the most capacity left.",
       {"property stonith-enabled=false no-quorum-policy=stop",
        "property placement-strategy=balanced"}},
      {"configure",
       "rsc_defaults",
       "rsc_defaults NAME=VALUE...",
       "Sets resource defaults.",
       {"rsc_defaults resource-stickiness=100"}},
      {"configure",
       "op_defaults",
       "op_defaults NAME=VALUE...",
       "Sets operation defaults.",
       {"op_defaults timeout=60s"}},
      {"configure",
       "node",
       "node [ID:] NAME[:TYPE] [attributes K=V...] [utilization K=V...]",
       "Defines a node entry with attributes and utilization (the capacity it offers, whole "
       "numbers, per attribute such as cpu or memory).",
       {"node node1 attributes standby=off", "node node1 utilization cpu=8 memory=16384"}},
      {"configure",
       "fencing_topology",
       "fencing_topology TARGET DEV[,DEV]... [TARGET ...]  (TARGET: NODE: | attr:NAME=VALUE | "
       "pattern:REGEX)",
       "Fencing levels per target: each word after TARGET is a level, tried in order; devices "
       "joined by commas are all needed for that level. attr:NAME=VALUE names the nodes whose "
       "node attribute NAME (in <nodes>) is VALUE; pattern:REGEX the nodes whose name matches "
       "the POSIX extended regular expression. A node's own NODE: levels win; several matching "
       "attr:/pattern: targets for one node make its fencing fail with an error.",
       {"fencing_topology node1: ipmi1 pdu1,pdu2",
        "fencing_topology attr:rack=1 apc01,apc02 pattern:^web- ipmi"}},
      {"configure",
       "alert",
       "alert ID PATH [description=TEXT] [meta K=V...] [attributes K=V...] "
       "[select nodes|fencing|resources|attributes [{ NAME... }]...] "
       "[to [{] RECIPIENT [$id=ID] [meta K=V...] [attributes K=V...] [}]]...",
       "Defines an alert agent as Pacemaker runs them: the program PATH (absolute), run on "
       "cluster events once per RECIPIENT, with the event in CRM_alert_* environment variables "
       "and the attributes as variables of their own. Resource events run on the node that ran "
       "the action, node events on every node that sees the change, fencing events on the DC, "
       "attribute events on the attribute's node. select limits the kinds of event (all when "
       "absent; attributes { NAME... } limits those to the names given). meta timeout (default "
       "30s) and "
       "timestamp-format (default %H:%M:%S.%06N); a recipient's meta and attributes override "
       "the alert's.",
       {"alert log /usr/libexec/keel/alerts/alert_file.sh to /var/log/keel-alerts.log",
        "alert mail /usr/local/bin/alert_mail.sh meta timeout=10s select nodes fencing to "
        "ops@example.com"}},
      {"configure",
       "delete",
       "delete ID...",
       "Removes objects; constraints that named a removed resource go with it. An object Keel "
       "cannot handle (a ticket or a moon-phase date rule written by another tool) is kept as it "
       "is by every other change, and removed by deleting its id.",
       {"delete vip"}},
      {"configure",
       "show",
       "show [--secrets] [--json] [ID...|xml]",
       "Prints the staged configuration (or some objects) in crm syntax, or as XML. Values of "
       "parameters whose names contain passw, secret or token are shown as ******; --secrets "
       "shows them. --json prints {\"objects\":[{\"kind\",\"id\",\"crm\"}...]}: each "
       "object's kind, id and crm text. One-shot show of a CIB with parts Keel cannot read "
       "(tickets, ACLs, moon-phase date rules) prints its configuration (or the "
       "objects named) as XML and lists those parts on standard error.",
       {"show", "show vip", "show xml", "show --secrets fence1", "show --json"}},
      {"configure",
       "edit",
       "edit [ID]",
       "Opens $EDITOR on the crm text; on errors the editor reopens with them as comments after "
       "the text (their line numbers are the buffer's). An emptied buffer changes nothing.",
       {"edit vip"}},
      {"configure",
       "verify",
       "verify",
       "Checks the staged configuration: errors, then split-brain warnings (fencing disabled or "
       "without a device, no-quorum-policy=ignore without a quorum device, two nodes without "
       "two_node or a qdevice in corosync.conf ($COROSYNC_MAIN_CONFIG_FILE, else "
       "/etc/corosync/corosync.conf), a fence device that can fence no node, a resource allowed "
       "on an arbiter node (node attribute arbiter=true)). Agents: an unknown agent (ocf, lsb, "
       "heartbeat, stonith in /usr/sbin or $KEEL_FENCE_AGENT_DIR, systemd unit) is an error; for "
       "OCF agents installed "
       "here the meta-data is read: an unknown parameter, a required one not set or a value "
       "that is not the declared integer or boolean is an error, an operation the agent does "
       "not list or a timeout below its advice a warning (Keel's own agents are checked against "
       "their built-in meta-data; other agents not installed here are noted, not checked; "
       "meta-data is cached between runs, see KEEL_METADATA_CACHE). An alert whose path is not "
       "an executable file here is an error. Exit status: 0 clean, 1 "
       "warnings only, 2 errors (also when the CIB cannot "
       "be read). See doc/quorum.md.",
       {"verify", "CIB_file=/tmp/cib.xml crm configure verify"}},
      {"configure",
       "commit",
       "commit",
       "Sends the staged changes; nothing changes on error.",
       {"commit"}},
      {"configure",
       "load",
       "load replace|update FILE|-",
       "Reads crm text or XML (detected by content) from FILE, or standard input for -; replace "
       "discards the configuration first "
       "but keeps the nodes the file does not name, update replaces objects with the same id (an "
       "id defined twice in the file is an error).",
       {"load update /tmp/extra.crm", "crm configure load update - < extra.crm"}},
      {"shell",
       "levels",
       "configure | resource | node | cib | cd LEVEL | up | end | quit",
       "The interactive shell (crm without arguments) has levels; changes made at the configure "
       "level stay staged until commit (quit or Ctrl-D warns once before dropping them, Ctrl-C "
       "abandons only the line being typed; a script "
       "on stdin that ends with staged changes exits 1). start/stop at the resource level and "
       "standby/online at the node level commit at once, and are refused while configure changes "
       "are staged. TAB completes commands, resource ids, node names, agents and agent "
       "parameters.",
       {"crm", "configure", "up"}},
  };
  return kEntries;
}

namespace {

std::string EntryText(const HelpEntry& e) {
  std::string out = "usage: " + e.syntax + "\n\n" + e.description + "\n";
  if (!e.examples.empty()) out += "\nexamples:\n";
  for (const std::string& x : e.examples) out += "  " + x + "\n";
  return out;
}

std::string ManEscape(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\\')
      out += "\\e";
    else if (c == '-')
      out += "\\-";
    else
      out += c;
  }
  if (out.starts_with(".") || out.starts_with("'")) out = "\\&" + out;
  return out;
}

}  // namespace

std::expected<std::string, std::string> HelpText(std::string_view topic) {
  if (topic.empty()) {
    std::string out = "usage: crm [--force] COMMAND [ARGS...]\n\ncommands:\n";
    for (const HelpEntry& e : HelpEntries()) {
      if (e.level.empty()) out += "  " + e.syntax + "\n";
    }
    out += "\nconfigure commands:\n";
    for (const HelpEntry& e : HelpEntries()) {
      if (e.level == "configure") out += "  " + e.name + "\n";
    }
    return out + "\n'crm help COMMAND' for details; 'crm' alone opens the shell.\n";
  }
  std::vector<std::string> names;
  for (const HelpEntry& e : HelpEntries()) {
    if (e.name == topic || e.level + " " + e.name == topic) return EntryText(e);
    names.push_back(e.name);
  }
  return std::unexpected(UnknownWordMessage("help topic", topic, names) + "\n");
}

std::string HelpMarkdown() {
  std::string out =
      "# crm: the Keel shell\n\n<!-- generated by `crm help --markdown`; do not edit -->\n\n";
  std::string level = "-";
  for (const HelpEntry& e : HelpEntries()) {
    if (e.level != level) {
      level = e.level;
      out += "## " + (level.empty() ? std::string("Commands") : "Level: " + level) + "\n\n";
    }
    out += "### " + e.name + "\n\n```\n" + e.syntax + "\n```\n\n" + e.description + "\n\n";
    if (!e.examples.empty()) {
      out += "Examples:\n\n```\n";
      for (const std::string& x : e.examples) out += x + "\n";
      out += "```\n\n";
    }
  }
  return out;
}

std::string HelpMan() {
  std::string out = ".\\\" generated by `crm help --man`; do not edit\n.TH CRM 8 \"\" \"Keel\"\n";
  out +=
      ".SH NAME\ncrm \\- the Keel cluster shell\n.SH SYNOPSIS\n.B crm\n[\\-\\-force] COMMAND "
      "[ARGS...]\n";
  std::string level = "-";
  for (const HelpEntry& e : HelpEntries()) {
    if (e.level != level) {
      level = e.level;
      out += ".SH " + std::string(level.empty() ? "COMMANDS" : ManEscape(level) + " LEVEL") + "\n";
    }
    out += ".SS " + ManEscape(e.name) + "\n.nf\n" + ManEscape(e.syntax) + "\n.fi\n" +
           ManEscape(e.description) + "\n";
    for (const std::string& x : e.examples) {
      out += ".PP\n.RS\n.nf\n" + ManEscape(x) + "\n.fi\n.RE\n";
    }
  }
  return out;
}

}  // namespace keel
