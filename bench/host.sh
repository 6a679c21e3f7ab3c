#!/usr/bin/env bash
# Host and daemon-configuration collection time (issue 4: under 50 ms added to an audit).
# Measures, in the same run:
#   - `docker-harden audit --no-daemon` on this host (collect host files + run every rule),
#   - the same against a fixture tree (--root), and
#   - the process start-up floor (`docker-harden rules`, which reads nothing).
# Uses hyperfine when present, else a plain loop. Build first: cargo build --release.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-target/release/docker-harden}
[ -x "$BIN" ] || { echo "build first: cargo build --release" >&2; exit 2; }
RUNS=${RUNS:-50}

FIX=$(mktemp -d)
trap 'rm -rf "$FIX"' EXIT
mkdir -p "$FIX/etc/docker" "$FIX/lib/systemd/system/docker.service.d" "$FIX/etc/audit/rules.d" "$FIX/etc/ssh"
printf '{"icc": false, "hosts": ["unix:///var/run/docker.sock"]}\n' >"$FIX/etc/docker/daemon.json"
printf '[Service]\nExecStart=/usr/sbin/dockerd -H fd://\n' >"$FIX/lib/systemd/system/docker.service"
printf '[Service]\nExecStart=\nExecStart=/usr/sbin/dockerd\n' >"$FIX/lib/systemd/system/docker.service.d/override.conf"
printf -- '-w /etc/docker -k docker\n' >"$FIX/etc/audit/rules.d/docker.rules"
printf 'PasswordAuthentication no\n' >"$FIX/etc/ssh/sshd_config"
printf 'root:x:0:\ndocker:x:998:alice\n' >"$FIX/etc/group"

if command -v hyperfine >/dev/null; then
  hyperfine -N --warmup 3 --runs "$RUNS" --export-json "$FIX/h.json" --style basic \
    -n 'startup floor (rules)' "$BIN rules" \
    -n 'audit --no-daemon (live host /)' "$BIN audit --no-daemon --fail-on none" \
    -n 'audit --no-daemon --root fixture' "$BIN audit --no-daemon --root $FIX --fail-on none" >/dev/null
  echo "| command | median | mean | min |"
  echo "|---|---|---|---|"
  jq -r '.results[] | "| \(.command) | \(.median*1000|.*10|round/10) ms | \(.mean*1000|.*10|round/10) ms | \(.min*1000|.*10|round/10) ms |"' "$FIX/h.json"
else
  t() { local s e; s=$(date +%s%N); for _ in $(seq "$RUNS"); do "$@" >/dev/null; done; e=$(date +%s%N); echo "$(( (e - s) / RUNS / 1000 )) µs  $*"; }
  t "$BIN" rules
  t "$BIN" audit --no-daemon --fail-on none
  t "$BIN" audit --no-daemon --root "$FIX" --fail-on none
fi
