#pragma once
// ocf:keel:ping actions (side effects: `ping`, `attrd_updater`, a state file in HA_RSCTMP).
// start creates the state file and sets the attribute; monitor (the ping interval) pings every
// host again and sets it; stop deletes it and the state file. Entry point for ping_main.cc.

namespace keel {

int PingMain(int argc, char** argv);

}  // namespace keel
