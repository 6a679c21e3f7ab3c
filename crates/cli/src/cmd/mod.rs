pub mod audit;
pub mod collect;
pub mod image;
pub mod inside;
pub mod plugin;
pub mod rules;
