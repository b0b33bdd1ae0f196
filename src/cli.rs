//! The command line: the global options, and the start that gives a
//! command what it needs (see `commands`).

use std::path::PathBuf;

use anyhow::Result;
use clap::{CommandFactory, Parser};

use crate::app::{self, Ctx, Outcome};
use crate::commands::{Command, Needs};
use crate::render::Out;

const ENVIRONMENT: &str = "\
Environment:
  PANEL_HOME       absolute folder holding panel.db and config.toml (like --home)
  XDG_DATA_HOME    absolute; the store goes in $XDG_DATA_HOME/panel without PANEL_HOME
  XDG_CONFIG_HOME  absolute; config.toml goes in $XDG_CONFIG_HOME/panel without PANEL_HOME
  PANEL_NOW        RFC 3339 time used as the current time (for tests and what-ifs)
  NO_COLOR         when set, no colour in the output
  TZ               the system time zone, used when config.toml says time_zone = \"local\"

Exit codes:
  0 success · 1 the request failed · 2 usage error · 3 the store is unusable ·
  4 some files of a bulk submit failed";

#[derive(Debug, Parser)]
#[command(
    name = "panel",
    version,
    about = "Your side of a receipt-sharing panel: submit receipts, see what you share, track rewards",
    long_about = "Your side of a receipt-sharing consumer panel, local and offline.\n\n\
        panel records the receipts you share, withholds personal data, counts your \
        progress toward the monthly reward, and deletes a receipt without a trace \
        when you ask. Everything lives in one SQLite file in the panel home.",
    after_help = ENVIRONMENT,
    propagate_version = true
)]
pub struct Cli {
    /// Folder holding the store and config.toml (absolute path) [env: PANEL_HOME]
    #[arg(long, global = true, value_name = "DIR", value_hint = clap::ValueHint::DirPath)]
    pub home: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Command,
}

impl Cli {
    /// The staged start: builds only what the command needs (nothing, the
    /// paths, or the whole context) and runs it.
    pub fn run(self) -> Result<Outcome> {
        let mut out = Out::new();
        match self.command.needs() {
            Needs::Nothing(run) => run(Cli::command(), &mut out),
            Needs::Paths(run) => run(&app::paths(self.home)?, &mut out),
            Needs::Context(run) => run(&mut Ctx::new(app::paths(self.home)?, out)?),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// clap checks a definition only as far as one command line reaches;
    /// this checks all of it: every subcommand, flag and changed argument.
    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command().debug_assert();
    }
}
