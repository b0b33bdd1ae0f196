//! A month's progress toward the quota and the reward it earns.
//!
//! The store says what it knows of a month ([`MonthRecord`]): its counts,
//! its surveys, where its reward goes and, once the month has ended and a
//! write has frozen it, the reward it was closed with ([`FrozenReward`]).
//! The rules turn that into a [`MonthProgress`], the one view `status`,
//! `reward` and `reward history` print.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::month::Month;
use crate::program::Program;
use crate::program::reward::{Destination, RewardModel, RewardState, RewardTerms};

/// What the store knows of one month.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthRecord {
    pub month: Month,
    /// Receipts counted toward the reward.
    pub counted: u32,
    /// Receipts in all, counted and extra.
    pub receipts: u32,
    pub surveys: u32,
    pub survey_minor: i64,
    /// Where the month's reward goes: as frozen, or as chosen so far.
    pub destination: Destination,
    /// Set once the month has ended and been frozen.
    pub closed: Option<FrozenReward>,
}

/// A month's reward as frozen when the month ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrozenReward {
    pub model: RewardModel,
    pub quota: u32,
    pub reward_minor: i64,
    pub max_reward_minor: i64,
    pub currency: String,
    pub closed_at: DateTime<Utc>,
}

impl MonthRecord {
    pub fn empty(month: Month, destination: Destination) -> MonthRecord {
        MonthRecord {
            month,
            counted: 0,
            receipts: 0,
            surveys: 0,
            survey_minor: 0,
            destination,
            closed: None,
        }
    }

    /// Whether the month has anything to show.
    pub fn has_activity(&self) -> bool {
        self.receipts > 0 || self.surveys > 0 || self.closed.is_some()
    }
}

impl FrozenReward {
    /// Freezes what `record` earns under `rules`.
    pub fn of(record: &MonthRecord, rules: &Program, closed_at: DateTime<Utc>) -> FrozenReward {
        let terms = RewardTerms::of(rules);
        FrozenReward {
            model: terms.model(),
            quota: terms.limit(),
            reward_minor: terms.reward(record.counted),
            max_reward_minor: terms.max_reward(),
            currency: rules.reward_currency.clone(),
            closed_at,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthProgress {
    pub month: Month,
    pub counted: u32,
    pub extra: u32,
    /// Receipts that count toward the reward: the monthly quota, or the
    /// receipts it takes to reach the per-receipt cap.
    pub quota: u32,
    pub remaining: u32,
    pub days_left: i64,
    /// What the month's receipts earned (so far, while it is open).
    pub reward_minor: i64,
    /// The most they can earn: the monthly reward, or the per-receipt cap.
    pub max_reward_minor: i64,
    pub currency: String,
    pub open: bool,
    pub model: RewardModel,
    pub reward_state: RewardState,
    /// `balance` or `charity:ID`.
    pub destination: Destination,
    pub surveys: u32,
    pub survey_minor: i64,
    /// The receipts' reward and the surveys' together.
    pub total_minor: i64,
    /// When the month was frozen; absent while it is open or not yet frozen.
    #[serde(default, with = "crate::clock::as_rfc3339::option")]
    pub closed_at: Option<DateTime<Utc>>,
}

impl MonthProgress {
    /// An open month is always computed from its receipts; an ended one
    /// from its frozen record when it has one.
    pub fn new(record: &MonthRecord, days_left: i64, open: bool, rules: &Program) -> Self {
        let frozen = record.closed.as_ref().filter(|_| !open);
        let (model, quota, reward_minor, max_reward_minor, currency) = match frozen {
            Some(c) => (
                c.model,
                c.quota,
                c.reward_minor,
                c.max_reward_minor,
                c.currency.clone(),
            ),
            None => {
                let terms = RewardTerms::of(rules);
                (
                    terms.model(),
                    terms.limit(),
                    terms.reward(record.counted),
                    terms.max_reward(),
                    rules.reward_currency.clone(),
                )
            }
        };
        let total_minor = reward_minor + record.survey_minor;
        MonthProgress {
            month: record.month,
            counted: record.counted,
            extra: record.receipts.saturating_sub(record.counted),
            quota,
            remaining: quota.saturating_sub(record.counted),
            days_left,
            reward_minor,
            max_reward_minor,
            currency,
            open,
            model,
            reward_state: RewardState::of(open, record.counted, quota, total_minor),
            destination: record.destination.clone(),
            surveys: record.surveys,
            survey_minor: record.survey_minor,
            total_minor,
            closed_at: frozen.map(|c| c.closed_at),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::rfc3339;

    fn record(counted: u32, extra: u32) -> MonthRecord {
        MonthRecord {
            counted,
            receipts: counted + extra,
            ..MonthRecord::empty(Month::new(2026, 3).unwrap(), Destination::Balance)
        }
    }

    #[test]
    fn reward_needs_the_whole_quota() {
        let rules = Program::default();
        let at = |n| MonthProgress::new(&record(n, 0), 5, true, &rules);
        assert_eq!((at(9).remaining, at(9).reward_minor), (1, 0));
        assert_eq!(at(9).reward_state, RewardState::Pending);
        assert_eq!((at(10).remaining, at(10).reward_minor), (0, 1000));
        assert_eq!(at(10).reward_state, RewardState::Earned);
        assert_eq!((at(11).remaining, at(11).reward_minor), (0, 1000));
    }

    #[test]
    fn per_receipt_counts_up_to_the_cap() {
        let rules = Program {
            reward_model: RewardModel::PerReceipt,
            per_receipt_minor: 10,
            per_receipt_cap_minor: 500,
            reward_currency: "GBP".into(),
            ..Program::default()
        };
        let at = |n| MonthProgress::new(&record(n, 0), 5, true, &rules);
        assert_eq!((at(3).quota, at(3).reward_minor), (50, 30));
        assert_eq!(at(49).reward_state, RewardState::Pending);
        assert_eq!(
            (at(50).reward_minor, at(50).reward_state),
            (500, RewardState::Earned)
        );
        assert_eq!(at(50).currency, "GBP");
    }

    #[test]
    fn an_ended_month_reads_its_frozen_reward_and_an_open_one_never_does() {
        let rules = Program::default();
        let mut frozen = record(9, 0);
        frozen.survey_minor = 250;
        frozen.surveys = 1;
        frozen.closed = Some(FrozenReward {
            model: RewardModel::Monthly,
            quota: 10,
            reward_minor: 1000,
            max_reward_minor: 1000,
            currency: "USD".into(),
            closed_at: "2026-04-02T08:00:00Z".parse().unwrap(),
        });
        let ended = MonthProgress::new(&frozen, 0, false, &rules);
        assert_eq!(ended.reward_minor, 1000);
        assert_eq!(ended.total_minor, 1250);
        assert_eq!(ended.reward_state, RewardState::Paid);
        assert_eq!(
            ended.closed_at.map(rfc3339).as_deref(),
            Some("2026-04-02T08:00:00Z")
        );
        let open = MonthProgress::new(&frozen, 3, true, &rules);
        assert_eq!(open.reward_minor, 0);
        assert_eq!(open.closed_at, None);
        let nothing = MonthProgress::new(&record(2, 0), 0, false, &rules);
        assert_eq!(nothing.reward_state, RewardState::None);
    }
}
