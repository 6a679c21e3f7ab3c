#!/usr/bin/env bash
# Audits this host with docker-harden.
#
# - If a Docker daemon answers (DOCKER_HOST, the current context, or /var/run/docker.sock),
#   it is audited as it is: nothing is created or changed.
# - Otherwise (fresh machine): installs Docker from the distribution if needed (root),
#   starts a throwaway daemon under /tmp/dh-testd (the one the tests use), creates a few sample containers — bad
#   ones and one hardened with every measure — and audits them.
#
# Extra arguments go to `docker-harden audit` (e.g. --format html -o report.html).
set -euo pipefail
cd "$(dirname "$0")/.."
log() { printf '== %s\n' "$*" >&2; }

log "building docker-harden (cargo build --release)"
cargo build --release --quiet
BIN=target/release/docker-harden

if docker version --format '{{.Server.Version}}' >/dev/null 2>&1; then
  log "auditing the running Docker daemon"
  exec "$BIN" audit "$@"
fi

if ! command -v dockerd >/dev/null || ! command -v busybox >/dev/null; then
  [ "$(id -u)" = 0 ] || { log "no Docker daemon here, and installing one needs root"; exit 2; }
  log "installing Docker from the distribution (docker.io, iptables, busybox-static)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends docker.io iptables busybox-static >/dev/null
fi

eval "$(scripts/test-daemon.sh start)"
log "throwaway daemon at $DOCKER_HOST (stop it: scripts/test-daemon.sh stop)"
scripts/sample-containers.sh create demo
log "sample containers: $(docker ps -a --filter name=^/demo- --format '{{.Names}}' | tr '\n' ' ')"
exec "$BIN" audit "$@"
