#!/usr/bin/env bash
# Pools the pairs of several overhead.sh series of the same agent into one estimate per workload
# and JDK: one series of a few pairs moves by 5 to 10% from the next on a shared machine, more
# pairs narrow the median's confidence interval.
#
#   ./pool.sh SERIES...        each a report overhead.sh saved (results/overhead.txt, copied away
#                              before the next series overwrites it)
#
# A pair is the "run N without" and "run N with" lines of one row of one report, both with exit 0.
# Prints, per workload and JDK, the number of pairs, the median of their wall ratios (with / without)
# with its 95% confidence interval (lib.sh's median_ci) and their min-max. Pool only series of one
# agent build: the script cannot tell, each report's first line names its jar and checksum.
set -uo pipefail
source "$(dirname "$0")/lib.sh"

[ $# -gt 0 ] || die "usage: pool.sh SERIES... (reports saved by overhead.sh)"
for f in "$@"; do
  [ -r "$f" ] || die "cannot read $f"
  grep -q '^run [0-9]* with: RESULT' "$f" || die "$f has no 'run N with: RESULT' line: not an overhead.sh report"
  echo "$f: $(grep -m1 '^agent: ' "$f" || echo 'no "agent:" line (a capture of the runs alone?)')" >&2
done

# One line per pair: "workload jdk ratio", from every file (a series' run numbers restart per row).
pairs=$(awk '
  FNR == 1 { file++ }
  /^run [0-9]+ (with|without): RESULT/ {
    side = $3; sub(/:$/, "", side)
    w = ""; j = ""; e = ""; s = ""
    for (i = 4; i <= NF; i++) {
      split($i, kv, "=")
      if (kv[1] == "workload") w = kv[2]; else if (kv[1] == "jdk") j = kv[2]
      else if (kv[1] == "exit") e = kv[2]; else if (kv[1] == "wall_s") s = kv[2]
    }
    if (e != "0" || s == "") next
    key = file SUBSEP w SUBSEP j SUBSEP $2
    if (side == "with") with[key] = s; else without[key] = s
  }
  END {
    for (k in with) if ((k in without) && without[k] > 0) {
      split(k, p, SUBSEP); printf "%s %s %.4f\n", p[2], p[3], with[k] / without[k]
    }
  }' "$@")
[ -n "$pairs" ] || die "no complete pair (both runs with exit 0) in $*"

echo "| workload | JDK | pairs | pair ratios median [95% CI] (min-max) |"
echo "| --- | --- | --- | --- |"
for row in $(awk '{print $1 "/" $2}' <<<"$pairs" | sort -u); do
  w=${row%/*}; j=${row#*/}
  mapfile -t r < <(awk -v w="$w" -v j="$j" '$1 == w && $2 == j {print $3}' <<<"$pairs")
  printf '| %s | %s | %d | %s |\n' "$w" "$j" "${#r[@]}" "$(ratio_summary "${r[@]}")"
done
