#!/usr/bin/env bash
# Runs the JMH benchmarks and the store footprint measurement. Results go to stdout; BENCHMARKS.md
# records them with the command. Usage: scripts/bench.sh [jmh-regex] [extra JMH args...]
#   scripts/bench.sh NotifyToAck -prof gc
#   scripts/bench.sh DecisionStoreBenchmark -prof gc
#   scripts/bench.sh footprint
#   scripts/bench.sh deltas [n...]      (k = 10, 1k, 15k out and in, on a store of n; default 10k 1M 5M)
#   scripts/bench.sh lapi [decisions]
#   scripts/bench.sh lapi-http [decisions] [heap] [rounds]   (real HTTP client, loopback server)
#   scripts/bench.sh snapshot [decisions]   (write/load time and size; deltas and lookups meanwhile)
#   scripts/bench.sh maps [decisions]
#   scripts/bench.sh haproxy [seconds] [rounds]   (wrk: bare HAProxy, the SPOE example before #27 and now, the native one)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
mvn -B -q -DskipTests install
filter="${1:-.}"; shift || true
run() { # module, main class, args...
  local module=$1 main=$2; shift 2
  local cpfile cp
  cpfile=$(mktemp)
  mvn -B -q -pl "$module" dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cpfile" >/dev/null
  cp=$(cat "$cpfile")
  rm -f "$cpfile"
  java -cp "$module/target/test-classes:$module/target/classes:$cp" "$main" "$@"
}
if [ "$filter" = "footprint" ]; then
  run domain io.spoabouncer.domain.bench.StoreFootprint
  exit 0
fi
if [ "$filter" = "deltas" ]; then
  JAVA_TOOL_OPTIONS="${JAVA_TOOL_OPTIONS:-} -Xmx8g" run domain io.spoabouncer.domain.bench.DeltaCost "$@"
  exit 0
fi
if [ "$filter" = "maps" ]; then
  # Needs Debian's haproxy (scripts/install-deps.sh --test).
  JAVA_TOOL_OPTIONS="${JAVA_TOOL_OPTIONS:-} -Xmx2g -Dspoa.examplesDir=examples" run app io.spoabouncer.app.bench.MapSyncBenchmark "$@"
  exit 0
fi
if [ "$filter" = "haproxy" ]; then
  scripts/install-deps.sh --bench
  # The SPOE config as shipped before it fell back on HAProxy's map (issue #27), measured beside today's.
  mkdir -p app/target/bench
  git show 3d272ae:examples/haproxy/haproxy.cfg > app/target/bench/haproxy-before-27.cfg
  JAVA_TOOL_OPTIONS="${JAVA_TOOL_OPTIONS:-} -Xmx2g -Dspoa.examplesDir=examples -Dspoa.previousSpoeConfig=app/target/bench/haproxy-before-27.cfg" \
    run app io.spoabouncer.app.bench.HaproxyThroughputBenchmark "$@"
  exit 0
fi
if [ "$filter" = "lapi-http" ]; then
  # The real source and HTTP client against a loopback server; the heap bound is the second argument
  # (512m is what the Debian package gives the service), with the JVM options every launch uses.
  n="${1:-1000000}"; heap="${2:-2g}"; rounds="${3:-3}"
  JAVA_TOOL_OPTIONS="${JAVA_TOOL_OPTIONS:-} -Xms$heap -Xmx$heap $(grep -v '^#' scripts/jvm.options | tr '\n' ' ')" \
    run adapter-decisions-http io.spoabouncer.adapter.decisions.http.LapiStartupBenchmark "$n" "$rounds"
  exit 0
fi
if [ "$filter" = "snapshot" ]; then
  JAVA_TOOL_OPTIONS="${JAVA_TOOL_OPTIONS:-} -Xmx2g" run adapter-decisions-http io.spoabouncer.adapter.decisions.http.SnapshotBenchmark "$@"
  exit 0
fi
if [ "$filter" = "lapi" ]; then
  # Peak heap is what the JVM needed: run it with a bound like a production agent's.
  JAVA_TOOL_OPTIONS="${JAVA_TOOL_OPTIONS:-} -Xmx2g" run adapter-decisions-http io.spoabouncer.adapter.decisions.http.bench.StartupBodyBenchmark "$@"
  exit 0
fi
for module in domain adapter-spoe app; do
  if grep -rqlE "class .*${filter}" "$module/src/test/java" --include='*Benchmark.java' 2>/dev/null || [ "$filter" = "." ]; then
    run "$module" org.openjdk.jmh.Main "$filter" "$@"
  fi
done
