//! `panel reward choose balance | charity NAME`: where rewards go from
//! this month on.

use anyhow::{Result, bail};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::Target;
use crate::app::Ctx;
use crate::commands::Output;
use crate::month::Month;
use crate::program::reward::{Destination, find_charity};
use crate::render::to_destination;
use crate::store::months::Chosen;

/// `panel reward choose --json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChoiceView {
    pub destination: Destination,
    pub destination_name: String,
    /// The first month the choice holds for: the current one.
    pub from_month: Month,
    #[serde(with = "crate::clock::as_rfc3339")]
    pub chosen_at: DateTime<Utc>,
    /// False when this destination was already chosen.
    pub changed: bool,
}

pub fn run(ctx: &mut Ctx, target: &Target, output: &Output) -> Result<()> {
    let destination = match target {
        Target::Balance => Destination::Balance,
        Target::Charity { words } => {
            let query = words.join(" ");
            match find_charity(&ctx.config.charities, &query) {
                Ok(charity) => Destination::Charity(charity.id.clone()),
                Err(problem) => bail!(problem),
            }
        }
    };
    let mut store = ctx.open_store()?;
    let (choice, changed) = match store.choose(&destination, &ctx.program_today())? {
        Chosen::Recorded(choice) => (choice, true),
        Chosen::Unchanged(choice) => (choice, false),
    };
    let view = ChoiceView {
        destination_name: destination.describe(&ctx.config.charities),
        destination,
        from_month: choice.month,
        chosen_at: choice.chosen_at,
        changed,
    };
    if output.json {
        ctx.out.json(&view)?;
    } else if changed {
        ctx.out.line(format!(
            "Rewards now go {} from {} on, this month included. Months that have ended keep \
             the destination they ended with.",
            to_destination(&view.destination, &ctx.config.charities),
            view.from_month
        ))?;
    } else {
        ctx.out.line(format!(
            "Rewards already go {} (chosen {}); nothing changed.",
            to_destination(&view.destination, &ctx.config.charities),
            view.chosen_at.date_naive()
        ))?;
    }
    Ok(())
}
