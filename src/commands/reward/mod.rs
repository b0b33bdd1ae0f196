//! `panel reward [choose | charities | history]`: where rewards go, choosing
//! it, the charities, and what every month earned.

mod charities;
mod choose;
mod history;
mod show;

use anyhow::Result;

use crate::app::Ctx;
use crate::commands::Output;

pub use choose::ChoiceView;
pub use history::DestinationTotal;
pub use show::RewardView;

#[derive(Debug, clap::Args)]
#[command(
    args_conflicts_with_subcommands = true,
    after_help = "Without a subcommand: where rewards go and this month's reward.\n\n\
        A choice holds from the current month on, this month included; a month that \
        has ended keeps the destination it ended with. Until you choose, rewards go \
        where the program's default_destination says (`panel config show`)."
)]
pub struct Args {
    #[command(subcommand)]
    pub action: Option<Action>,
    #[command(flatten)]
    pub output: Output,
}

#[derive(Debug, clap::Subcommand)]
pub enum Action {
    /// Choose where rewards go from this month on: your store balance or a charity
    #[command(
        after_help = "The choice holds from the current month on, this month included; \
        a month that has ended keeps the destination it ended with.\n\n\
        Examples:\n  panel reward choose balance\n  panel reward choose charity feeding-america\n  \
        panel reward choose charity st jude"
    )]
    #[command(mut_arg("json", |a| a.global(true)))]
    Choose {
        #[command(subcommand)]
        target: Target,
        #[command(flatten)]
        output: Output,
    },
    /// List the charities a reward can be donated to
    #[command(mut_arg("json", |a| a.help("Print a JSON array of {id, name, description}")))]
    Charities {
        #[command(flatten)]
        output: Output,
    },
    /// What every month earned and where it went, and lifetime totals per destination
    #[command(mut_arg("json", |a| {
        a.help("Print a JSON array: one object per month (or per destination with --totals)")
    }))]
    History {
        /// Only the lifetime totals per destination
        #[arg(long)]
        totals: bool,
        #[command(flatten)]
        output: Output,
    },
}

#[derive(Debug, clap::Subcommand)]
pub enum Target {
    /// Rewards are paid as store balance
    Balance,
    /// Rewards are donated to a charity of `panel reward charities`
    Charity {
        /// The charity's id, or the start of its id or name (any case)
        #[arg(required = true, num_args = 1.., value_name = "ID-OR-NAME-PREFIX")]
        words: Vec<String>,
    },
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<()> {
    match &args.action {
        None => show::run(ctx, &args.output),
        Some(Action::Choose { target, output }) => choose::run(ctx, target, output),
        Some(Action::Charities { output }) => charities::run(ctx, output),
        Some(Action::History { totals, output }) => history::run(ctx, *totals, output),
    }
}
