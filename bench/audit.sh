#!/usr/bin/env bash
# Audit speed: docker-harden against the lower bound (one `docker inspect` of every
# container) and, when DOCKER_BENCH points at a docker-bench-security checkout, against it —
# all measured in the same run, on the test daemon (scripts/test-daemon.sh).
#
#   bench/audit.sh [N ...]          # container counts, default: 0 50 200
#   DOCKER_BENCH=/path/to/docker-bench-security bench/audit.sh 0 50
#
# Three quarters of the containers run (the rest are --privileged, which only create here).
# Prints a markdown table (times are hyperfine means; RSS is the peak of one audit).
set -euo pipefail
cd "$(dirname "$0")/.."
counts=("$@"); [ ${#counts[@]} -gt 0 ] || counts=(0 50 200)
command -v hyperfine >/dev/null || { echo "needs hyperfine (apt-get install hyperfine)" >&2; exit 2; }
eval "$(scripts/test-daemon.sh start)"
cargo build --release --quiet
BIN=$PWD/target/release/docker-harden
P=dhbench
cleanup() { ids=$(docker ps -aq --filter "name=^/$P-"); [ -z "$ids" ] || docker rm -f $ids >/dev/null; }
trap cleanup EXIT
out=$(mktemp -d)

echo "| containers | docker-harden audit | docker inspect (lower bound) | ratio | docker-bench-security | speed-up | peak RSS |"
echo "|---:|---:|---:|---:|---:|---:|---:|"
for n in "${counts[@]}"; do
  cleanup
  # Running containers, as on a real host (docker-bench-security's section 5 only looks at
  # running ones; docker-harden also runs `top` in each for the sshd check). Privileged
  # containers cannot start in every sandbox: those are only created.
  for i in $(seq 1 "$n"); do
    case $((i % 4)) in
      0) docker run -d --name "$P-$i" dh-busybox:latest sleep 3600 >/dev/null ;;
      1) docker create --name "$P-$i" --privileged -v /etc:/host/etc dh-busybox:latest sleep 3600 >/dev/null ;;
      2) docker run -d --name "$P-$i" --user 1000 --read-only --cap-drop ALL --memory 64m --pids-limit 50 dh-busybox:latest sleep 3600 >/dev/null ;;
      3) docker run -d --name "$P-$i" -p 127.0.0.1::80 --cap-add NET_ADMIN -e API_TOKEN=x dh-busybox:latest sleep 3600 >/dev/null ;;
    esac
  done
  hyperfine -N --warmup 2 --runs 15 --export-json "$out/h.json" \
    "$BIN audit --format json --fail-on none -o /dev/null" \
    "sh -c 'docker ps -aq | xargs -r docker inspect >/dev/null'" >/dev/null 2>&1
  dh=$(jq '.results[0].mean' "$out/h.json"); ins=$(jq '.results[1].mean' "$out/h.json")
  rss=$( { /usr/bin/time -f %M "$BIN" audit --format json --fail-on none -o /dev/null; } 2>&1 | tail -1)
  dbs="-"; speed="-"
  if [ -n "${DOCKER_BENCH:-}" ] && [ -f "$DOCKER_BENCH/docker-bench-security.sh" ]; then
    t0=$(date +%s.%N)
    (cd "$DOCKER_BENCH" && sh docker-bench-security.sh -l "$out/dbs.log" >/dev/null 2>&1) || true
    t1=$(date +%s.%N)
    dbs=$(echo "$t1 - $t0" | bc -l)
    speed=$(printf '%.0f×' "$(echo "$dbs / $dh" | bc -l)")
    dbs=$(printf '%.2f s' "$dbs")
  fi
  printf '| %s | %.1f ms | %.1f ms | %.2f× | %s | %s | %.1f MiB |\n' "$n" \
    "$(echo "$dh * 1000" | bc -l)" "$(echo "$ins * 1000" | bc -l)" "$(echo "$dh / $ins" | bc -l)" \
    "$dbs" "$speed" "$(echo "$rss / 1024" | bc -l)"
done
rm -rf "$out"
