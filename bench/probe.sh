#!/usr/bin/env bash
# Benchmark: `docker-harden probe` of 1,000 closed loopback ports (127.0.0.1:41000-41999).
# Target: under 2 s. Prints the wall-clock time; uses hyperfine when installed.
#   bench/probe.sh [path/to/docker-harden]
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-target/release/docker-harden}
if [ ! -x "$BIN" ]; then cargo build --release -q -p docker-harden; fi
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
seq -f '127.0.0.1:%g' 41000 41999 >"$tmp/targets"
# Every port must really be closed (a listening one would be probed for real).
open=$("$BIN" probe --targets-file "$tmp/targets" --format json | grep -o '"state": *"[a-z-]*"' | grep -vc closed || true)
[ "$open" = 0 ] || echo "note: $open of the 1000 ports are not closed here"
if command -v hyperfine >/dev/null; then
  hyperfine -N --warmup 1 --runs 5 --export-json "$tmp/h.json" \
    "$BIN probe --targets-file $tmp/targets --format json --output /dev/null" >&2
  mean=$(python3 -c 'import json,sys; print("%.3f" % json.load(open(sys.argv[1]))["results"][0]["mean"])' "$tmp/h.json")
else
  start=$(date +%s.%N)
  "$BIN" probe --targets-file "$tmp/targets" --format json --output /dev/null
  mean=$(echo "$(date +%s.%N) - $start" | bc)
fi
echo "probe: 1000 closed loopback ports in ${mean} s (target < 2 s)"
awk -v m="$mean" 'BEGIN { exit !(m < 2.0) }' || { echo "SLOWER than the 2 s target" >&2; exit 1; }
