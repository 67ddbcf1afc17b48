// ocf:keel:IPVSDirector, installed as OCF_ROOT/resource.d/keel/IPVSDirector.
#include "agents/ipvs_director_agent.h"

int main(int argc, char** argv) { return keel::IpvsDirectorMain(argc, argv); }
