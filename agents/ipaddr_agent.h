#pragma once
// ocf:keel:IPaddr actions (side effects: `ip` commands, ARP). Entry point for ipaddr_main.cc.

namespace keel {

int IpaddrMain(int argc, char** argv);

}  // namespace keel
