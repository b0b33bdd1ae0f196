//! `panel survey add | list`: surveys taken, whose rewards join the reward
//! of the month they are recorded in and go where that month's reward goes.

mod add;
mod list;

use anyhow::Result;
use chrono::NaiveDate;

use crate::app::Ctx;
use crate::clock::parse_date;
use crate::commands::Output;
use crate::month::Month;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub action: Action,
}

#[derive(Debug, clap::Subcommand)]
pub enum Action {
    /// Record a survey you took; its reward joins this month's reward
    #[command(
        mut_arg("json", |a| a.help("Print the recorded survey as JSON")),
        after_help = "A survey's reward joins the reward of the month it is recorded in \
        and goes where that month's reward goes (`panel reward`).\n\n\
        Example:\n  panel survey add --title \"Breakfast habits\" --reward 2.50 --date 2026-03-18"
    )]
    Add {
        /// What the survey was called
        #[arg(long, value_name = "TEXT")]
        title: String,
        /// What it pays, in the program's currency, e.g. 2.50 or "2,50 USD"
        #[arg(long, value_name = "AMOUNT", allow_hyphen_values = true)]
        reward: String,
        /// The day you took it (default: today)
        #[arg(long, value_parser = parse_date, value_name = "YYYY-MM-DD")]
        date: Option<NaiveDate>,
        #[command(flatten)]
        output: Output,
    },
    /// List the surveys recorded
    #[command(mut_arg("json", |a| a.help("Print a JSON array")))]
    List {
        /// Only surveys recorded in this month (YYYY-MM)
        #[arg(long, value_name = "YYYY-MM")]
        month: Option<Month>,
        #[command(flatten)]
        output: Output,
    },
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<()> {
    match &args.action {
        Action::Add {
            title,
            reward,
            date,
            output,
        } => add::run(ctx, title, reward, *date, output),
        Action::List { month, output } => list::run(ctx, *month, output),
    }
}
