pub mod audit;
pub mod collect;
pub mod daemon_config;
pub mod host_opts;
pub mod plugin;
pub mod rules;
