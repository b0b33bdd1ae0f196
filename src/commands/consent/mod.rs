//! `panel consent device on|off | list`: what the panelist agrees to share
//! beyond the receipt, and the history of every change.

mod device;
mod list;

use anyhow::Result;

use crate::app::Ctx;
use crate::commands::Output;

pub use device::DeviceChoice;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Device data (see `panel device`) accompanies your submissions only while you \
        consent; it is off until you turn it on. Health data is consented to per receipt \
        when you submit it. Every change is kept with its time, in the store and in the \
        audit ledger, and `panel audit export` includes the whole history.\n\n\
        Examples:\n  panel consent device on\n  panel consent device off\n  panel consent list"
)]
pub struct Args {
    #[command(subcommand)]
    pub action: Action,
}

#[derive(Debug, clap::Subcommand)]
pub enum Action {
    /// Share device data with your submissions (on) or stop sharing it (off)
    #[command(
        long_about = "Share device data with the receipts you submit from now on (on), or \
            stop sharing it (off). `panel device` shows what it is.\n\n\
            The change is kept with its time. Turning it off does not reach receipts \
            already shared, which keep what accompanied them until you delete them \
            (`panel delete`). Asking for the state already in effect changes nothing.",
        after_help = "Examples:\n  panel consent device on\n  panel consent device off"
    )]
    #[command(mut_arg("json", |a| {
        a.help("Print JSON: {\"changed\": bool, \"consent\": bool, \"since\": time or null, \"data\": {...} or null}")
    }))]
    Device {
        #[arg(value_enum, value_name = "on|off")]
        state: Switch,
        #[command(flatten)]
        output: Output,
    },
    /// List every consent given or withdrawn, oldest first, with its time
    #[command(mut_arg("json", |a| a.help("Print a JSON array of {kind, receipt, granted, at}")))]
    List {
        #[command(flatten)]
        output: Output,
    },
}

/// How `panel consent device` is told to set the consent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Switch {
    /// Give consent: device data accompanies later submissions
    On,
    /// Withdraw consent: later submissions carry no device data
    Off,
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<()> {
    match &args.action {
        Action::Device { state, output } => device::run(ctx, *state == Switch::On, output),
        Action::List { output } => list::run(ctx, output),
    }
}
