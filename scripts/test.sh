#!/usr/bin/env bash
# The test command (README): installs what the tests need, starts a test daemon, runs
# every tier. Safe to run again; as root it installs packages, otherwise it uses what is there.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '== %s\n' "$*" >&2; }

need_pkgs=()
command -v ip >/dev/null || need_pkgs+=(iproute2)
command -v jq >/dev/null || need_pkgs+=(jq)
command -v dockerd >/dev/null || need_pkgs+=(docker.io)
command -v iptables >/dev/null || need_pkgs+=(iptables)
[ -x /bin/busybox ] || command -v busybox >/dev/null || need_pkgs+=(busybox-static)
command -v hyperfine >/dev/null || need_pkgs+=(hyperfine)
if [ "$(id -u)" = 0 ] && { [ ${#need_pkgs[@]} -gt 0 ] || [ -z "$(ls -A /var/lib/apt/lists 2>/dev/null | grep -v lock)" ]; }; then
  # The set-up scripts below may install packages too: refresh the lists once.
  apt-get update -qq
fi
if [ ${#need_pkgs[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    log "installing ${need_pkgs[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_pkgs[@]}" >/dev/null
  else
    log "missing ${need_pkgs[*]} (not root: live tests may skip)"
  fi
fi

# Extra set-up steps of each part of the project (python packages, second daemons, …).
for f in scripts/setup.d/*.sh; do
  [ -e "$f" ] || continue
  log "setup: $f"
  # shellcheck disable=SC1090
  source "$f"
done

if [ "$(id -u)" = 0 ] && command -v dockerd >/dev/null; then
  eval "$(scripts/test-daemon.sh start)"
  export DH_TEST_DOCKER_HOST="$DOCKER_HOST"
else
  log "cannot start a test daemon (needs root and dockerd): live tests will skip"
fi

log "cargo build --release"
cargo build --release --locked
# The release binary is statically linked (.cargo/config.toml): check it, since the
# `inside` tests run it in containers that have no libc.
if command -v file >/dev/null; then
  file target/release/docker-harden | grep -q 'static' || { log "target/release/docker-harden is not static"; exit 1; }
fi
log "cargo test"
cargo test --workspace --locked --no-fail-fast -- --test-threads=2
