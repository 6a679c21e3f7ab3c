# Tools the daemon-config live tests use (crates/cli/tests/daemon_config.rs): a second
# dockerd in its own network namespace (ip, nsenter, iptables), systemd's socket activation
# (systemd-socket-activate), a test PKI (openssl), an HTTPS client (curl), and useradd for
# the dockremap user of userns-remap. Sourced by scripts/test.sh as root; idempotent.
dhdc_pkgs=()
command -v ip >/dev/null || dhdc_pkgs+=(iproute2)
command -v nsenter >/dev/null || dhdc_pkgs+=(util-linux)
command -v iptables >/dev/null || dhdc_pkgs+=(iptables)
command -v systemd-socket-activate >/dev/null || dhdc_pkgs+=(systemd)
command -v openssl >/dev/null || dhdc_pkgs+=(openssl)
command -v curl >/dev/null || dhdc_pkgs+=(curl ca-certificates)
command -v useradd >/dev/null || dhdc_pkgs+=(passwd)
if [ ${#dhdc_pkgs[@]} -gt 0 ] && [ "$(id -u)" = 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${dhdc_pkgs[@]}" >/dev/null
fi
unset dhdc_pkgs
