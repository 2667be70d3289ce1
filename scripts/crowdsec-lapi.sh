#!/usr/bin/env bash
# Run a real CrowdSec Local API (Debian 12 package crowdsec 1.4.6) offline, on loopback,
# for bouncer integration tests. Must run as root on Debian 12 (bookworm) with apt access.
#
#   scripts/crowdsec-lapi.sh install # install Debian's crowdsec offline-safe (no CAPI registration)
#   scripts/crowdsec-lapi.sh start   # install (if needed), configure, start LAPI, wait until ready
#   scripts/crowdsec-lapi.sh seed    # add a few sample decisions (ip, range, ipv6, captcha, country, AS)
#   scripts/crowdsec-lapi.sh stop    # stop the LAPI started by 'start' (by PID)
#   scripts/crowdsec-lapi.sh resume  # start it again on the same database (after 'stop')
#
# The integration tests (adapter-decisions-http, app) call it with their own CS_DIR and CS_PORT.
#
# Environment (all optional):
#   CS_DIR       working dir for config, sqlite db, logs   (default /tmp/crowdsec-it)
#   CS_PORT      LAPI port on 127.0.0.1                    (default 8080)
#   CS_BOUNCER   bouncer name                              (default it-bouncer)
#   CS_KEY       bouncer API key (X-Api-Key)               (default it-bouncer-key-0123456789abcdef)
set -euo pipefail

CS_DIR=${CS_DIR:-/tmp/crowdsec-it}
CS_PORT=${CS_PORT:-8080}
CS_BOUNCER=${CS_BOUNCER:-it-bouncer}
CS_KEY=${CS_KEY:-it-bouncer-key-0123456789abcdef}
CFG="$CS_DIR/config.yaml"
PIDFILE="$CS_DIR/lapi.pid"
LOG="$CS_DIR/lapi.log"

