#pragma once
// keel-ipvs-checker: the long-running health checker IPVSDirector's start launches.
//   keel-ipvs-checker --instance NAME --backend nft|ipvsadm --pidfile PATH --statefile PATH
// It reads the same OCF_RESKEY_* parameters as the agent, installs the rules with every real
// server up, writes the pid file, then checks the servers and rewrites the rules when the
// destinations change. SIGTERM removes the rules and the pid file.

namespace keel {

int IpvsCheckerMain(int argc, char** argv);

}  // namespace keel
