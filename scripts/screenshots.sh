#!/usr/bin/env bash
# Re-takes the README's screenshots (docs/*.png): runs the browser test, which drives Debian's Chromium
# through HAProxy and the agent and saves its pictures under app/target/screenshots, then copies them.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --test
mvn -B -q install -DskipTests
(cd app && mvn -B -q test -Dtest=BrowserEndToEndTest -Dsurefire.failIfNoSpecifiedTests=false)
cp app/target/screenshots/*.png docs/
echo "updated: $(ls docs/*.png | tr '\n' ' ')"
