#!/usr/bin/env bash
# Creates (or removes) the sample containers docker-harden's live tests, fixtures, demo and
# benchmarks audit: one per bad practice, and one hardened with every seed measure.
#
#   scripts/sample-containers.sh create PREFIX   # needs DOCKER_HOST and the dh-busybox image
#   scripts/sample-containers.sh remove PREFIX
#
# The expected findings for each container are asserted in crates/cli/tests/live_audit.rs.
set -euo pipefail
action=${1:?usage: $0 create|remove PREFIX}
P=${2:?usage: $0 create|remove PREFIX}
IMAGE=${DH_TEST_IMAGE:-dh-busybox:latest}
SOCK=${DOCKER_HOST#unix://}
[ "$SOCK" != "$DOCKER_HOST" ] || SOCK=/var/run/docker.sock
d() { docker "$@" >/dev/null; }

remove() {
  local ids
  ids=$(docker ps -aq --filter "name=^/${P}-" || true)
  [ -z "$ids" ] || docker rm -f -v $ids >/dev/null
  docker network rm "${P}-net" >/dev/null 2>&1 || true
}

create() {
  remove
  d network create -o com.docker.network.bridge.enable_icc=false "${P}-net"
  # Defaults only: root, no limits, writable rootfs, default bridge, no healthcheck.
  d run -d --name "${P}-default" "$IMAGE" sleep 3600
  # Created, never started: --privileged cannot start in every sandbox, and an audit must
  # judge a container by its configuration anyway.
  d create --name "${P}-privileged" --privileged "$IMAGE" sleep 3600
  d run -d --name "${P}-caps" --cap-add SYS_ADMIN --cap-add cap_net_admin --cap-add IPC_LOCK "$IMAGE" sleep 3600
  d create --name "${P}-capall" --cap-add ALL "$IMAGE" sleep 3600
  d create --name "${P}-hostns" --pid host --ipc host --uts host --network host --userns host "$IMAGE" sleep 3600
  d run -d --name "${P}-socket" -v "$SOCK:/var/run/docker.sock" "$IMAGE" sleep 3600
  d run -d --name "${P}-mounts" -v /etc:/host/etc:ro -v /usr/lib:/host/lib "$IMAGE" sleep 3600
  d create --name "${P}-propagation" --mount type=bind,source=/tmp,target=/data,bind-propagation=rshared "$IMAGE" sleep 3600
  d run -d --name "${P}-unconfined" --security-opt seccomp=unconfined --security-opt apparmor=unconfined \
    --security-opt label=disable --security-opt systempaths=unconfined "$IMAGE" sleep 3600
  d create --name "${P}-ports" -p 80:80 -p 0.0.0.0:2222:22 -p 127.0.0.1:8080:8080 "$IMAGE" sleep 3600
  d create --name "${P}-devices" --device /dev/null:/dev/xnull --ulimit nofile=1024:2048 --cgroup-parent /dh-custom "$IMAGE" sleep 3600
  d run -d --name "${P}-restart" --restart always "$IMAGE" sleep 3600
  d run -d --name "${P}-sshd" "$IMAGE" sh -c 'mkdir -p /usr/sbin && printf "#!/bin/sh\nsleep 3600\n" >/usr/sbin/sshd && chmod +x /usr/sbin/sshd && /usr/sbin/sshd & exec sleep 3600'
  d run -d --name "${P}-env" -e DB_PASSWORD=hunter2-very-secret -e GITHUB_TOKEN=ghp_0123456789abcdefghijklmnopqrstuvwxyzAB \
    -e API_KEY= -e GPG_KEY=B42F6819007F00F88E364FD4036A9C25BF357DD4 "$IMAGE" sleep 3600
  d run -d --name "${P}-paused" "$IMAGE" sleep 3600
  d pause "${P}-paused"
  d run --name "${P}-exited" "$IMAGE" true
  # Every seed measure: non-root, read-only rootfs + tmpfs, no capabilities, no new privileges,
  # memory/CPU/pids limits, bounded restarts, ICC-disabled network, healthcheck.
  d run -d --name "${P}-hardened" --user 1000:1000 --read-only --tmpfs /tmp:rw,noexec,nosuid,size=16m \
    --cap-drop ALL --security-opt no-new-privileges --memory 64m --memory-swap 64m --cpus 0.5 --cpu-shares 512 \
    --pids-limit 64 --restart on-failure:3 --network "${P}-net" \
    --health-cmd 'true' --health-interval 30s "$IMAGE" sleep 3600
  sleep 1 # let the sshd stand-in start
}

case "$action" in
  create) create ;;
  remove) remove ;;
  *) echo "usage: $0 create|remove PREFIX" >&2; exit 2 ;;
esac
