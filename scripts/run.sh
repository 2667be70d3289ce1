#!/usr/bin/env bash
# Builds spoa-bouncer and runs it on the embedded default config: SPOE on 127.0.0.1:9000, decisions
# from examples/decisions/*.txt (no LAPI needed). Arguments go to the agent, e.g. --config my.conf.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
mvn -B -q -DskipTests package
exec java -jar app/target/spoa-bouncer.jar "$@"
