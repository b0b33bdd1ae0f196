//! One file per subcommand: its `Args` and a `run` taking the context.

pub mod audit;
pub mod completions;
pub mod config;
pub mod consent;
pub mod delete;
pub mod device;
pub mod list;
pub mod man;
pub mod reward;
pub mod show;
pub mod status;
pub mod submit;
pub mod survey;
