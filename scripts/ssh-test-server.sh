#!/usr/bin/env bash
# A throwaway sshd on 127.0.0.1:22022 for the `--host ssh://` tests: key-only login for root
# with a key made here, DOCKER_HOST set for the session to the test daemon, and an `ssh`
# wrapper (bin/ssh under the directory) that uses this key and known_hosts file, so
# nothing in ~/.ssh is touched.
#   scripts/ssh-test-server.sh start   # prints: export PATH=/tmp/dh-ssh/bin:$PATH
#   scripts/ssh-test-server.sh stop
set -euo pipefail
DIR=${DH_SSH_DIR:-/tmp/dh-ssh}
PORT=${DH_SSH_PORT:-22022}
DOCKER_SOCK=${DH_SSH_DOCKER_HOST:-unix:///tmp/dh-testd/docker.sock}

start() {
  command -v /usr/sbin/sshd >/dev/null || { echo "sshd not installed (apt-get install openssh-server)" >&2; exit 1; }
  mkdir -p "$DIR/bin" /run/sshd
  chmod 700 "$DIR"
  [ -f "$DIR/hostkey" ] || ssh-keygen -q -t ed25519 -N '' -f "$DIR/hostkey"
  [ -f "$DIR/client_key" ] || ssh-keygen -q -t ed25519 -N '' -f "$DIR/client_key"
  cp "$DIR/client_key.pub" "$DIR/authorized_keys"
  cat >"$DIR/sshd_config" <<CFG
Port $PORT
ListenAddress 127.0.0.1
HostKey $DIR/hostkey
AuthorizedKeysFile $DIR/authorized_keys
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
StrictModes no
UsePAM no
PidFile $DIR/sshd.pid
SetEnv DOCKER_HOST=$DOCKER_SOCK
CFG
  cat >"$DIR/ssh_config" <<CFG
Host *
  IdentityFile $DIR/client_key
  IdentitiesOnly yes
  UserKnownHostsFile $DIR/known_hosts
  StrictHostKeyChecking accept-new
  BatchMode yes
CFG
  printf '#!/bin/sh\nexec /usr/bin/ssh -F %s/ssh_config "$@"\n' "$DIR" >"$DIR/bin/ssh"
  chmod +x "$DIR/bin/ssh"
  if [ -f "$DIR/sshd.pid" ] && kill -0 "$(cat "$DIR/sshd.pid")" 2>/dev/null; then
    :
  else
    /usr/sbin/sshd -f "$DIR/sshd_config" -E "$DIR/sshd.log"
    for _ in $(seq 1 40); do [ -f "$DIR/sshd.pid" ] && break; sleep 0.1; done
  fi
  echo "export PATH=$DIR/bin:\$PATH"
}

stop() {
  [ -f "$DIR/sshd.pid" ] && kill "$(cat "$DIR/sshd.pid")" 2>/dev/null || true
  rm -f "$DIR/sshd.pid"
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
