#!/usr/bin/env bash
# Records the Snapshot fixture the rule tests use, from the real test daemon: creates the
# sample containers (prefix fx), collects, keeps only them, the networks and their image.
#   scripts/record-fixtures.sh        # writes crates/rules/tests/fixtures/snapshot-live.json
set -euo pipefail
cd "$(dirname "$0")/.."
eval "$(scripts/test-daemon.sh start)"
cargo build -q -p docker-harden
scripts/sample-containers.sh create fx
trap 'scripts/sample-containers.sh remove fx' EXIT
out=crates/rules/tests/fixtures/snapshot-live.json
mkdir -p "$(dirname "$out")"
target/debug/docker-harden collect -o /tmp/dh-fixture-raw.json
jq '.containers |= map(select(.Name | startswith("/fx-")))
    | .networks |= map(select(.Name == "bridge" or .Name == "fx-net" or .Name == "host" or .Name == "none"))
    | .images |= map(select((.RepoTags // []) | any(. == "dh-busybox:latest")))' \
  /tmp/dh-fixture-raw.json >"$out"
rm -f /tmp/dh-fixture-raw.json
echo "recorded $(jq '.containers | length' "$out") containers into $out"
