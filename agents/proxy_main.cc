// ocf:keel:Proxy, installed as OCF_ROOT/resource.d/keel/Proxy.
#include "agents/proxy_agent.h"

int main(int argc, char** argv) { return keel::ProxyMain(argc, argv); }
