#pragma once
// `crm cluster init`: the configuration of a new cluster, as text. Pure: options in, the
// corosync.conf and the first CIB out; cli/cluster_command.cc parses the command line, makes
// the authkey and writes the files.

#include <expected>
#include <string>
#include <string_view>
#include <vector>

#include "xml/base/error.h"

namespace keel {

struct ClusterInitNode {
  std::string name;  // the corosync nodelist name, which crmd uses as the node's name
  std::string addr;  // ring0_addr: an IPv4 or IPv6 address or a host name
  int nodeid = 0;    // 1, 2, ... in the order given
};

struct ClusterInitOptions {
  std::string cluster_name;
  std::vector<ClusterInitNode> nodes;
  bool two_node = false;     // votequorum two_node: 1 (exactly two nodes)
  std::string qdevice_host;  // a corosync-qnetd host for a quorum device; empty: none
  int token_ms = 3000;       // totem token (corosync's default)
};

// "n1=ADDR,n2=ADDR,...": node names are letters, digits, '.', '_' and '-' (first a letter or
// digit); each name and each address appears once; node ids are given in order from 1. Every
// problem is reported, each naming the entry it is in.
std::expected<std::vector<ClusterInitNode>, Errors> ParseClusterNodes(std::string_view text);

// Checks what the nodes alone cannot: the cluster name, at least two nodes, --two-node only
// with exactly two and never with --qdevice, a token between 100 and 60000 ms, a valid qdevice
// host. Empty when everything is right.
Errors CheckClusterInit(const ClusterInitOptions& options);

// The corosync.conf (one key per line, as corosync's parser wants): knet, crypto_cipher aes256
// and crypto_hash sha256 (the authkey at corosync's default path), the nodelist, votequorum with
// two_node or a net quorum device (ffsplit for an even node count, lms for an odd one).
// Precondition: CheckClusterInit(options) is empty.
std::string CorosyncConfText(const ClusterInitOptions& options);

// The first CIB: fencing enabled (stonith-enabled=true), the nodes, no resources. crmd seeds
// its store from it on its first start (crmd/cib/cib_file.h).
std::string InitialCibText(const ClusterInitOptions& options);

// What to do next: copy corosync.conf and authkey to the other nodes, start, add a fence
// device. `conf_dir` is where the two files were written.
std::string ClusterInitNextSteps(const ClusterInitOptions& options, std::string_view conf_dir);

}  // namespace keel
