//! `panel reward`: where rewards go, and this month's reward.

use anyhow::Result;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::app::Ctx;
use crate::commands::Output;
use crate::program::Charity;
use crate::program::progress::MonthProgress;
use crate::program::reward::Destination;
use crate::render::print_month;

/// `panel reward --json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RewardView {
    /// `balance` or `charity:ID`, for this month and the months after.
    pub destination: Destination,
    pub destination_name: String,
    /// When the panelist chose it; absent while the program's default holds.
    #[serde(default, with = "crate::clock::as_rfc3339::option")]
    pub chosen_at: Option<DateTime<Utc>>,
    pub charity: Option<Charity>,
    pub current: MonthProgress,
}

pub fn run(ctx: &mut Ctx, output: &Output) -> Result<()> {
    let store = ctx.read_store()?;
    let at = ctx.program_today();
    let choice = store.current_choice(&at)?;
    let chosen = choice.as_ref().map(|c| c.destination.clone());
    let record = store.month_record(at.month, &at)?;
    let current = MonthProgress::new(
        &record,
        ctx.clock.days_left(at.month),
        true,
        &ctx.config.program,
    );
    let charities = &ctx.config.charities;
    let destination = current.destination.clone();
    let view = RewardView {
        destination_name: destination.describe(charities),
        charity: match &destination {
            Destination::Charity(id) => ctx.config.charity(id).cloned(),
            Destination::Balance => None,
        },
        chosen_at: choice.map(|c| c.chosen_at),
        destination,
        current,
    };
    if output.json {
        ctx.out.json(&view)?;
        return Ok(());
    }
    let how = match view.chosen_at {
        Some(at) => format!("chosen {}", at.date_naive()),
        None => "the program's default".into(),
    };
    ctx.out.line(format!(
        "Rewards go to: {} ({how}; change it with `panel reward choose`)",
        view.destination_name
    ))?;
    if let Some(Destination::Charity(id)) = &chosen
        && ctx.config.charity(id).is_none()
    {
        ctx.out.note(format!(
            "warning: you chose charity {id}, which is no longer in the program's list, so \
             rewards go to your store balance; choose again with `panel reward choose`"
        ))?;
    }
    print_month(&mut ctx.out, &view.current, charities)?;
    Ok(())
}
