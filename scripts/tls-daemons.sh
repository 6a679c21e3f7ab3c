#!/usr/bin/env bash
# Starts (or stops) the real dockerds that docker-harden's TLS and probe live tests use, all
# on 127.0.0.1 with certificates made by `docker-harden tls init`:
#
#   verify   --tlsverify (client certificates required)   127.0.0.1:${DH_TLS_PORT_VERIFY:-23760}
#   plain    plaintext TCP                                 127.0.0.1:${DH_TLS_PORT_PLAIN:-23761}
#   tlsonly  --tls --tlsverify=false (any client)          127.0.0.1:${DH_TLS_PORT_TLSONLY:-23762}
#
#   scripts/tls-daemons.sh start    # prints export lines (DH_TLS_DIR, DH_TLS_CERTS, ports)
#   scripts/tls-daemons.sh stop
#   scripts/tls-daemons.sh status
#
# Each daemon has its own data root, exec root, pidfile, unix socket and --bridge=none, and
# --iptables=false, under DH_TLS_DIR (default /tmp/dh-tls): they never touch docker0, the
# iptables rules or the configuration of any other daemon. Needs root and dockerd.
# The certificates are made with $DH_BIN (default: docker-harden on PATH, else target/…).
set -euo pipefail

DIR=${DH_TLS_DIR:-/tmp/dh-tls}
CERTS="$DIR/certs"
declare -A PORT=([verify]=${DH_TLS_PORT_VERIFY:-23760} [plain]=${DH_TLS_PORT_PLAIN:-23761} [tlsonly]=${DH_TLS_PORT_TLSONLY:-23762})
NAMES=(verify plain tlsonly)

log() { printf 'tls-daemons: %s\n' "$*" >&2; }

sock_up() { DOCKER_HOST="unix://$DIR/$1/docker.sock" docker version --format '{{.Server.Version}}' >/dev/null 2>&1; }

bin() {
  if [ -n "${DH_BIN:-}" ]; then echo "$DH_BIN"; return; fi
  local root; root=$(cd "$(dirname "$0")/.." && pwd)
  for b in "$(command -v docker-harden || true)" "$root/target/debug/docker-harden" "$root/target/release/docker-harden"; do
    [ -n "$b" ] && [ -x "$b" ] && { echo "$b"; return; }
  done
  log "docker-harden binary not found (set DH_BIN or run cargo build)"; exit 1
}

make_certs() {
  [ -f "$CERTS/server-cert.pem" ] && [ -f "$CERTS/cert.pem" ] && return 0
  "$(bin)" tls init --out "$CERTS" --host localhost --ip 127.0.0.1 --days 365 --force >/dev/null
  log "certificates in $CERTS"
}

flags() {
  local port=${PORT[$1]}
  case "$1" in
    verify) echo "--tlsverify --tlscacert $CERTS/ca.pem --tlscert $CERTS/server-cert.pem --tlskey $CERTS/server-key.pem -H tcp://127.0.0.1:$port" ;;
    plain) echo "-H tcp://127.0.0.1:$port" ;;
    # No --tlscacert: with one, dockerd 20.10 ends up requiring client certificates anyway.
    tlsonly) echo "--tls --tlsverify=false --tlscert $CERTS/server-cert.pem --tlskey $CERTS/server-key.pem -H tcp://127.0.0.1:$port" ;;
  esac
}

start_one() {
  local n=$1 d="$DIR/$1"
  mkdir -p "$d" "$DIR/home"
  if sock_up "$n"; then return 0; fi
  if [ -f "$d/pid" ] && kill -0 "$(cat "$d/pid")" 2>/dev/null; then
    kill "$(cat "$d/pid")" 2>/dev/null || true
    sleep 1
  fi
  rm -f "$d/pid" "$d/docker.sock"
  # shellcheck disable=SC2046
  # An empty HOME and no DOCKER_* variables: dockerd must not pick up ~/.docker/ca.pem.
  env -u DOCKER_CERT_PATH -u DOCKER_TLS_VERIFY -u DOCKER_HOST HOME="$DIR/home" \
    setsid dockerd --data-root "$d/data" --exec-root "$d/exec" --pidfile "$d/pid" \
      -H "unix://$d/docker.sock" --bridge=none --iptables=false --ip-forward=false \
      $(flags "$n") >"$d/dockerd.log" 2>&1 </dev/null 9>&- &
}

wait_one() {
  local n=$1
  for _ in $(seq 1 120); do sock_up "$n" && return 0; sleep 0.25; done
  log "dockerd $n did not come up; last lines of $DIR/$n/dockerd.log:"
  tail -20 "$DIR/$n/dockerd.log" >&2
  return 1
}

start() {
  [ "$(id -u)" = 0 ] || { log "needs root"; exit 1; }
  command -v dockerd >/dev/null || { log "dockerd not found (apt-get install docker.io)"; exit 1; }
  mkdir -p "$DIR"
  # Tests running in parallel call this at once. The daemons must not inherit the lock (9>&-).
  exec 9>"$DIR/lock"
  flock -w 120 9 || { log "another start holds $DIR/lock"; exit 1; }
  make_certs
  for n in "${NAMES[@]}"; do start_one "$n"; done
  for n in "${NAMES[@]}"; do wait_one "$n"; done
  log "up: verify 127.0.0.1:${PORT[verify]}, plain 127.0.0.1:${PORT[plain]}, tlsonly 127.0.0.1:${PORT[tlsonly]}"
  echo "export DH_TLS_DIR=$DIR DH_TLS_CERTS=$CERTS DH_TLS_PORT_VERIFY=${PORT[verify]} DH_TLS_PORT_PLAIN=${PORT[plain]} DH_TLS_PORT_TLSONLY=${PORT[tlsonly]}"
}

stop() {
  for n in "${NAMES[@]}"; do
    local p="$DIR/$n/pid"
    [ -f "$p" ] || continue
    local pid; pid=$(cat "$p")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  done
  log "stopped"
}

status() {
  local rc=0
  for n in "${NAMES[@]}"; do
    if sock_up "$n"; then echo "$n: up (127.0.0.1:${PORT[$n]})"; else echo "$n: down"; rc=1; fi
  done
  return $rc
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
