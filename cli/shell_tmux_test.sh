#!/usr/bin/env bash
# Drives the interactive crm shell in a private tmux server: tab completion (commands, agents,
# agent parameters from meta-data), staged changes, an error with its suggestion, commit.
# Usage: shell_tmux_test.sh PATH_TO_CRM
set -euo pipefail
crm=$1
command -v tmux >/dev/null || { echo "SKIP: tmux not installed"; exit 0; }
work=$(mktemp -d /tmp/crm-tmux.XXXXXX)
sock="crm-test-$$-$RANDOM"
cleanup() {
  tmux -L "$sock" kill-server 2>/dev/null || true
  for _ in 1 2 3 4 5; do rm -rf "$work" 2>/dev/null && break; sleep 0.2; done
}
trap cleanup EXIT

mkdir -p "$work/ocf/resource.d/heartbeat"
cat > "$work/ocf/resource.d/heartbeat/Dummy" <<'AGENT'
#!/bin/sh
cat <<XML
<?xml version="1.0"?>
<resource-agent name="Dummy"><parameters>
<parameter name="state"><content type="string"/></parameter>
<parameter name="fake"><content type="string"/></parameter>
</parameters></resource-agent>
XML
AGENT
chmod +x "$work/ocf/resource.d/heartbeat/Dummy"
# Slow: its meta-data takes a second (Ctrl-C ignored) and says when it started.
cat > "$work/ocf/resource.d/heartbeat/Slow" <<AGENT
#!/bin/sh
trap '' INT
touch "$work/slow-started"
sleep 1
echo '<resource-agent name="Slow"><parameters><parameter name="speed"/></parameters></resource-agent>'
AGENT
chmod +x "$work/ocf/resource.d/heartbeat/Slow"
cat > "$work/cib.xml" <<'CIB'
<cib admin_epoch="0" epoch="1" num_updates="0" validate-with="pacemaker-3.0">
  <configuration>
    <crm_config/>
    <nodes><node id="1" uname="node1"/><node id="2" uname="node2"/></nodes>
    <resources><primitive id="vip" class="ocf" provider="keel" type="IPaddr"/></resources>
    <constraints/>
  </configuration>
  <status/>
</cib>
CIB
before=$(md5sum < "$work/cib.xml")

tmux -L "$sock" new-session -d -x 160 -y 40 \
  "env CIB_file=$work/cib.xml OCF_ROOT=$work/ocf HOME=$work TERM=xterm $crm; sleep 30"

screen() { tmux -L "$sock" capture-pane -p -J; }
# wait_for TEXT: up to 5 s for TEXT to appear on the screen.
wait_for() {
  for _ in $(seq 50); do
    if screen | grep -qF -- "$1"; then return 0; fi
    sleep 0.1
  done
  echo "FAIL: '$1' did not appear; screen:"; screen; exit 1
}
keys() { tmux -L "$sock" send-keys "$@"; }

wait_for 'crm(live)#'
keys 'configure' Enter
wait_for 'crm(live)configure#'
keys 'prim' Tab
wait_for 'configure# primitive '
keys 'd ocf:heartbeat:Du' Tab
wait_for 'primitive d ocf:heartbeat:Dummy '
keys 'params st' Tab
wait_for 'params state='
keys '/tmp/x' Enter
wait_for 'crm(live)configure*#'
[[ $(md5sum < "$work/cib.xml") == "$before" ]] || { echo "FAIL: staged change reached the file"; exit 1; }
# Ctrl-C abandons the line being typed; the shell and its staged change stay.
keys 'half typed'
wait_for 'configure*# half typed'
keys C-c
wait_for '^C'
keys 'show d' Enter
wait_for 'primitive d ocf:heartbeat:Dummy'
# A Ctrl-C that comes while crm is busy (completing from slow meta-data) abandons the line too:
# the keys typed after it make a line of their own.
keys 'primitive s ocf:heartbeat:Slow params ' Tab
for _ in $(seq 50); do [[ -e "$work/slow-started" ]] && break; sleep 0.1; done
[[ -e "$work/slow-started" ]] || { echo "FAIL: Slow's meta-data never ran; screen:"; screen; exit 1; }
keys C-c
keys 'show vip' Enter
wait_for 'primitive vip ocf:keel:IPaddr'
# Ctrl-C and the next line in one write, as a fast typist (or a loaded machine) delivers them:
# the key right after Ctrl-C starts the new line instead of joining the abandoned one.
keys 'abandoned' C-c 'shwo' Enter
wait_for "unknown command 'shwo', did you mean 'show'?"
# Parameters of Keel's own agents (not installed under this OCF_ROOT) and of a short agent
# name (Dummy is ocf:heartbeat:Dummy); each line is abandoned with Ctrl-C.
keys 'primitive k ocf:keel:IPaddr params cidr' Tab
wait_for 'params cidr_netmask='
keys C-c
keys 'primitive d2 Dummy params fa' Tab
wait_for 'primitive d2 Dummy params fake='
keys C-c
keys 'colocaton c inf: d vip' Enter
wait_for "unknown command 'colocaton', did you mean 'colocation'?"
keys 'colocation c inf: d v' Tab
wait_for 'colocation c inf: d vip '
keys Enter
keys 'commit' Enter
wait_for 'committed: CIB version 0.2.0'
grep -q 'id="d"' "$work/cib.xml" || { echo "FAIL: commit did not write d"; exit 1; }
grep -q 'rsc_colocation id="c"' "$work/cib.xml" || { echo "FAIL: commit did not write c"; exit 1; }
keys 'quit' Enter

