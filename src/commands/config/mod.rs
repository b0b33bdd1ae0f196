//! `panel config show | path`.

mod path;
mod show;

use super::{Needs, Output};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub action: Action,
}

#[derive(Debug, clap::Subcommand)]
pub enum Action {
    /// Print the configuration in effect, as commented TOML
    #[command(mut_arg("json", |a| a.help("Print JSON instead of TOML")))]
    Show {
        #[command(flatten)]
        output: Output,
    },
    /// Print where the store and the configuration file are
    Path {
        #[command(flatten)]
        output: Output,
    },
}

/// `path` reads no configuration, so that it still answers when
/// config.toml is broken.
pub fn needs(args: &Args) -> Needs<'_> {
    match &args.action {
        Action::Show { output } => Needs::context(move |ctx| show::run(ctx, output)),
        Action::Path { output } => Needs::paths(move |paths, out| path::run(paths, out, output)),
    }
}
