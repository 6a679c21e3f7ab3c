pub mod audit;
pub mod collect;
pub mod plugin;
pub mod probe;
pub mod rules;
pub mod tls;
