#!/usr/bin/env bash
# Starts (or stops) a second, hardened dockerd for docker-harden's live host/daemon tests:
#   --icc=false --userns-remap=default --no-new-privileges --live-restore --userland-proxy=false
# in its own network namespace (its own loopback, docker0 and iptables: the shared test
# daemon is never touched), with its own data root, exec root, pidfile, socket and config.
#
#   scripts/hardened-daemon.sh start   # prints: export DOCKER_HOST=unix:///…/docker.sock
#   scripts/hardened-daemon.sh stop
#   scripts/hardened-daemon.sh status
#
# Needs root. userns-remap=default needs the `dockremap` user with /etc/subuid and
# /etc/subgid entries: created here when missing (a range above every existing one).
set -euo pipefail

DIR=${DH_HARDENED_DIR:-/tmp/dh-hardened}
NS=${DH_HARDENED_NETNS:-dh-hardened}
SOCK="$DIR/docker.sock"
export DOCKER_HOST="unix://$SOCK"

log() { printf 'hardened-daemon: %s\n' "$*" >&2; }
up() { docker version --format '{{.Server.Version}}' >/dev/null 2>&1; }

ensure_dockremap() {
  if ! getent passwd dockremap >/dev/null; then
    useradd --system --no-create-home --shell /usr/sbin/nologin --user-group dockremap
    log "created user dockremap"
  fi
  for f in /etc/subuid /etc/subgid; do
    touch "$f"
    if ! grep -q '^dockremap:' "$f"; then
      # The first free range above every existing entry, at least 100000.
      start=$(awk -F: 'BEGIN{m=100000} NF==3 && $2+$3>m {m=$2+$3} END{print m}' "$f")
      echo "dockremap:$start:65536" >>"$f"
      log "added dockremap:$start:65536 to $f"
    fi
  done
}

ensure_netns() {
  if ! ip netns list | grep -qw "$NS"; then
    ip netns add "$NS"
  fi
  ip netns exec "$NS" ip link set lo up
}

start() {
  mkdir -p "$DIR"
  if up; then log "daemon already up at $DOCKER_HOST"; echo "export DOCKER_HOST=$DOCKER_HOST"; return 0; fi
  command -v dockerd >/dev/null || { log "dockerd not found (apt-get install docker.io iptables)"; exit 1; }
  ensure_dockremap
  ensure_netns
  if [ -f "$DIR/pid" ] && kill -0 "$(cat "$DIR/pid")" 2>/dev/null; then kill "$(cat "$DIR/pid")"; sleep 1; fi
  rm -f "$DIR/pid" "$SOCK"
  echo '{}' >"$DIR/daemon.json"
  # nsenter, not `ip netns exec` (which remounts /sys and hides the cgroup mounts).
  setsid nsenter --net="/var/run/netns/$NS" dockerd \
    --config-file "$DIR/daemon.json" \
    --data-root "$DIR/data" --exec-root "$DIR/exec" --pidfile "$DIR/pid" -H "$DOCKER_HOST" \
    --icc=false --userns-remap=default --no-new-privileges --live-restore --userland-proxy=false \
    >"$DIR/dockerd.log" 2>&1 </dev/null &
  for _ in $(seq 1 120); do up && break; sleep 0.25; done
  up || { log "dockerd did not come up; last lines of $DIR/dockerd.log:"; tail -20 "$DIR/dockerd.log" >&2; exit 1; }
  log "hardened dockerd up at $DOCKER_HOST (netns $NS)"
  echo "export DOCKER_HOST=$DOCKER_HOST"
}

stop() {
  if [ -f "$DIR/pid" ]; then
    pid=$(cat "$DIR/pid")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  fi
  ip netns delete "$NS" 2>/dev/null || true
  log "stopped"
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  status) if up; then echo "up: $DOCKER_HOST"; else echo "down"; exit 1; fi ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
