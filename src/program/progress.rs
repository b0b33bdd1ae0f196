//! A month's progress toward the quota and the reward it earns.

use serde::{Deserialize, Serialize};

use crate::config::Program;
use crate::program::month::Month;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthProgress {
    pub month: Month,
    pub counted: u32,
    pub extra: u32,
    pub quota: u32,
    pub remaining: u32,
    pub days_left: i64,
    pub reward_minor: i64,
    pub currency: String,
    pub open: bool,
}

impl MonthProgress {
    pub fn new(
        month: Month,
        counted: u32,
        extra: u32,
        days_left: i64,
        open: bool,
        rules: &Program,
    ) -> Self {
        let met = counted >= rules.quota;
        MonthProgress {
            month,
            counted,
            extra,
            quota: rules.quota,
            remaining: rules.quota.saturating_sub(counted),
            days_left,
            reward_minor: if met { rules.reward_minor } else { 0 },
            currency: rules.reward_currency.clone(),
            open,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reward_needs_the_whole_quota() {
        let rules = Program::default();
        let month = Month::new(2026, 3).unwrap();
        let at = |n| MonthProgress::new(month, n, 0, 5, true, &rules);
        assert_eq!((at(9).remaining, at(9).reward_minor), (1, 0));
        assert_eq!((at(10).remaining, at(10).reward_minor), (0, 1000));
        assert_eq!((at(11).remaining, at(11).reward_minor), (0, 1000));
    }
}
