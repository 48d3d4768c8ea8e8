#!/usr/bin/env bash
# Runs one workload once and prints one line:
#   RESULT workload=javac jdk=17 exit=0 wall_s=12.34 cpu_s=20.10 alloc_mb=1700.2 out=/path/to/run/dir
#
#   ./run.sh WORKLOAD [extra JVM args...]        WORKLOAD: javac | jackson | h2
#   JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 ./run.sh h2 -javaagent:$PWD/../../agent/target/heapprof.jar=file=/tmp/hp/out/h2
#
# wall_s and cpu_s (user + sys, all threads) are the whole JVM process's, from GNU time; alloc_mb
# (MiB) is what the JVM's own counter saw allocated while the entry point ran (drivers/Measure.java).
# The run's files go to $RESULTS_DIR/$RUN_TAG/ (default ~/.cache/heapprof-workloads/results/WORKLOAD-JDK/):
#   stdout  the program's output: compared by robustness.sh
#   stderr  JVM, agent (the "heapprof: " lines) and timing lines
#   classes.sha256  javac only: a digest of every class file javac wrote (its real output)
#   result  the RESULT line
# Environment: JAVA_HOME (default JDK 17), RUN_TAG, RESULTS_DIR, TIMEOUT (seconds, default 900: the
# JVM gets SIGQUIT, which prints a thread dump into stdout, then SIGKILL 20 s later),
# JACKSON_ITERATIONS (10), JACKSON_THREADS (2), SALES_ROWS (h2, 500000), KEEP_SCRATCH=1.
# Exit status: the workload's exit status.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

[ $# -ge 1 ] || die "usage: $0 WORKLOAD [extra JVM args...]   (WORKLOAD: $ALL_WORKLOADS)"
workload=$1; shift
case " $ALL_WORKLOADS " in *" $workload "*) ;; *) die "unknown workload '$workload' (known: $ALL_WORKLOADS)";; esac

export JAVA_HOME=${JAVA_HOME:-$DEFAULT_JAVA_HOME}
JAVA=$JAVA_HOME/bin/java
[ -x "$JAVA" ] || die "no java at $JAVA (set JAVA_HOME to a JDK)"
jdk=$(jdk_major "$JAVA_HOME")

home=$WORKLOADS_HOME/$workload
[ -f "$home/.fetched" ] || die "workload '$workload' is not fetched: run $BENCH_DIR/fetch.sh $workload"

# --- compile the drivers when missing or older than their sources -------------------------------
# With --release 17 the classes run on every JDK we test; compiled by JDK 17's javac when present.
JAVAC=$DEFAULT_JAVA_HOME/bin/javac; [ -x "$JAVAC" ] || JAVAC=$JAVA_HOME/bin/javac
compile() { # compile <source> <output dir> [classpath]
  local src=$BENCH_DIR/drivers/$1 outdir=$2 cls
  cls=$outdir/$(basename "$1" .java).class
  if [ ! -f "$cls" ] || [ "$src" -nt "$cls" ]; then
    mkdir -p "$outdir"
    "$JAVAC" --release 17 -nowarn -d "$outdir" ${3:+-cp "$3"} "$src" || die "could not compile $src"
  fi
}
MEASURE_CP=$WORKLOADS_HOME/drivers-classes
compile Measure.java "$MEASURE_CP"

# --- where this run's files go --------------------------------------------------------------------
RESULTS_DIR=${RESULTS_DIR:-$WORKLOADS_HOME/results}
RUN_TAG=${RUN_TAG:-$workload-$jdk}
dir=$RESULTS_DIR/$RUN_TAG
scratch=$dir/scratch     # what the program writes (javac's classes, H2's database), removed afterwards
rm -rf "$dir"; mkdir -p "$scratch"

