# Set-up for the image/inside tests (sourced by scripts/test.sh as root).
# The `inside` live tests run a statically linked docker-harden (crt-static) in a busybox
# container with no libc: linking it needs glibc's static archives (libc.a, in libc6-dev).
if [ "$(id -u)" = 0 ] && [ ! -e /usr/lib/x86_64-linux-gnu/libc.a ]; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libc6-dev >/dev/null
fi
