# Sourced by scripts/test.sh (as root, before the tests): starts the hardened second dockerd
# the live host/daemon tests audit (crates/cli/tests/host.rs). Idempotent.
if [ "$(id -u)" = 0 ] && command -v dockerd >/dev/null && command -v nsenter >/dev/null && command -v ip >/dev/null; then
  if bash scripts/hardened-daemon.sh start >/dev/null; then
    export DH_HARDENED_DOCKER_HOST=unix:///tmp/dh-hardened/docker.sock
  else
    echo "setup host: the hardened daemon did not start (see /tmp/dh-hardened/dockerd.log)" >&2
  fi
fi