# --- the command per workload ---------------------------------------------------------------------
case $workload in
  javac)
    # The JDK's own compiler, in-process, compiling Guava's 606 source files against Guava's
    # dependencies. Runs in $home because sources.txt lists paths relative to it.
    cd "$home"
    cp=$(find lib -name '*.jar' ! -name "guava-$GUAVA_VERSION.jar" | LC_ALL=C sort | paste -sd: )
    program=(com.sun.tools.javac.Main -encoding UTF-8 -nowarn -proc:none -XDsuppressNotes
             -d "$scratch/classes" -cp "$cp" @sources.txt)
    classpath=$MEASURE_CP
    ;;
  jackson)
    compile JsonWorkload.java "$home/classes" "$home/lib/*"
    cd "$scratch"
    program=(JsonWorkload "$home/data.json" "${JACKSON_ITERATIONS:-10}" "${JACKSON_THREADS:-2}")
    classpath=$MEASURE_CP:$home/classes:$home/lib/*
    ;;
  h2)
    cd "$scratch"
    sed "s/@ROWS@/${SALES_ROWS:-500000}/g" "$BENCH_DIR/drivers/h2-workload.sql" >workload.sql
    program=(org.h2.tools.RunScript -url "jdbc:h2:$scratch/db" -user sa -script workload.sql -showResults)
    classpath=$MEASURE_CP:$home/lib/*
    ;;
esac

# --- run it ---------------------------------------------------------------------------------------
timeout_s=${TIMEOUT:-900}
cmd=(timeout --signal=QUIT --kill-after=20 "$timeout_s" "$JAVA" "$@" -cp "$classpath" Measure "${program[@]}")
printf '%q ' "${cmd[@]}" >"$dir/command"; echo >>"$dir/command"
rc=0
start=$(date +%s.%N)
if [ -x /usr/bin/time ]; then
  # GNU time: elapsed, user and sys seconds of the JVM (timeout passes its child's usage on).
  /usr/bin/time -f '%e %U %S' -o "$dir/time" "${cmd[@]}" >"$dir/stdout" 2>"$dir/stderr" || rc=$?
  # time writes "Command exited with non-zero status N" first when rc != 0: use the last line.
  read -r wall user sys < <(tail -1 "$dir/time")
  cpu=$(echo "$user + $sys" | bc)
else
  "${cmd[@]}" >"$dir/stdout" 2>"$dir/stderr" || rc=$?
  wall=$(echo "$(date +%s.%N) - $start" | bc); cpu=NA
fi
elapsed=$(echo "$(date +%s.%N) - $start" | bc)

alloc=$(sed -n 's/^MEASURE alloc_bytes=\([0-9-]*\).*/\1/p' "$dir/stderr" | tail -1)
alloc_mb=NA; [ -n "$alloc" ] && alloc_mb=$(awk -v b="$alloc" 'BEGIN {printf "%.1f", b / 1048576}')

# javac's real output is its class files: digest each (sorted by name) and the whole set.
if [ "$workload" = javac ] && [ -d "$scratch/classes" ]; then
  (cd "$scratch/classes" && find . -type f -name '*.class' | LC_ALL=C sort | xargs -r sha256sum) >"$dir/classes.sha256"
fi
[ "${KEEP_SCRATCH:-0}" = 1 ] || rm -rf "$scratch"

timed_out=""
if { [ $rc = 124 ] || [ $rc = 137 ]; } && [ "$(echo "$elapsed >= $timeout_s" | bc)" = 1 ]; then timed_out=" timed_out=1"; fi
line=$(printf 'RESULT workload=%s jdk=%s exit=%s wall_s=%.2f cpu_s=%s alloc_mb=%s%s out=%s' \
  "$workload" "$jdk" "$rc" "$wall" "$cpu" "$alloc_mb" "$timed_out" "$dir")
echo "$line" | tee "$dir/result"
if [ $rc != 0 ]; then
  { echo "--- $workload exited with $rc; last lines of $dir/stderr:"; tail -15 "$dir/stderr"; } >&2
fi
exit $rc
