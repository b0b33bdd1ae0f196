//! The command line: global options and the list of subcommands.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::commands;

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

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Record receipts: read, check the program's rules, share only what is allowed
    Submit(commands::submit::Args),
    /// List recorded receipts
    List(commands::list::Args),
    /// Show one receipt in full
    Show(commands::show::Args),
    /// Delete receipts, leaving no trace of them in the store
    Delete(commands::delete::Args),
    /// Progress toward this month's quota and reward
    Status(commands::status::Args),
    /// Where rewards go, what each month earned, and the charities to choose from
    Reward(commands::reward::Args),
    /// Record the surveys you took, which add to the month's reward
    Survey(commands::survey::Args),
    /// Show the device data that would accompany submissions, and whether it is shared
    Device(commands::device::Args),
    /// Give or withdraw consent to share device data, and list every consent change
    Consent(commands::consent::Args),
    /// Export the account of what was shared and deleted, and verify one
    Audit(commands::audit::Args),
    /// Show the configuration or where the files are
    Config(commands::config::Args),
    /// Print shell completions
    Completions(commands::completions::Args),
    /// Print the man page
    Man(commands::man::Args),
}
