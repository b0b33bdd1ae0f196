//! A panel month for people: the progress bar, what is left to earn, the
//! surveys, and where the reward goes. `status` and `reward` print it.

use anyhow::Result;

use super::{Out, amount, bar};
use crate::program::Charity;
use crate::program::progress::MonthProgress;
use crate::program::reward::{Destination, RewardModel, RewardState};

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
        bar(p.counted, p.quota, 20),
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
