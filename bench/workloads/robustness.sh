#!/usr/bin/env bash
# Does the agent leave real programs working? For each workload and JDK (17, and 25 when installed),
# runs the workload without the agent and with it (default options), and checks:
#   exit     the same exit code
#   stdout   the same stdout (see same_stdout below for what is filtered); for javac also the same
#            class files (classes.sha256)
#   errors   none of VerifyError, ClassCircularityError, LinkageError, NoClassDefFoundError,
#            IncompatibleClassChangeError or "could not weave" in the agent run's stderr
#   summary  the agent printed its summary line ("heapprof: ... samples ..."), i.e. it shut down cleanly
# Prints a table, each agent run's summary line and any error lines; exits 1 if a check failed.
#
#   ./robustness.sh [workload...]            default: javac jackson h2
# Environment: HEAPPROF_JAR (default agent/target/heapprof.jar of this checkout), AGENT_OUT (profile files, default
# /tmp/hp/out: WORKLOAD-JDK.hpd etc.), AGENT_OPTS (extra agent options appended after file=, e.g.
# "log=/tmp/hp/agent.log,exclude=org.h2.*"), JVM_FLAGS (flags for both runs, e.g. "-XX:+UseZGC" or
# "-Xshare:off": another collector or VM mode), JDKS (JDK homes, space separated), and run.sh's.
set -uo pipefail   # no -e: a failing workload is a finding to report, not a reason to stop
source "$(dirname "$0")/lib.sh"

JAR=${HEAPPROF_JAR:-$BENCH_DIR/../../agent/target/heapprof.jar}
AGENT_OUT=${AGENT_OUT:-/tmp/hp/out}
[ -f "$JAR" ] || die "no agent jar at $JAR (build it, copy it there, or set HEAPPROF_JAR)"
mkdir -p "$AGENT_OUT"
RESULTS_DIR=${RESULTS_DIR:-$WORKLOADS_HOME/results}; export RESULTS_DIR
ERRORS='VerifyError|ClassCircularityError|LinkageError|NoClassDefFoundError|IncompatibleClassChangeError|could not weave'

# same_stdout <plain dir> <agent dir>: compares the two stdouts, writes the difference to
# <agent dir>/stdout.diff. Nothing is filtered: the drivers print their timings on stderr and
# every query and checksum they print is deterministic, so any difference is a finding.
same_stdout() {
  diff "$1/stdout" "$2/stdout" >"$2/stdout.diff"
}
# same_classes <plain dir> <agent dir>: javac's class files, byte for byte (absent for other workloads).
same_classes() {
  [ -f "$1/classes.sha256" ] || [ -f "$2/classes.sha256" ] || { echo "-"; return; }
  if [ -s "$1/classes.sha256" ] && cmp -s "$1/classes.sha256" "$2/classes.sha256"; then echo same; else echo DIFFERENT; fi
}

table=$RESULTS_DIR/robustness.txt
: >"$table.details"
rows=()
failed=0
for home in $(jdk_homes); do
  jdk=$(jdk_major "$home")
  for w in ${*:-$ALL_WORKLOADS}; do
    echo "== $w on JDK $jdk" >&2
    # shellcheck disable=SC2086 # JVM_FLAGS is a list of flags
    plain=$(JAVA_HOME=$home RUN_TAG=$w-$jdk-plain "$BENCH_DIR/run.sh" "$w" ${JVM_FLAGS:-} | grep '^RESULT')
    # shellcheck disable=SC2086
    agent=$(JAVA_HOME=$home RUN_TAG=$w-$jdk-agent "$BENCH_DIR/run.sh" "$w" ${JVM_FLAGS:-} \
      "-javaagent:$JAR=file=$AGENT_OUT/$w-$jdk${AGENT_OPTS:+,$AGENT_OPTS}" | grep '^RESULT')
    echo "   without: $plain" >&2
    echo "   with:    $agent" >&2
    pd=$(field out "$plain"); ad=$(field out "$agent")
    verdict=ok

    pe=$(field exit "$plain"); ae=$(field exit "$agent")
    [ "$pe" = "$ae" ] || verdict=FAIL
    if same_stdout "$pd" "$ad"; then out=same; else out=DIFFERENT; verdict=FAIL; fi
    classes=$(same_classes "$pd" "$ad"); [ "$classes" = DIFFERENT ] && verdict=FAIL
    errs=$(grep -cE "$ERRORS" "$ad/stderr"); [ "$errs" = 0 ] || verdict=FAIL
    summary=$(grep -m1 -E '^heapprof: [0-9,]+ samples?,' "$ad/stderr")
    [ -n "$summary" ] || verdict=FAIL
    [ "$verdict" = ok ] || failed=1

    rows+=("| $w | $jdk | $pe / $ae | $out | $classes | $errs | $(field wall_s "$plain") / $(field wall_s "$agent") | $(field cpu_s "$plain") / $(field cpu_s "$agent") | $(field alloc_mb "$plain") / $(field alloc_mb "$agent") | $verdict |")
    {
      echo "### $w, JDK $jdk: $verdict"
      echo "summary: ${summary:-(none: the agent printed no summary line)}"
      if [ "$errs" != 0 ]; then echo "error lines in $ad/stderr:"; grep -E "$ERRORS" "$ad/stderr" | head -20; fi
      if [ "$out" = DIFFERENT ]; then echo "stdout differs (first lines of $ad/stdout.diff):"; head -20 "$ad/stdout.diff"; fi
      if [ "$ae" != 0 ] || [ "$pe" != 0 ]; then echo "exit $pe without, $ae with; last lines of $ad/stderr:"; tail -20 "$ad/stderr"; fi
      echo
    } >>"$table.details"
  done
done

{
  echo "agent: $JAR ($(sha256sum "$JAR" | cut -c1-12)), options file=$AGENT_OUT/WORKLOAD-JDK${AGENT_OPTS:+,$AGENT_OPTS}${JVM_FLAGS:+; JVM flags for both runs: $JVM_FLAGS}"
  echo
  echo "| workload | JDK | exit without / with | stdout | javac classes | error lines | wall s without / with | CPU s without / with | alloc MiB without / with | verdict |"
  echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
  printf '%s\n' "${rows[@]}"
  echo
  cat "$table.details"
} | tee "$table"
rm -f "$table.details"
echo "(table saved in $table)"
exit $failed
