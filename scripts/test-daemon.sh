#!/usr/bin/env bash
# Starts (or stops) a throwaway dockerd for docker-harden's live tests, and builds the local
# busybox image the tests use (nothing can be pulled here).
#
#   scripts/test-daemon.sh start   # prints: export DOCKER_HOST=unix:///…/docker.sock
#   scripts/test-daemon.sh stop
#   scripts/test-daemon.sh status
#
# DH_TEST_DIR (default /tmp/dh-testd) holds the data root, exec root, socket, pidfile, log.
# If a daemon already answers on the socket, `start` reuses it.
#
# The daemon runs in its own network namespace (DH_TEST_NETNS, default dhtestd) with its own
# loopback and docker0, so other daemons started by tests (TLS, userns-remap, …) can never
# break its bridge, nor it theirs. Its API socket is a file, reachable from anywhere.
set -euo pipefail

DIR=${DH_TEST_DIR:-/tmp/dh-testd}
SOCK="$DIR/docker.sock"
export DOCKER_HOST="unix://$SOCK"
IMAGE=${DH_TEST_IMAGE:-dh-busybox:latest}

log() { printf 'test-daemon: %s\n' "$*" >&2; }

up() { docker version --format '{{.Server.Version}}' >/dev/null 2>&1; }

build_image() {
  if docker image inspect "$IMAGE" >/dev/null 2>&1; then return 0; fi
  local bb ctx
  bb=$(command -v busybox || true)
  [ -n "$bb" ] || { log "busybox not found (apt-get install busybox-static)"; return 1; }
  ctx=$(mktemp -d)
  cp "$(readlink -f "$bb")" "$ctx/busybox"
  cat >"$ctx/Dockerfile" <<'DOCKERFILE'
FROM scratch
COPY busybox /bin/busybox
RUN ["/bin/busybox", "--install", "-s", "/bin"]
CMD ["sh"]
DOCKERFILE
  DOCKER_BUILDKIT=0 docker build -q -t "$IMAGE" "$ctx" >/dev/null
  rm -rf "$ctx"
  log "built $IMAGE"
}

start() {
  mkdir -p "$DIR"
  if up; then
    log "daemon already up at $DOCKER_HOST"
  else
    if [ -f "$DIR/pid" ] && kill -0 "$(cat "$DIR/pid")" 2>/dev/null; then
      kill "$(cat "$DIR/pid")" 2>/dev/null || true
      sleep 1
    fi
    rm -f "$DIR/pid" "$SOCK"
    command -v dockerd >/dev/null || { log "dockerd not found (apt-get install docker.io iptables)"; exit 1; }
    local netns=${DH_TEST_NETNS:-dhtestd} wrap=()
    if command -v ip >/dev/null && command -v nsenter >/dev/null; then
      ip netns list 2>/dev/null | grep -qw "$netns" || ip netns add "$netns"
      ip netns exec "$netns" ip link set lo up
      # nsenter, not `ip netns exec`: the latter remounts /sys and hides the cgroup mounts.
      wrap=(nsenter "--net=/var/run/netns/$netns")
    fi
    # setsid: the daemon must outlive the shell that started it.
    setsid "${wrap[@]}" dockerd --data-root "$DIR/data" --exec-root "$DIR/exec" -H "$DOCKER_HOST" \
      --pidfile "$DIR/pid" ${DH_DOCKERD_FLAGS:-} >"$DIR/dockerd.log" 2>&1 < /dev/null &
    for _ in $(seq 1 120); do
      up && break
      sleep 0.25
    done
    up || { log "dockerd did not come up; last lines of $DIR/dockerd.log:"; tail -20 "$DIR/dockerd.log" >&2; exit 1; }
    log "dockerd up at $DOCKER_HOST"
  fi
  build_image
  echo "export DOCKER_HOST=$DOCKER_HOST"
}

stop() {
  if [ -f "$DIR/pid" ]; then
    local pid; pid=$(cat "$DIR/pid")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  fi
  log "stopped"
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  status) if up; then echo "up: $DOCKER_HOST"; else echo "down"; exit 1; fi ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
