// keel-ipvs-checker, installed as OCF_ROOT/lib/keel/keel-ipvs-checker.
#include "agents/ipvs_checker.h"

int main(int argc, char** argv) { return keel::IpvsCheckerMain(argc, argv); }
