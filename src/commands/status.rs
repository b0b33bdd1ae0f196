//! `panel status`: progress toward the quota and the reward, this month and
//! the twelve before it, with where each month's reward goes.
//!
//! Status only reads, and only a few rows a month whatever the store holds:
//! an ended month is read from its frozen record, or from the live counts
//! when no write has frozen it yet (see `store::months`).

use anyhow::Result;
use serde::{Deserialize, Serialize};

use crate::app::Ctx;
use crate::config::Charity;
use crate::money::format_minor;
use crate::program::month::Month;
use crate::program::progress::{MonthProgress, MonthRecord};
use crate::program::reward::{Destination, RewardModel, RewardState};
use crate::render::{self, Out};
use crate::store::months::Which;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// One month only: the current one, or YYYY-MM
    #[arg(long, value_name = "YYYY-MM", num_args = 0..=1)]
    pub month: Option<Option<Month>>,
    /// Print JSON
    #[arg(long)]
    pub json: bool,
}

/// `status --json` without `--month`: the current month's fields at the
/// top, and the twelve months before it, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Overview {
    #[serde(flatten)]
    pub current: MonthProgress,
    pub previous: Vec<MonthProgress>,
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<()> {
    let store = ctx.read_store()?;
    let at = ctx.moment();
    let current = at.month;
    let progress_of = |record: &MonthRecord| {
        MonthProgress::new(
            record,
            ctx.clock.days_left(record.month),
            record.month == current,
            &ctx.config.program,
        )
    };
    if let Some(month) = args.month {
        let record = store.month_record(month.unwrap_or(current), &at)?;
        let progress = progress_of(&record);
        if args.json {
            ctx.out.json(&progress)?;
        } else {
            print_month(&mut ctx.out, &progress, &ctx.config.charities)?;
        }
        return Ok(());
    }
    let first = current.months_before(12).unwrap_or(Month::FIRST);
    let previous = store.month_records(first, current.previous(), &at, Which::Every)?;
    let overview = Overview {
        current: progress_of(&store.month_record(current, &at)?),
        previous: previous.values().rev().map(progress_of).collect(),
    };
    if args.json {
        ctx.out.json(&overview)?;
        return Ok(());
    }
    let charities = &ctx.config.charities;
    print_month(&mut ctx.out, &overview.current, charities)?;
    ctx.out.line("")?;
    let mut table = ctx
        .out
        .table(&["month", "counted", "reward", "surveys", "paid to"]);
    for p in &overview.previous {
        table.add_row(vec![
            p.month.to_string(),
            format!("{}/{}", p.counted, p.quota),
            amount_or_dash(p.reward_minor, &p.currency),
            amount_or_dash(p.survey_minor, &p.currency),
            if p.total_minor > 0 {
                p.destination.describe(charities)
            } else {
                "-".into()
            },
        ]);
    }
    ctx.out.line(table.to_string())?;
    Ok(())
}

pub fn amount(minor: i64, currency: &str) -> String {
    format!("{} {currency}", format_minor(minor, currency))
}

pub fn amount_or_dash(minor: i64, currency: &str) -> String {
    if minor > 0 {
        amount(minor, currency)
    } else {
        "-".into()
    }
}

/// "to your store balance" or "to Feeding America".
pub fn to_destination(destination: &Destination, charities: &[Charity]) -> String {
    match destination {
        Destination::Balance => "to your store balance".into(),
        other => format!("to {}", other.describe(charities)),
    }
}

/// One month for people: the bar, what is left to earn, surveys, and the
/// reward line (pending, earned, or paid to where).
pub fn print_month(out: &mut Out, p: &MonthProgress, charities: &[Charity]) -> Result<()> {
    out.line(format!(
        "{}  {} {}/{} receipts counted{}",
        p.month,
        render::bar(p.counted, p.quota, 20),
        p.counted,
        p.quota,
        if p.extra > 0 {
            format!(" (+{} extra)", p.extra)
        } else {
            String::new()
        }
    ))?;
    out.line(progress_line(p))?;
    if p.surveys > 0 {
        out.line(format!(
            "Surveys: {} {}, {}.",
            p.surveys,
            if p.open { "this month" } else { "that month" },
            amount(p.survey_minor, &p.currency)
        ))?;
    }
    out.line(reward_line(p, charities))?;
    Ok(())
}

fn progress_line(p: &MonthProgress) -> String {
    let reward = amount(p.reward_minor, &p.currency);
    let days = format!(
        "{} day{} left in the month",
        p.days_left,
        plural(p.days_left)
    );
    match (p.model, p.open, p.remaining) {
        (RewardModel::Monthly, true, 0) => format!("Quota met: {reward} earned this month."),
        (RewardModel::Monthly, true, n) => format!(
            "{n} more receipt{} to earn {}; {days}.",
            plural(n as i64),
            amount(p.max_reward_minor, &p.currency),
        ),
        (RewardModel::Monthly, false, 0) => format!("Quota met: {reward} earned."),
        (RewardModel::Monthly, false, n) => {
            format!("Quota missed by {n}: no reward for this month.")
        }
        (RewardModel::PerReceipt, true, 0) => format!("Cap reached: {reward} earned this month."),
        (RewardModel::PerReceipt, true, n) => format!(
            "{reward} earned so far; {n} more receipt{} to reach the {} cap; {days}.",
            plural(n as i64),
            amount(p.max_reward_minor, &p.currency),
        ),
        (RewardModel::PerReceipt, false, _) => format!(
            "{} receipt{} earned {reward}.",
            p.counted,
            plural(i64::from(p.counted))
        ),
    }
}

fn reward_line(p: &MonthProgress, charities: &[Charity]) -> String {
    let to = to_destination(&p.destination, charities);
    let total = amount(p.total_minor, &p.currency);
    match p.reward_state {
        RewardState::Pending if p.total_minor > 0 => {
            format!("Reward: pending, {total} so far; it goes {to} when the month ends.")
        }
        RewardState::Pending => format!("Reward: pending; it goes {to} when the month ends."),
        RewardState::Earned => {
            format!("Reward: earned, {total}; it goes {to} when the month ends.")
        }
        RewardState::Paid => format!("Reward: paid, {total} {to}."),
        RewardState::None => "Reward: none.".into(),
    }
}

fn plural(n: i64) -> &'static str {
    if n == 1 { "" } else { "s" }
}
