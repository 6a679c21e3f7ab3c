//! `docker-harden daemon-config`: a hardened dockerd configuration merged with what the host
//! has. It reads `daemon.json` (or the `--config-file` on the unit's dockerd command line)
//! and the `docker.service` unit with its drop-ins under a root directory, works out the
//! changes ([`plan`]), and writes them only when asked ([`apply`]).

mod apply;
pub mod dockerd_flags;
mod error;
mod plan;
mod request;
mod rootfs;
pub mod subid;
pub mod systemd;
mod validate;

pub use apply::{apply, timestamp, Written};
pub use error::Error;
pub use plan::{plan, FileChange, Plan, DEFAULT_CONFIG, DROPIN_DIR, DROPIN_NAMES};
pub use request::{Listen, Request, Tls, Ulimit, PLAINTEXT_PORT, TLS_PORT};
pub use rootfs::RootFs;
pub use validate::{find_on_path, validate, Validation};
