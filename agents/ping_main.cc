// ocf:keel:ping, installed as OCF_ROOT/resource.d/keel/ping.
#include "agents/ping_agent.h"

int main(int argc, char** argv) { return keel::PingMain(argc, argv); }
