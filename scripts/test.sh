#!/usr/bin/env bash
# Runs every test of spoa-bouncer on a Debian 12 machine: installs what the tests need (apt, as root),
# then builds and tests all modules with Maven. Extra arguments go to Maven.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --test
exec mvn -B verify "$@"
