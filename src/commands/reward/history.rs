//! `panel reward history [--totals]`: what every month earned and where
//! it went, and the lifetime totals per destination.

use std::collections::BTreeMap;

use anyhow::Result;
use serde::{Deserialize, Serialize};

use crate::app::Ctx;
use crate::commands::Output;
use crate::month::Month;
use crate::program::Charity;
use crate::program::progress::MonthProgress;
use crate::program::reward::{Destination, RewardState};
use crate::render::{amount, amount_or_dash};
use crate::store::months::MonthSelection;

/// One destination's lifetime total, over the months that have ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DestinationTotal {
    pub destination: Destination,
    pub destination_name: String,
    pub currency: String,
    /// Ended months that paid something to it.
    pub months: u32,
    pub reward_minor: i64,
    pub survey_minor: i64,
    pub total_minor: i64,
}

pub fn run(ctx: &mut Ctx, totals_only: bool, output: &Output) -> Result<()> {
    let store = ctx.read_store()?;
    let at = ctx.program_today();
    let records =
        store.month_records(Month::FIRST, Month::LAST, &at, MonthSelection::WithActivity)?;
    let months: Vec<MonthProgress> = records
        .values()
        .filter(|r| r.month <= at.month)
        .map(|r| {
            MonthProgress::new(
                r,
                ctx.clock.days_left(r.month),
                r.month == at.month,
                &ctx.config.program,
            )
        })
        .collect();
    let charities = &ctx.config.charities;
    let totals = lifetime_totals(&months, charities);
    if output.json {
        if totals_only {
            ctx.out.json(&totals)?;
        } else {
            ctx.out.json(&months)?;
        }
        return Ok(());
    }
    if months.is_empty() {
        ctx.out
            .line("No rewards yet: submit receipts with `panel submit FILE`.")?;
        return Ok(());
    }
    if !totals_only {
        let mut table = ctx.out.table(&[
            "month",
            "counted",
            "reward",
            "surveys",
            "total",
            "state",
            "destination",
        ]);
        for p in &months {
            table.add_row(vec![
                p.month.to_string(),
                format!("{}/{}", p.counted, p.quota),
                amount_or_dash(p.reward_minor, &p.currency),
                amount_or_dash(p.survey_minor, &p.currency),
                amount_or_dash(p.total_minor, &p.currency),
                p.reward_state.as_str().to_string(),
                p.destination.describe(charities),
            ]);
        }
        let table = table.to_string();
        ctx.out.line(table)?;
        ctx.out.line("")?;
    }
    if totals.is_empty() {
        ctx.out
            .line("Lifetime: nothing paid yet; a month's reward is paid when it ends.")?;
        return Ok(());
    }
    ctx.out
        .line("Lifetime totals of the months that have ended:")?;
    let mut table = ctx
        .out
        .table(&["destination", "months", "receipts", "surveys", "total"]);
    for t in &totals {
        table.add_row(vec![
            t.destination_name.clone(),
            t.months.to_string(),
            amount(t.reward_minor, &t.currency),
            amount(t.survey_minor, &t.currency),
            amount(t.total_minor, &t.currency),
        ]);
    }
    let table = table.to_string();
    ctx.out.line(table)?;
    Ok(())
}

/// What the ended months paid, per destination and currency.
pub fn lifetime_totals(months: &[MonthProgress], charities: &[Charity]) -> Vec<DestinationTotal> {
    let mut totals: BTreeMap<(Destination, String), DestinationTotal> = BTreeMap::new();
    for p in months
        .iter()
        .filter(|p| p.reward_state == RewardState::Paid)
    {
        let total = totals
            .entry((p.destination.clone(), p.currency.clone()))
            .or_insert_with(|| DestinationTotal {
                destination: p.destination.clone(),
                destination_name: p.destination.describe(charities),
                currency: p.currency.clone(),
                months: 0,
                reward_minor: 0,
                survey_minor: 0,
                total_minor: 0,
            });
        total.months += 1;
        total.reward_minor += p.reward_minor;
        total.survey_minor += p.survey_minor;
        total.total_minor += p.total_minor;
    }
    totals.into_values().collect()
}
