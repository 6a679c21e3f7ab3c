pub mod audit;
pub mod collect;
pub mod daemon_config;
pub mod host_opts;
pub mod plugin;
pub mod probe;
pub mod rules;
pub mod tls;
