#!/usr/bin/env bash
# Installs, from Debian's packages, what building and testing spoa-bouncer need and the machine lacks:
# a JDK 17 and Maven to build; haproxy, curl, crowdsec (its LAPI), chromium and chromedriver for the
# integration and browser tests. Idempotent; needs root to install.
set -euo pipefail

want=()
command -v javac >/dev/null 2>&1 || want+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null 2>&1 || want+=(maven)
if [ "${1:-}" = "--test" ]; then
  [ -x /usr/sbin/haproxy ] || want+=(haproxy)
  command -v curl >/dev/null 2>&1 || want+=(curl)
  # The LAPI TLS tests make their certificates with openssl.
  command -v openssl >/dev/null 2>&1 || want+=(openssl)
  # Browser tests: Debian's Chromium and its driver.
  [ -x /usr/bin/chromium ] || want+=(chromium)
  [ -x /usr/bin/chromedriver ] || want+=(chromium-driver)
  # The package test: its checker, and what the package relies on.
  command -v lintian >/dev/null 2>&1 || want+=(lintian)
  command -v systemd-analyze >/dev/null 2>&1 || want+=(systemd)
  command -v unzip >/dev/null 2>&1 || want+=(unzip)
  command -v adduser >/dev/null 2>&1 || want+=(adduser)
  # The fault tests signal the agent (kill -STOP/-CONT/-HUP) with procps' kill, not the shell's.
  [ -x /usr/bin/kill ] || [ -x /bin/kill ] || want+=(procps)
  [ -x /usr/lib/jvm/java-17-openjdk-amd64/bin/java ] || want+=(openjdk-17-jre-headless)
fi

if [ "${1:-}" = "--bench" ]; then
  # scripts/bench.sh haproxy: HAProxy under wrk.
  [ -x /usr/sbin/haproxy ] || want+=(haproxy)
  command -v wrk >/dev/null 2>&1 || want+=(wrk)
fi

if [ "${1:-}" = "--test" ] && ! command -v crowdsec >/dev/null 2>&1; then
  # The LAPI integration tests run Debian's crowdsec; its package needs an offline-safe install.
  "$(dirname "$0")/crowdsec-lapi.sh" install
fi
if [ ${#want[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: need root to install: ${want[*]}" >&2
  exit 1
fi
echo "install-deps: installing ${want[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${want[@]}" >/dev/null
# Debian starts the packaged haproxy service on install; the tests run their own instances.
if [[ " ${want[*]} " == *" haproxy "* ]]; then
  (command -v systemctl >/dev/null 2>&1 && systemctl stop haproxy 2>/dev/null) || true
  (command -v service >/dev/null 2>&1 && service haproxy stop >/dev/null 2>&1) || true
fi
