//! `panel survey add`: records a survey taken, checked first.

use anyhow::{Result, bail};
use chrono::NaiveDate;

use crate::app::Ctx;
use crate::commands::Output;
use crate::money::Money;
use crate::render::{amount, to_destination};
use crate::store::surveys::NewSurvey;

/// Titles longer than this are refused rather than cut.
const MAX_TITLE_CHARS: usize = 200;

pub fn run(
    ctx: &mut Ctx,
    title: &str,
    reward: &str,
    date: Option<NaiveDate>,
    output: &Output,
) -> Result<()> {
    let survey = check(ctx, title, reward, date)?;
    let mut store = ctx.open_store()?;
    let at = ctx.program_today();
    let recorded = match store.add_survey(&survey, &at)? {
        Ok(recorded) => recorded,
        Err(same) => bail!(same),
    };
    let destination = store.month_record(at.month, &at)?.destination;
    if output.json {
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
