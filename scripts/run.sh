#!/usr/bin/env bash
# Builds spoa-bouncer and runs it on the embedded default config: SPOE on 127.0.0.1:9000, decisions
# from examples/decisions/*.txt (no LAPI needed). Arguments go to the agent, e.g. --config my.conf.
# The JVM options come from scripts/jvm.options; SPOA_HEAP sets the heap (e.g. SPOA_HEAP=768m).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
mvn -B -q -DskipTests package
mapfile -t jvm < <(grep -v '^\s*#' scripts/jvm.options | grep -v '^\s*$')
if [ -n "${SPOA_HEAP:-}" ]; then
  jvm+=("-Xms${SPOA_HEAP}" "-Xmx${SPOA_HEAP}")
fi
exec java "${jvm[@]}" -jar app/target/spoa-bouncer.jar "$@"
