#!/usr/bin/env bash
# Fuzzes the Jazzer targets (*FuzzTest) for long, one JVM per target, Netty's leak detector at PARANOID (the
# tests' argLine). `mvn verify` gives each only a few seconds; this is the long run RELIABILITY.md reports.
#   scripts/fuzz.sh                         every target, 1,000,000 executions each (SpopFuzzTest 10,000,000)
#   scripts/fuzz.sh --runs N [Target...]    N executions of the named targets (class names)
#   scripts/fuzz.sh --seconds S [Target...] S seconds of each
# A finding fails the run and is written into the target's seed directory (src/test/resources/.../<Test>Inputs/
# <method>/crash-*): fix its cause, rename it finding-<what>, commit it as a regression seed. The corpus the
# fuzzer grows is kept in <module>/.cifuzz-corpus/ (not committed) so a second run starts where one stopped.
# Each target's log: target/fuzz/<Target>.log; the summary (executions, seconds, result) on stdout.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="" seconds=0 targets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    -h|--help) sed -n 2,10p "$0"; exit 0 ;;
    *) targets+=("$1"); shift ;;
  esac
done
if [ ${#targets[@]} -eq 0 ]; then
  mapfile -t targets < <(find . -path '*/src/test/java/*' -name '*FuzzTest.java' -not -path '*/target/*' -printf '%f\n' | sed 's/\.java$//' | sort)
fi
mvn -B -q -DskipTests install
mkdir -p target/fuzz
status=0
printf '%-24s %14s %8s %10s  %s\n' target executions seconds exec/s result
for t in "${targets[@]}"; do
  file=$(find . -path '*/src/test/java/*' -name "$t.java" -not -path '*/target/*' | head -1)
  if [ -z "$file" ]; then
    echo "no fuzz target named $t" >&2
    exit 2
  fi
  module=${file#./}; module=${module%%/src/*}
  n=${runs:-$([ "$t" = SpopFuzzTest ] && echo 10000000 || echo 1000000)}
  [ "$seconds" != 0 ] && [ -z "$runs" ] && n=-1
  log=target/fuzz/$t.log
  result=ok
  mvn -B -pl "$module" surefire:test@fuzz -Dtest="$t" -Dfuzz.runs="$n" -Dfuzz.seconds="$seconds" \
      -Dfuzz.basedir="$PWD/$module" >"$log" 2>&1 || { result="FAILED (see $log)"; status=1; }
  done_line=$(grep -a -E '^Done [0-9]+ runs in [0-9]+ second' "$log" | tail -1 || true)
  execs=$(echo "$done_line" | awk '{print $2}')
  secs=$(echo "$done_line" | awk '{print $5}')
  rate=$([ -n "$execs" ] && [ "${secs:-0}" -gt 0 ] && echo $((execs / secs)) || echo -)
  printf '%-24s %14s %8s %10s  %s\n' "$t" "${execs:--}" "${secs:--}" "$rate" "$result"
done
exit $status
