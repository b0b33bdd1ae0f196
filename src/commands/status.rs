//! `panel status`: progress toward the quota and the reward, this month and
//! the twelve before it, with where each month's reward goes.
//!
//! Status only reads, and only a few rows a month whatever the store holds:
//! an ended month is read from its frozen record, or from the live counts
//! when no write has frozen it yet (see `store::months`).

use anyhow::Result;
use serde::{Deserialize, Serialize};

use crate::app::Ctx;
use crate::commands::Output;
use crate::month::Month;
use crate::program::progress::{MonthProgress, MonthRecord};
use crate::render::{amount_or_dash, print_month};
use crate::store::months::MonthSelection;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// One month only: the current one, or YYYY-MM
    #[arg(long, value_name = "YYYY-MM", num_args = 0..=1)]
    pub month: Option<Option<Month>>,
    #[command(flatten)]
    pub output: Output,
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
    let at = ctx.program_today();
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
        if args.output.json {
            ctx.out.json(&progress)?;
        } else {
            print_month(&mut ctx.out, &progress, &ctx.config.charities)?;
        }
        return Ok(());
    }
    let first = current.months_before(12).unwrap_or(Month::FIRST);
    let previous = store.month_records(
        first,
        current.previous(),
        &at,
        MonthSelection::IncludingEmpty,
    )?;
    let overview = Overview {
        current: progress_of(&store.month_record(current, &at)?),
        previous: previous.values().rev().map(progress_of).collect(),
    };
    if args.output.json {
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
