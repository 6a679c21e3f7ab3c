//! Host facts read under `--root`: files, the effective daemon configuration, audit rules.
//! (Filled by the host collector; see issue 4.)

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct HostFacts {
    /// The directory host files were read under (`/` on a live host).
    pub root: String,
}
