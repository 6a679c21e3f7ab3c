pub mod audit;
pub mod collect;
pub mod daemon_config;
pub mod plugin;
pub mod rules;
