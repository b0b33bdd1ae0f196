//! `panel survey add | list`: surveys taken, whose rewards join the reward
//! of the month they are recorded in and go where that month's reward goes.

use anyhow::{Result, bail};
use chrono::NaiveDate;

use crate::app::Ctx;
use crate::clock::parse_date;
use crate::commands::status::{amount, to_destination};
use crate::money::Money;
use crate::program::month::Month;
use crate::store::surveys::NewSurvey;

/// Titles longer than this are refused rather than cut.
const MAX_TITLE_CHARS: usize = 200;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub action: Action,
}

#[derive(Debug, clap::Subcommand)]
pub enum Action {
    /// Record a survey you took; its reward joins this month's reward
    #[command(
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
        /// Print the recorded survey as JSON
        #[arg(long)]
        json: bool,
    },
    /// List the surveys recorded
    List {
        /// Only surveys recorded in this month (YYYY-MM)
        #[arg(long, value_name = "YYYY-MM")]
        month: Option<Month>,
        /// Print a JSON array
        #[arg(long)]
        json: bool,
    },
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<()> {
    match &args.action {
        Action::Add {
            title,
            reward,
            date,
            json,
        } => add(ctx, title, reward, *date, *json),
        Action::List { month, json } => list(ctx, *month, *json),
    }
}

fn add(
    ctx: &mut Ctx,
    title: &str,
    reward: &str,
    date: Option<NaiveDate>,
    json: bool,
) -> Result<()> {
    let survey = check(ctx, title, reward, date)?;
    let mut store = ctx.open_store()?;
    let at = ctx.moment();
    let recorded = match store.add_survey(&survey, &at)? {
        Ok(recorded) => recorded,
        Err(same) => bail!(same),
    };
    let destination = store.month_record(at.month, &at)?.destination;
    if json {
        ctx.out.json(&recorded)?;
        return Ok(());
    }
    ctx.out.line(format!(
        "recorded survey {}  {:?} ({}) · {} · joins the reward of {}, which goes {}",
        recorded.id,
        recorded.title,
        recorded.date,
        amount(recorded.reward_minor, &recorded.currency),
        recorded.month,
        to_destination(&destination, &ctx.config.charities),
    ))?;
    Ok(())
}

/// The survey as given, or the problem with it and how to fix it.
fn check(ctx: &Ctx, title: &str, reward: &str, date: Option<NaiveDate>) -> Result<NewSurvey> {
    let title = title.trim();
    if title.is_empty() {
        bail!("--title is empty; give the survey's name");
    }
    if title.chars().count() > MAX_TITLE_CHARS {
        bail!("--title is longer than {MAX_TITLE_CHARS} characters; shorten it");
    }
    if title.chars().any(char::is_control) {
        bail!("--title holds a control character such as a line break; give it on one line");
    }
    let currency = &ctx.config.program.reward_currency;
    let money = Money::parse(reward, currency).map_err(|e| anyhow::anyhow!("--reward: {e}"))?;
    if &money.currency != currency {
        bail!(
            "--reward {reward:?} is in {}, but surveys are paid in {currency}, the program's \
             currency; give the amount in {currency}",
            money.currency
        );
    }
    if money.minor < 0 {
        bail!("--reward {reward:?} is negative; give what the survey pays");
    }
    let today = ctx.clock.today();
    let date = date.unwrap_or(today);
    if date > today {
        bail!("--date {date} is in the future; give the day you took the survey");
    }
    Ok(NewSurvey {
        title: title.to_string(),
        date,
        reward_minor: money.minor,
        currency: money.currency,
    })
}

fn list(ctx: &mut Ctx, month: Option<Month>, json: bool) -> Result<()> {
    let store = ctx.read_store()?;
    let surveys = store.surveys(month)?;
    if json {
        ctx.out.json(&surveys)?;
        return Ok(());
    }
    if surveys.is_empty() {
        ctx.out.line(
            "No surveys recorded: add one with `panel survey add --title TEXT --reward AMOUNT`.",
        )?;
        return Ok(());
    }
    let mut table = ctx.out.table(&["id", "taken", "month", "title", "reward"]);
    for s in &surveys {
        table.add_row(vec![
            s.id.clone(),
            s.date.to_string(),
            s.month.to_string(),
            s.title.clone(),
            amount(s.reward_minor, &s.currency),
        ]);
    }
    let table = table.to_string();
    ctx.out.line(table)?;
    Ok(())
}
