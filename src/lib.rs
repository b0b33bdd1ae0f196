//! `panel`: the panelist's side of a receipt-sharing consumer panel.
//!
//! The binary is a thin shell over this library; the pipeline is
//! `intake → extract → privacy → plan → store`, driven by one command per
//! file in `commands/`, each given its resources through [`app::Ctx`].

pub mod app;
pub mod audit;
pub mod cli;
pub mod clock;
pub mod commands;
pub mod config;
pub mod device;
pub mod extract;
pub mod files;
pub mod intake;
pub mod isolate;
pub mod money;
pub mod parallel;
pub mod paths;
pub mod plan;
pub mod previews;
pub mod privacy;
pub mod program;
pub mod proof;
pub mod render;
pub mod store;
