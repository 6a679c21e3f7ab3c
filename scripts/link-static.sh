#!/bin/sh
# The linker for x86_64-unknown-linux-gnu (see .cargo/config.toml): links every executable
# statically (static-pie, glibc's libc.a from libc6-dev), so `cargo build --release` gives a
# target/release/docker-harden that runs in any container, even one built FROM scratch.
# Shared objects (proc-macro crates) are linked exactly as rustc asks.
#
# Why not `-C target-feature=+crt-static` in rustflags: without `--target`, cargo applies
# target rustflags to host artifacts too, and rustc refuses to build proc-macro crates
# (clap_derive, serde_derive) with crt-static; with `--target`, the output moves away from
# target/release/. Linking statically here gives the same binary without either problem.
case " $* " in
  *" -shared "*) exec "${CC:-cc}" "$@" ;;
esac
set -- "$@" END_OF_ARGS
for a do
  shift
  case "$a" in
    END_OF_ARGS) break ;;
    # rustc's dynamic-link markers would pull libc.so back in.
    -Wl,-Bdynamic | -Bdynamic | -pie) continue ;;
    # The unwinder: libgcc_s is shared-only; libgcc_eh is its static counterpart.
    -lgcc_s) set -- "$@" -lgcc_eh ;;
    *) set -- "$@" "$a" ;;
  esac
done
exec "${CC:-cc}" -static-pie "$@"
