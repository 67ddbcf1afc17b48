// ocf:keel:IPaddr, installed as OCF_ROOT/resource.d/keel/IPaddr.
#include "agents/ipaddr_agent.h"

int main(int argc, char** argv) { return keel::IpaddrMain(argc, argv); }
