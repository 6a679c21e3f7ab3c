pub mod audit;
pub mod collect;
pub mod lint;
pub mod plugin;
pub mod rules;
