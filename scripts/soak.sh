#!/usr/bin/env bash
# The soak (RELIABILITY.md): the fat jar behind Debian's HAProxy on the shipped haproxy.cfg, a real LAPI and a
# file changed every second, steady traffic from banned, captcha and allowed clients (new connections and
# kept-alive ones). Prints requests, errors, heap after GC, RSS, open files and threads per minute; fails on
# any error or on growth past the bounds stated in app/src/test/java/io/spoabouncer/app/SoakIT.java.
#   scripts/soak.sh            10 minutes
#   scripts/soak.sh 30         30 minutes
# The README's test command runs the same test for one minute (sampled every 15 s). Table: app/target/soak.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
minutes=${1:-10}
scripts/install-deps.sh --test
mvn -B -q -DskipTests install
mvn -B -pl app verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=SoakIT -Dsoak.minutes="$minutes" -Dfuzz.skip=true
cat app/target/soak.txt
