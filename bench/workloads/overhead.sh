#!/usr/bin/env bash
# What does the agent cost on real programs? For each workload and JDK (17, and 25 when installed),
# RUNS pairs of runs, without and with the agent at its default options (default interval), and
# prints the medians of wall and CPU seconds of each side, their ratio (with / without), the median
# of the pairs' own ratios (each pair's two runs are seconds apart, so a machine whose speed drifts
# over minutes moves both alike) with its 95% confidence interval from 6 pairs on, and the coverage
# the agent reports in its summary line (its estimate over the program's own allocation).
#
#   ./overhead.sh [RUNS]                      RUNS defaults to 5
#   WORKLOADS=javac JDKS=/usr/lib/jvm/java-17-openjdk-amd64 ./overhead.sh 1     # one quick pair
#
# The pairs are interleaved, and the order inside a pair alternates (without-with, then
# with-without), so slow drift of a shared machine hits both sides alike. Wall time on a busy
# 2-core machine is noisy: trust medians over several runs, and CPU seconds more than wall.
# Environment: WORKLOADS (default: javac jackson h2), JDKS, HEAPPROF_JAR (default
# agent/target/heapprof.jar of this checkout), AGENT_OUT (default /tmp/hp/out), AGENT_OPTS (extra agent options, e.g.
# interval=64k), and run.sh's.
set -uo pipefail
source "$(dirname "$0")/lib.sh"

RUNS=${1:-5}
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive number, not '$RUNS'"
JAR=${HEAPPROF_JAR:-$BENCH_DIR/../../agent/target/heapprof.jar}
AGENT_OUT=${AGENT_OUT:-/tmp/hp/out}
[ -f "$JAR" ] || die "no agent jar at $JAR (build it, copy it there, or set HEAPPROF_JAR)"
mkdir -p "$AGENT_OUT"
RESULTS_DIR=${RESULTS_DIR:-$WORKLOADS_HOME/results}; export RESULTS_DIR
report=$RESULTS_DIR/overhead.txt
: >"$report.runs"

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "NA" || b == "NA" || a == 0) print "NA"; else printf "%.3f\n", b / a }'; }

rows=()
failed=0
for home in $(jdk_homes); do
  jdk=$(jdk_major "$home")
  for w in ${WORKLOADS:-$ALL_WORKLOADS}; do
    wall_a=(); wall_b=(); cpu_a=(); cpu_b=(); cov=(); pairs=()
    for i in $(seq "$RUNS"); do
      sides="without with"; [ $((i % 2)) = 0 ] && sides="with without"
      pair_a=""; pair_b=""
      for side in $sides; do
        args=(); [ "$side" = with ] && args=("-javaagent:$JAR=file=$AGENT_OUT/overhead-$w-$jdk${AGENT_OPTS:+,$AGENT_OPTS}")
        line=$(JAVA_HOME=$home RUN_TAG=overhead-$w-$jdk-$side "$BENCH_DIR/run.sh" "$w" "${args[@]}" | grep '^RESULT')
        echo "run $i $side: $line" | tee -a "$report.runs" >&2
        if [ "$(field exit "$line")" != 0 ]; then failed=1; continue; fi
        if [ "$side" = with ]; then
          wall_b+=("$(field wall_s "$line")"); cpu_b+=("$(field cpu_s "$line")"); pair_b=$(field wall_s "$line")
          c=$(sed -n 's/^heapprof: .*(coverage \([0-9.]*\)%[;)].*/\1/p' "$(field out "$line")/stderr" | head -1)
          [ -n "$c" ] && cov+=("$c")
          grep -m1 -E '^heapprof: [0-9,]+ samples?,' "$(field out "$line")/stderr" >>"$report.runs"
        else
          wall_a+=("$(field wall_s "$line")"); cpu_a+=("$(field cpu_s "$line")"); pair_a=$(field wall_s "$line")
        fi
      done
      # The two runs of a pair are seconds apart: their ratio is immune to the machine's slower drift.
      [ -n "$pair_a" ] && [ -n "$pair_b" ] && pairs+=("$(ratio "$pair_a" "$pair_b")")
    done
    wa=$(median "${wall_a[@]}"); wb=$(median "${wall_b[@]}")
    ca=$(median "${cpu_a[@]}"); cb=$(median "${cpu_b[@]}")
    cv="NA"; [ ${#cov[@]} -gt 0 ] && cv="$(median "${cov[@]}" | awk '{printf "%.0f", $1}')% ($(printf '%s\n' "${cov[@]}" | sort -g | sed -n '1p;$p' | paste -sd- )%)"
    pr=$(ratio_summary "${pairs[@]}")
    rows+=("| $w | $jdk | ${#wall_a[@]} / ${#wall_b[@]} | $wa | $wb | $(ratio "$wa" "$wb") | $pr | $ca | $cb | $(ratio "$ca" "$cb") | $cv |")
  done
done

{
  echo "agent: $JAR ($(sha256sum "$JAR" | cut -c1-12)), options file=...${AGENT_OPTS:+,$AGENT_OPTS}; $RUNS pairs per row"
  echo
  echo "| workload | JDK | runs without / with | wall s without | wall s with | wall ratio | pair ratios median [95% CI] (min-max) | CPU s without | CPU s with | CPU ratio | coverage median (min-max) |"
  echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
  printf '%s\n' "${rows[@]}"
  echo
  echo "runs:"
  cat "$report.runs"
} | tee "$report"
rm -f "$report.runs"
[ $failed = 0 ] || echo "some runs failed (exit != 0): see the runs above" >&2
exit $failed
