# For the `--host ssh://` live test: an sshd to run on 127.0.0.1 (scripts/ssh-test-server.sh).
if [ "$(id -u)" = 0 ] && [ ! -x /usr/sbin/sshd ]; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends openssh-server >/dev/null
fi
