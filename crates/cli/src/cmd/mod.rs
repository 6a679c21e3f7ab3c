pub mod audit;
pub mod collect;
pub mod plugin;
pub mod rules;
pub mod image;
pub mod inside;
