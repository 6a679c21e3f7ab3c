#!/usr/bin/env bash
# Benchmark of `docker-harden image --tar`: a generated image of about 1 GiB (many files,
# several layers) built on the test daemon, saved with `docker save`, then scanned.
# Reports throughput against `cat FILE > /dev/null` on the same file in the same run
# (target: at least 70% of it) and peak RSS (target: under 100 MiB).
#
# Usage: bench/image.sh [SIZE_MIB]   (default 1024; needs hyperfine and GNU time)
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE_MIB=${1:-1024}
export DOCKER_HOST=${DH_TEST_DOCKER_HOST:-unix:///tmp/dh-testd/docker.sock}
WORK=$(mktemp -d /tmp/dh-bench-image.XXXXXX)
TAG="dhbench-image-$$:latest"
cleanup() { docker rmi -f "$TAG" >/dev/null 2>&1 || true; rm -rf "$WORK"; }
trap cleanup EXIT

for tool in hyperfine /usr/bin/time docker; do
    command -v "$tool" >/dev/null || { echo "bench/image.sh: $tool is required" >&2; exit 2; }
done

# The static release binary (`cargo build-static`) when built, else the ordinary one.
BIN=${DH_BIN:-}
if [[ -z $BIN ]]; then
    BIN=target/x86_64-unknown-linux-gnu/release/docker-harden
    [[ -x $BIN ]] || { BIN=target/release/docker-harden; cargo build --release -p docker-harden >&2; }
fi

# Four layers of big random files (incompressible, as real binaries mostly are) and one
# layer of 20,000 small files, plus a setuid file and a key so the rules have work to do.
LAYER_MIB=$(( (SIZE_MIB - 40) / 4 ))
FILES_PER_LAYER=$(( LAYER_MIB * 4 ))   # 256 KiB each
cat > "$WORK/Dockerfile" <<DOCKERFILE
FROM dh-busybox:latest
RUN for l in 1 2; do mkdir -p /data/\$l; i=0; while [ \$i -lt $FILES_PER_LAYER ]; do head -c 262144 /dev/urandom > /data/\$l/f\$i; i=\$((i+1)); done; done
RUN for l in 3 4; do mkdir -p /data/\$l; i=0; while [ \$i -lt $FILES_PER_LAYER ]; do head -c 262144 /dev/urandom > /data/\$l/f\$i; i=\$((i+1)); done; done
RUN mkdir -p /small && i=0; while [ \$i -lt 20000 ]; do echo "file \$i" > /small/s\$i; i=\$((i+1)); done
RUN cp /bin/busybox /bin/suid && chmod 4755 /bin/suid && rm -rf /data/1/f1
DOCKERFILE
echo "building a ~${SIZE_MIB} MiB image ($TAG)..." >&2
docker build -q --network none -t "$TAG" "$WORK" >/dev/null
docker save -o "$WORK/image.tar" "$TAG"
BYTES=$(stat -c %s "$WORK/image.tar")
MIB=$(( BYTES / 1048576 ))
echo "image archive: $MIB MiB" >&2

# `--tar FILE` seeks past what no rule reads; `cat FILE | … --tar -` reads every byte of a
# pipe, as the daemon's export (`image REF`) must.
hyperfine --warmup 2 --runs 10 --export-json "$WORK/h.json" \
    -n cat "cat $WORK/image.tar > /dev/null" \
    -n pipe "cat $WORK/image.tar | cat > /dev/null" \
    -n file "$BIN image --tar $WORK/image.tar --fail-on none --format json > /dev/null" \
    -n stream "cat $WORK/image.tar | $BIN image --tar - --fail-on none --format json > /dev/null" >&2

rss() {
    /usr/bin/time -v "$@" > /dev/null 2> "$WORK/time.txt" || true
    awk -F: '/Maximum resident set size/ {gsub(/ /,"",$2); print $2}' "$WORK/time.txt"
}
RSS_FILE=$(rss "$BIN" image --tar "$WORK/image.tar" --fail-on none)
RSS_STREAM=$(rss sh -c "cat $WORK/image.tar | \"$BIN\" image --tar - --fail-on none")

python3 - "$WORK/h.json" "$BYTES" "$RSS_FILE" "$RSS_STREAM" <<'PY'
import json, sys
h = json.load(open(sys.argv[1])); size = int(sys.argv[2])
rss = {"file": int(sys.argv[3]), "stream": int(sys.argv[4])}
r = {x["command"]: x for x in h["results"]}
mib = size / 1048576
cat = r["cat"]["median"]
print(f"image archive: {mib:.0f} MiB, {len(r['cat']['times'])} runs each, median wall time")
print("| command | median | min | throughput | vs cat | peak RSS | target |")
print("|---|---|---|---|---|---|---|")
for name, label in [("cat", "cat FILE > /dev/null"), ("pipe", "cat FILE \\| cat > /dev/null"), ("file", "image --tar FILE"), ("stream", "cat FILE \\| image --tar -")]:
    x = r[name]
    med = x["median"]
    mem = f"{rss[name]/1024:.1f} MiB" if name in rss else ""
    tgt = {"file": ">= 70% of cat, < 100 MiB", "stream": f"< 100 MiB; {r['pipe']['median']/med*100:.0f}% of the pipe baseline"}.get(name, "")
    print(f"| {label} | {med*1000:.0f} ms | {x['min']*1000:.0f} ms | {mib/med:.0f} MiB/s | {cat/med*100:.0f}% | {mem} | {tgt} |")
PY
