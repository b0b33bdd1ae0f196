//! `panel reward [choose | charities | history]`: where rewards go, choosing
//! it, the charities, and what every month earned.

use std::collections::BTreeMap;

use anyhow::{Result, bail};
use serde::{Deserialize, Serialize};

use crate::app::Ctx;
use crate::commands::status::{amount, amount_or_dash, print_month, to_destination};
use crate::config::Charity;
use crate::program::month::Month;
use crate::program::progress::MonthProgress;
use crate::program::reward::{Destination, RewardState, find_charity};
use crate::store::months::{Chosen, Which};

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
    /// Print JSON
    #[arg(long)]
    pub json: bool,
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
    Choose {
        #[command(subcommand)]
        target: Target,
        /// Print JSON
        #[arg(long, global = true)]
        json: bool,
    },
    /// List the charities a reward can be donated to
    Charities {
        /// Print a JSON array of {id, name, description}
        #[arg(long)]
        json: bool,
    },
    /// What every month earned and where it went, and lifetime totals per destination
    History {
        /// Only the lifetime totals per destination
        #[arg(long)]
        totals: bool,
        /// Print a JSON array: one object per month (or per destination with --totals)
        #[arg(long)]
        json: bool,
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

/// `panel reward --json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RewardView {
    /// `balance` or `charity:ID`, for this month and the months after.
    pub destination: Destination,
    pub destination_name: String,
    /// When the panelist chose it; absent while the program's default holds.
    pub chosen_at: Option<String>,
    pub charity: Option<Charity>,
    pub current: MonthProgress,
}

/// `panel reward choose --json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChoiceView {
    pub destination: Destination,
    pub destination_name: String,
    /// The first month the choice holds for: the current one.
    pub from_month: Month,
    pub chosen_at: String,
    /// False when this destination was already chosen.
    pub changed: bool,
}

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

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<()> {
    match &args.action {
        None => show(ctx, args.json),
        Some(Action::Choose { target, json }) => choose(ctx, target, *json),
        Some(Action::Charities { json }) => charities(ctx, *json),
        Some(Action::History { totals, json }) => history(ctx, *totals, *json),
    }
}

fn show(ctx: &mut Ctx, json: bool) -> Result<()> {
    let store = ctx.read_store()?;
    let at = ctx.moment();
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
    if json {
        ctx.out.json(&view)?;
        return Ok(());
    }
    let how = match &view.chosen_at {
        Some(at) => format!("chosen {}", &at[..10]),
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

fn choose(ctx: &mut Ctx, target: &Target, json: bool) -> Result<()> {
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
    let (choice, changed) = match store.choose(&destination, &ctx.moment())? {
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
    if json {
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
            &view.chosen_at[..10]
        ))?;
    }
    Ok(())
}

fn charities(ctx: &mut Ctx, json: bool) -> Result<()> {
    let charities = &ctx.config.charities;
    if json {
        ctx.out.json(charities)?;
        return Ok(());
    }
    if charities.is_empty() {
        ctx.out
            .line("The program lists no charities; rewards go to your store balance.")?;
        return Ok(());
    }
    let mut table = ctx.out.table(&["id", "name", "description"]);
    for c in charities {
        table.add_row(vec![c.id.clone(), c.name.clone(), c.description.clone()]);
    }
    let table = table.to_string();
    ctx.out.line(table)?;
    ctx.out
        .line("Donate your rewards to one with `panel reward choose charity ID-OR-NAME-PREFIX`.")?;
    Ok(())
}

fn history(ctx: &mut Ctx, totals_only: bool, json: bool) -> Result<()> {
    let store = ctx.read_store()?;
    let at = ctx.moment();
    let records = store.month_records(Month::FIRST, Month::LAST, &at, Which::Active)?;
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
    if json {
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
