# Shared by fetch.sh, run.sh, robustness.sh and overhead.sh (sourced, not run).
# Only facts that more than one script needs live here: where things are, the pinned versions,
# and how to name a JDK.

# The workloads' jars, inputs, compiled drivers and run outputs live outside the repository,
# so nothing large or machine-specific ends up in git.
WORKLOADS_HOME=${HEAPPROF_WORKLOADS:-$HOME/.cache/heapprof-workloads}
# This directory (bench/workloads), for the driver sources.
BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

ALL_WORKLOADS="javac jackson h2"

# Pinned versions: the same bytes every time, so runs on different days are comparable.
GUAVA_VERSION=33.5.0-jre            # javac compiles this release's sources
JACKSON_VERSION=2.18.2              # jackson-databind
H2_VERSION=2.3.232
BCD_VERSION=8.1.9                   # npm @mdn/browser-compat-data: its data.json (~20 MB, CC0) is the JSON input
DEPENDENCY_PLUGIN=org.apache.maven.plugins:maven-dependency-plugin:3.8.1

# Default JDK: the machine's JDK 17; JAVA_HOME overrides.
DEFAULT_JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64
JDK25_HOME=${JDK25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}

die() { echo "error: $*" >&2; exit 2; }

# jdk_major <java home>: "17", "25", ... read from the JDK's release file (no JVM start needed).
jdk_major() {
  local v
  v=$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$1/release" 2>/dev/null) || true
  [ -n "$v" ] || die "$1 does not look like a JDK (no JAVA_VERSION in $1/release)"
  v=${v#1.}            # 1.8.0 -> 8
  echo "${v%%[.+-]*}"
}

# The JDKs robustness.sh and overhead.sh cover: 17, and 25 when installed. JDKS="path path" overrides.
jdk_homes() {
  if [ -n "${JDKS:-}" ]; then echo "$JDKS"; return; fi
  local homes=$DEFAULT_JAVA_HOME
  [ -x "$JDK25_HOME/bin/java" ] && homes="$homes $JDK25_HOME"
  echo "$homes"
}

# field <name> <line>: the value of name=value in a RESULT line.
field() { sed -n "s/.*[[:space:]]$1=\([^[:space:]]*\).*/\1/p" <<<"$2"; }

# median of numbers given as arguments ("NA" when there are none).
median() {
  [ $# -gt 0 ] || { echo NA; return; }
  printf '%s\n' "$@" | sort -g | awk '{v[NR]=$1} END {m = (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2; printf "%.2f\n", m}'
}

# A 95% confidence interval for the median of these values, "low-high", free of any assumption on
# their distribution: the k-th smallest and k-th largest, k the largest with 2 P(X < k) <= 0.05 for
# X ~ Binomial(n, 1/2) (each value falls below the true median with probability 1/2). NA under 6
# values, where even the smallest and largest cover less than 95%.
median_ci() {
  [ $# -ge 6 ] || { echo NA; return; }
  printf '%s\n' "$@" | sort -g | awk '{v[NR]=$1} END {
    n = NR; p = 0.5 ^ n; below = 0; k = 0
    for (j = 0; j < n; j++) { below += p; if (2 * below > 0.05) break; k = j + 1; p = p * (n - j) / (j + 1) }
    printf "%.3f-%.3f\n", v[k], v[n + 1 - k] }'
}

# Pairs' wall ratios as overhead.sh and pool.sh print them: "median [95% CI] (min-max)", NA if none.
ratio_summary() {
  [ $# -gt 0 ] || { echo NA; return; }
  local sorted; sorted=$(printf '%s\n' "$@" | sort -g)
  printf '%s [%s] (%s)\n' "$(awk '{v[NR]=$1} END {printf "%.3f", (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}' <<<"$sorted")" \
    "$(median_ci "$@")" "$(awk 'NR == 1 {low = $1} {high = $1} END {printf "%.3f-%.3f", low, high}' <<<"$sorted")"
}
