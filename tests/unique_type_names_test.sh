#!/usr/bin/env bash
# Two headers defining the same type name in namespace keel break the one-definition rule as
# soon as one binary links both libraries (found: cli's NodeInfo destroyed the scheduler's under
# ASan). Lists every top-level struct/class defined in more than one header; fails if any.
# Usage: unique_type_names_test.sh SOURCE_DIR
set -euo pipefail
cd "${1:?usage: unique_type_names_test.sh SOURCE_DIR}"
dups=$(grep -rHoE '^(struct|class) [A-Za-z_][A-Za-z0-9_]*( final)? *(\{|:[^:])' \
         --include='*.h' xml crmd fencing agents cli tests bench lab 2>/dev/null |
       sed -E 's/^([^:]*):(struct|class) ([A-Za-z0-9_]+).*/\3 \1/' | sort |
       awk '{files[$1] = files[$1] " " $2; n[$1]++} END {for (t in n) if (n[t] > 1) print t ":" files[t]}')
if [[ -n $dups ]]; then
  echo "type names defined in more than one header (rename one):"
  echo "$dups"
  exit 1
fi
echo "no type name defined twice"
