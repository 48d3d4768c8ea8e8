#!/usr/bin/env bash
# Downloads what the three workloads need into $HEAPPROF_WORKLOADS (default ~/.cache/heapprof-workloads):
#   javac/lib      Guava's jars (its dependencies are javac's classpath) and javac/src, Guava's sources
#   jackson/lib    jackson-databind and its dependencies; jackson/data.json from npm
#   h2/lib         the H2 database jar
# Maven artifacts come from Maven Central through Maven itself (transitive dependencies resolved,
# checksums verified); the JSON input comes from the npm registry through npm.
# Idempotent: a workload whose stamp file matches the pinned versions is skipped.
#   ./fetch.sh [workload...]     (default: javac jackson h2)
set -euo pipefail
source "$(dirname "$0")/lib.sh"

# Maven: the one on PATH, else the project's wrapper (which downloads Maven from Central).
if [ -n "${MVN:-}" ]; then :
elif command -v mvn >/dev/null; then MVN=mvn
elif [ -x "$BENCH_DIR/../../mvnw" ]; then MVN=$(cd "$BENCH_DIR/../.." && pwd)/mvnw
else die "Maven is needed to download from Maven Central: install it (apt-get install maven) or set MVN=/path/to/mvn"
fi
need() { command -v "$1" >/dev/null || die "'$1' is needed: $2"; }
need unzip "apt-get install unzip"
need tar "apt-get install tar"

mkdir -p "$WORKLOADS_HOME" || die "cannot create $WORKLOADS_HOME (set HEAPPROF_WORKLOADS to a writable directory)"

# maven_copy <dir> <coordinates...>: resolves g:a:v[:classifier] (with their runtime dependencies)
# and copies the jars into <dir>/lib. A throw-away pom that only lists dependencies is the
# simplest way to get Maven's own transitive resolution for a handful of artifacts.
maven_copy() {
  local dir=$1; shift
  local deps="" c g a v cl
  for c in "$@"; do
    IFS=: read -r g a v cl <<<"$c"
    deps+="<dependency><groupId>$g</groupId><artifactId>$a</artifactId><version>$v</version>${cl:+<classifier>$cl</classifier>}</dependency>"
  done
  mkdir -p "$dir"
  cat >"$dir/pom.xml" <<EOF
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>dev.heapprof.bench.workloads</groupId>
  <artifactId>$(basename "$dir")</artifactId>
  <version>0</version>
  <dependencies>$deps</dependencies>
</project>
EOF
  rm -rf "$dir/lib"
  if ! (cd "$dir" && "$MVN" -B -q -Dstyle.color=never "$DEPENDENCY_PLUGIN:copy-dependencies" \
          -DoutputDirectory=lib -DincludeScope=runtime >"$dir/maven.log" 2>&1); then
    tail -30 "$dir/maven.log" >&2
    die "Maven could not fetch $* from Maven Central (full log: $dir/maven.log)"
  fi
}

# up_to_date <dir> <spec>: true if <dir> was fetched completely for exactly this spec.
up_to_date() { [ -f "$1/.fetched" ] && [ "$(cat "$1/.fetched")" = "$2" ]; }
mark_done() { echo "$2" >"$1/.fetched"; }

fetch_javac() {
  local d=$WORKLOADS_HOME/javac spec="guava=$GUAVA_VERSION"
  up_to_date "$d" "$spec" && { echo "javac: up to date ($d)"; return; }
  echo "javac: Guava $GUAVA_VERSION jars and sources"
  rm -f "$d/.fetched"
  # The sources jar's own dependencies are Guava's, so one list gives both the sources and the classpath.
  maven_copy "$d" "com.google.guava:guava:$GUAVA_VERSION" "com.google.guava:guava:$GUAVA_VERSION:sources"
  local srcjar=$d/lib/guava-$GUAVA_VERSION-sources.jar
  [ -f "$srcjar" ] || die "Maven did not produce $srcjar"
  mkdir -p "$d/sources"; mv "$srcjar" "$d/sources/"
  rm -rf "$d/src"; mkdir -p "$d/src"
  unzip -q -o "$d/sources/$(basename "$srcjar")" -d "$d/src"
  # module-info.java would turn the compilation into a module compilation needing module paths.
  (cd "$d" && find src -name '*.java' ! -name module-info.java | LC_ALL=C sort >sources.txt)
  local n; n=$(wc -l <"$d/sources.txt")
  [ "$n" -gt 500 ] || die "only $n Guava source files in $d/src (expected about 600)"
  echo "javac: $n source files, classpath: $(cd "$d/lib" && ls | grep -v "^guava-$GUAVA_VERSION.jar" | tr '\n' ' ')"
  mark_done "$d" "$spec"
}

fetch_jackson() {
  local d=$WORKLOADS_HOME/jackson spec="jackson=$JACKSON_VERSION bcd=$BCD_VERSION"
  up_to_date "$d" "$spec" && { echo "jackson: up to date ($d)"; return; }
  need npm "it downloads the JSON input (@mdn/browser-compat-data) from the npm registry; apt-get install npm"
  echo "jackson: jackson-databind $JACKSON_VERSION and @mdn/browser-compat-data $BCD_VERSION's data.json"
  rm -f "$d/.fetched"
  maven_copy "$d" "com.fasterxml.jackson.core:jackson-databind:$JACKSON_VERSION"
  # npm pack downloads the package tarball (integrity-checked against the registry) without installing it.
  local tmp; tmp=$(mktemp -d "$d/npm.XXXXXX")
  if ! (cd "$tmp" && npm pack --silent "@mdn/browser-compat-data@$BCD_VERSION" >npm.log 2>&1); then
    cat "$tmp/npm.log" >&2; rm -rf "$tmp"
    die "npm could not download @mdn/browser-compat-data@$BCD_VERSION from the npm registry"
  fi
  tar -xzf "$tmp"/*.tgz -C "$tmp" package/data.json || { rm -rf "$tmp"; die "no package/data.json in the npm tarball"; }
  mv "$tmp/package/data.json" "$d/data.json"; rm -rf "$tmp"
  local size; size=$(stat -c %s "$d/data.json")
  [ "$size" -gt 10000000 ] || die "$d/data.json is only $size bytes (expected about 20 MB)"
  echo "jackson: data.json $((size / 1024 / 1024)) MB"
  mark_done "$d" "$spec"
}

fetch_h2() {
  local d=$WORKLOADS_HOME/h2 spec="h2=$H2_VERSION"
  up_to_date "$d" "$spec" && { echo "h2: up to date ($d)"; return; }
  echo "h2: H2 $H2_VERSION"
  rm -f "$d/.fetched"
  maven_copy "$d" "com.h2database:h2:$H2_VERSION"
  mark_done "$d" "$spec"
}

for w in ${*:-$ALL_WORKLOADS}; do
  case " $ALL_WORKLOADS " in *" $w "*) ;; *) die "unknown workload '$w' (known: $ALL_WORKLOADS)";; esac
  "fetch_$w"
done
echo "fetched into $WORKLOADS_HOME"
