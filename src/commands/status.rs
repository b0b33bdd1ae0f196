//! `panel status`: progress toward the quota and the reward, this month and
//! the twelve before it.

use anyhow::Result;
use serde::{Deserialize, Serialize};

use crate::app::Ctx;
use crate::money::format_minor;
use crate::program::month::Month;
use crate::program::progress::MonthProgress;
use crate::render;

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
    let store = ctx.open_store()?;
    let current = ctx.clock.current_month();
    let rules = &ctx.config.program;
    let progress_of = |month: Month, counted: u32, extra: u32| {
        MonthProgress::new(
            month,
            counted,
            extra,
            ctx.clock.days_left(month),
            month == current,
            rules,
        )
    };
    if let Some(month) = args.month {
        let month = month.unwrap_or(current);
        let (counted, extra) = store.count_in_month(month)?;
        let progress = progress_of(month, counted, extra);
        if args.json {
            ctx.out.json(&progress)?;
        } else {
            print_month(ctx, &progress)?;
        }
        return Ok(());
    }
    let first = (0..12).fold(current, |m, _| m.previous());
    let counts = store.counted_by_month(first, current)?;
    let (counted, extra) = store.count_in_month(current)?;
    let mut previous = Vec::new();
    let mut month = current.previous();
    while month >= first {
        previous.push(progress_of(
            month,
            counts.get(&month).copied().unwrap_or(0),
            0,
        ));
        month = month.previous();
    }
    let overview = Overview {
        current: progress_of(current, counted, extra),
        previous,
    };
    if args.json {
        ctx.out.json(&overview)?;
        return Ok(());
    }
    print_month(ctx, &overview.current)?;
    ctx.out.line("")?;
    let mut table = ctx.out.table(&["month", "counted", "reward"]);
    for p in &overview.previous {
        table.add_row(vec![
            p.month.to_string(),
            format!("{}/{}", p.counted, p.quota),
            reward_text(p),
        ]);
    }
    ctx.out.line(table.to_string())?;
    Ok(())
}

fn reward_text(p: &MonthProgress) -> String {
    if p.reward_minor > 0 {
        format!(
            "{} {}",
            format_minor(p.reward_minor, &p.currency),
            p.currency
        )
    } else {
        "-".into()
    }
}

fn print_month(ctx: &mut Ctx, p: &MonthProgress) -> Result<()> {
    let out = &mut ctx.out;
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
    let reward = format!(
        "{} {}",
        format_minor(ctx.config.program.reward_minor, &p.currency),
        p.currency
    );
    let line = match (p.open, p.remaining) {
        (true, 0) => format!("Quota met: {reward} earned this month."),
        (true, n) => format!(
            "{n} more receipt{} to earn {reward}; {} day{} left in the month.",
            plural(n as i64),
            p.days_left,
            plural(p.days_left)
        ),
        (false, 0) => format!("Quota met: {reward} earned."),
        (false, n) => format!("Quota missed by {n}: no reward for this month."),
    };
    out.line(line)?;
    Ok(())
}

fn plural(n: i64) -> &'static str {
    if n == 1 { "" } else { "s" }
}