# Scripts (stdin not a terminal), on a copy of the CIB.
cp "$work/cib.xml" "$work/script.xml"
script() { env CIB_file="$work/script.xml" OCF_ROOT="$work/ocf" HOME="$work" "$crm" >"$work/out" 2>"$work/err"; }
# 1. The end of input with staged changes drops them loudly: exit 1, the file unchanged.
copy=$(md5sum < "$work/script.xml")
if printf 'configure\nprimitive x ocf:heartbeat:Dummy\n' | script; then
  echo "FAIL: a script ending with staged changes exited 0"; exit 1
fi
grep -q 'staged changes that were not committed' "$work/err" || { echo "FAIL: no message: $(cat "$work/err")"; exit 1; }
[[ $(md5sum < "$work/script.xml") == "$copy" ]] || { echo "FAIL: dropped changes reached the file"; exit 1; }
# 2. resource stop commits at once (as help says), also in a script without 'commit'.
printf 'resource\nstop vip\n' | script || { echo "FAIL: resource stop: $(cat "$work/err")"; exit 1; }
grep -q 'name="target-role" value="Stopped"' "$work/script.xml" || { echo "FAIL: stop vip not committed"; exit 1; }
# 3. ...but not while configure changes are staged (they would go along): refused.
copy=$(md5sum < "$work/script.xml")
printf 'configure\nprimitive y ocf:heartbeat:Dummy\nup\nresource\nstart vip\nquit\nquit\n' | script || true
grep -q 'commits at once, but configure changes are staged' "$work/err" || { echo "FAIL: no refusal: $(cat "$work/err")"; exit 1; }
[[ $(md5sum < "$work/script.xml") == "$copy" ]] || { echo "FAIL: start went through with staged changes"; exit 1; }
# 4. node standby of a node that is not in the cluster is refused.
printf 'node\nstandby nosuchnode\n' | script || true
grep -q 'not a node of this cluster' "$work/err" || { echo "FAIL: standby nosuchnode: $(cat "$work/err")"; exit 1; }
grep -q nosuchnode "$work/script.xml" && { echo "FAIL: standby nosuchnode created a node"; exit 1; }
# 5. crm status --watch redraws: a change to the CIB shows at the next refresh; Ctrl-C ends it
# with exit 0.
cp "$work/script.xml" "$work/watch.xml"
# A server of its own (a server being killed may not take a new session at once).
tmux -L "$sock" kill-server 2>/dev/null || true
sock="$sock-watch"
tmux -L "$sock" new-session -d -x 160 -y 40 \
  "env CIB_file=$work/watch.xml OCF_ROOT=$work/ocf HOME=$work TERM=xterm $crm status --watch --interval 1; echo watch-exit=\$?; sleep 30"
wait_for 'Every 1s: crm status'
wait_for 'vip (ocf:keel:IPaddr)'
env CIB_file="$work/watch.xml" OCF_ROOT="$work/ocf" HOME="$work" "$crm" configure primitive w ocf:heartbeat:Dummy >/dev/null 2>&1 \
  || { echo "FAIL: could not add w to the watched CIB"; exit 1; }
wait_for 'w (ocf:heartbeat:Dummy)'
keys C-c
wait_for 'watch-exit=0'
echo "PASS: completion, staging, suggestion and commit work in the interactive shell; scripts"\
  "that end with staged changes fail; resource/node changes commit at once; status --watch"\
  "redraws and ends on Ctrl-C"
