#pragma once
// ocf:keel:IPVSDirector actions: start launches keel-ipvs-checker, stop ends it and removes the
// rules, monitor checks the checker and the rules. Entry point for ipvs_director_main.cc.

namespace keel {

int IpvsDirectorMain(int argc, char** argv);

}  // namespace keel