die() { echo "ERROR: $*" >&2; exit 1; }
cscli_() { cscli -c "$CFG" --error "$@"; }
# alive = exists and not a zombie (an orphaned, already-exited crowdsec stays a zombie until init reaps it)
alive() { [ -r "/proc/$1/stat" ] && [ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" != "Z" ]; }

install_pkg() {
  [ "$(id -u)" = 0 ] || die "must run as root"
  if [ "$(dpkg-query -W -f='${Status}' crowdsec 2>/dev/null || true)" = "install ok installed" ] \
     && command -v curl >/dev/null; then
    return 0
  fi
  # The postinst runs 'cscli capi register' (needs internet) unless this file is non-empty
  # (documented in /usr/share/doc/crowdsec/README.Debian). Without it, apt-get fails offline.
  mkdir -p /etc/crowdsec
  [ -s /etc/crowdsec/online_api_credentials.yaml ] \
    || echo '# offline CI: skip CAPI registration' > /etc/crowdsec/online_api_credentials.yaml
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends --no-upgrade crowdsec curl ca-certificates
  # No systemd in containers: the service is not started. If systemd is present the packaged
  # service may be running on 127.0.0.1:8080 with /etc/crowdsec/config.yaml; stop it to free the port.
  if [ -d /run/systemd/system ]; then systemctl stop crowdsec.service || true; fi
}

write_config() {
  mkdir -p "$CS_DIR/data" "$CS_DIR/hub" "$CS_DIR/notifications"
  cat > "$CFG" <<EOF
common:
  daemonize: true         # 1.4.6 does NOT fork; 'true' = graceful SIGTERM handling (exit 0).
                          # It logs a harmless 'Failed to notify(sent: false)' (no systemd).
  log_media: stdout
  log_level: info
  working_dir: .
config_paths:
  config_dir: $CS_DIR/
  data_dir: $CS_DIR/data/
  simulation_path: $CS_DIR/simulation.yaml
  hub_dir: $CS_DIR/hub/
  index_path: $CS_DIR/hub/.index.json
  notification_dir: $CS_DIR/notifications/
  plugin_dir: /usr/lib/crowdsec/plugins/
cscli:
  output: human
  color: "no"
db_config:
  log_level: info
  type: sqlite
  db_path: $CS_DIR/data/crowdsec.db
  use_wal: true
  # no 'flush:' block => no flush scheduler (default packaged config deletes alerts beyond 5000 / 7d)
api:
  client:
    insecure_skip_verify: false
    credentials_path: $CS_DIR/local_api_credentials.yaml
  server:
    log_level: info
    listen_uri: 127.0.0.1:$CS_PORT
    profiles_path: $CS_DIR/profiles.yaml
    console_path: $CS_DIR/console.yaml
    # no 'online_client:' block => no CAPI push/pull, no hub/CAPI traffic at all
    trusted_ips:
      - 127.0.0.1
      - ::1
prometheus:
  enabled: false
  level: full
  listen_addr: 127.0.0.1
  listen_port: 6060
EOF
  cat > "$CS_DIR/profiles.yaml" <<'EOF'
name: default_ip_remediation
filters:
 - Alert.Remediation == true && Alert.GetScope() == "Ip"
decisions:
 - type: ban
   duration: 4h
on_success: break
EOF
  printf 'simulation: off\n' > "$CS_DIR/simulation.yaml"
}

start() {
  install_pkg
  if [ -f "$PIDFILE" ] && alive "$(cat "$PIDFILE")"; then die "already running (pid $(cat "$PIDFILE"))"; fi
  if curl -s -o /dev/null "http://127.0.0.1:$CS_PORT/" 2>/dev/null; then die "127.0.0.1:$CS_PORT is already in use"; fi
  case "$CS_DIR" in ""|/|/etc|/etc/*|/usr|/usr/*|/var/lib/crowdsec*) die "refusing CS_DIR=$CS_DIR";; esac
  rm -rf "$CS_DIR"; write_config
  # a 'machine' (watcher) is needed because cscli decisions add/delete/import go through LAPI as a watcher
  cscli_ machines add it-watcher --password "it-watcher-password-0123456789abcdef" \
      -f "$CS_DIR/local_api_credentials.yaml" --force
  cscli_ bouncers add "$CS_BOUNCER" -k "$CS_KEY" >/dev/null
  # LAPI only (-no-cs): no acquisition, no parsers/scenarios, no hub needed
  crowdsec -c "$CFG" -no-cs >"$LOG" 2>&1 &
  echo $! > "$PIDFILE"
  local pid; pid=$(cat "$PIDFILE")
  for _ in $(seq 1 200); do            # up to ~20 s; observed ready in < 0.1 s
    alive "$pid" || { cat "$LOG" >&2; die "crowdsec exited during startup"; }
    if curl -fsS "http://127.0.0.1:$CS_PORT/health" 2>/dev/null | grep -q '"up"' \
       && grep -q 'CrowdSec Local API listening' "$LOG"; then
      sleep 0.2; alive "$pid" || { cat "$LOG" >&2; die "crowdsec died (port in use?)"; }
      echo "LAPI ready: http://127.0.0.1:$CS_PORT pid=$pid key=$CS_KEY"
      return 0
    fi
    sleep 0.1
  done
  cat "$LOG" >&2; die "LAPI not ready after 20 s"
}

seed() {
  cscli_ decisions add --ip 1.2.3.4 --duration 1h --type ban
  cscli_ decisions add --range 10.0.0.0/24 --duration 2h --type ban --reason ci-range-test
  cscli_ decisions add --ip 5.6.7.8 --duration 30m --type captcha
  cscli_ decisions add --ip 2001:db8::1 --duration 4h --type ban
  cscli_ decisions add --range 2001:db8:1::/48 --duration 4h --type throttle
  cscli_ decisions add --scope Country --value CN --duration 24h --type ban
  cscli_ decisions add --scope AS --value 12345 --duration 24h --type captcha
}

# Start again on the existing config and database (after 'stop'): decisions and keys are kept.
resume() {
  [ -f "$CFG" ] || die "no config in $CS_DIR: use 'start' first"
  if [ -f "$PIDFILE" ] && alive "$(cat "$PIDFILE")"; then die "already running (pid $(cat "$PIDFILE"))"; fi
  crowdsec -c "$CFG" -no-cs >>"$LOG" 2>&1 &
  echo $! > "$PIDFILE"
  local pid; pid=$(cat "$PIDFILE")
  for _ in $(seq 1 200); do
    alive "$pid" || { cat "$LOG" >&2; die "crowdsec exited during startup"; }
    if curl -fsS "http://127.0.0.1:$CS_PORT/health" 2>/dev/null | grep -q '"up"'; then
      echo "LAPI ready again: http://127.0.0.1:$CS_PORT pid=$pid"
      return 0
    fi
    sleep 0.1
  done
  cat "$LOG" >&2; die "LAPI not ready after 20 s"
}

stop() {
  [ -f "$PIDFILE" ] || { echo "not running"; return 0; }
  local pid; pid=$(cat "$PIDFILE")
  if alive "$pid"; then
    kill -TERM "$pid"
    for _ in $(seq 1 100); do alive "$pid" || break; sleep 0.1; done   # observed < 0.1 s
    if alive "$pid"; then kill -KILL "$pid"; fi
  fi
  rm -f "$PIDFILE"; echo "stopped"
}

case "${1:-}" in
  install) install_pkg ;;
  start) start ;;
  seed) seed ;;
  resume) resume ;;
  stop) stop ;;
  *) echo "usage: $0 install|start|seed|stop|resume" >&2; exit 2 ;;
esac
