//! A calendar month of the panel (`YYYY-MM`), the unit rewards are paid in.
//!
//! It stands on its own beneath the clock, which tells the month an instant
//! falls in, and the program, whose rules count and pay by month.

use std::fmt;
use std::str::FromStr;

use anyhow::{Result, bail};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Month {
    year: i32,
    month: u32,
}

impl Month {
    /// The first and last months there are, for ranges over all time.
    pub const FIRST: Month = Month { year: 1, month: 1 };
    pub const LAST: Month = Month {
        year: 9999,
        month: 12,
    };

    pub fn new(year: i32, month: u32) -> Option<Month> {
        ((1..=12).contains(&month) && (1..=9999).contains(&year)).then_some(Month { year, month })
    }

    pub fn of(date: NaiveDate) -> Month {
        Month {
            year: date.year(),
            month: date.month(),
        }
    }

    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).expect("valid month")
    }

    pub fn next(self) -> Month {
        if self.month == 12 {
            Month {
                year: self.year + 1,
                month: 1,
            }
        } else {
            Month {
                year: self.year,
                month: self.month + 1,
            }
        }
    }

    /// The month `n` months earlier, if it is still a valid month.
    pub fn months_before(self, n: u32) -> Option<Month> {
        let index = i64::from(self.year) * 12 + i64::from(self.month) - 1 - i64::from(n);
        let year = i32::try_from(index.div_euclid(12)).ok()?;
        Month::new(year, (index.rem_euclid(12) + 1) as u32)
    }

    pub fn previous(self) -> Month {
        if self.month == 1 {
            Month {
                year: self.year - 1,
                month: 12,
            }
        } else {
            Month {
                year: self.year,
                month: self.month - 1,
            }
        }
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl FromStr for Month {
    type Err = anyhow::Error;

    fn from_str(text: &str) -> Result<Month> {
        let parsed = text.split_once('-').and_then(|(y, m)| {
            (y.len() == 4 && m.len() == 2)
                .then(|| Some((y.parse().ok()?, m.parse().ok()?)))
                .flatten()
        });
        match parsed.and_then(|(y, m)| Month::new(y, m)) {
            Some(month) => Ok(month),
            None => bail!("{text:?} is not a month; write it as YYYY-MM, e.g. 2026-03"),
        }
    }
}

impl TryFrom<String> for Month {
    type Error = anyhow::Error;
    fn try_from(text: String) -> Result<Month> {
        text.parse()
    }
}

impl From<Month> for String {
    fn from(month: Month) -> String {
        month.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_steps() {
        let m: Month = "2026-12".parse().unwrap();
        assert_eq!(m.next().to_string(), "2027-01");
        assert_eq!(m.next().previous(), m);
        assert_eq!(
            "2026-01".parse::<Month>().unwrap().previous().to_string(),
            "2025-12"
        );
        assert_eq!(m.months_before(0), Some(m));
        assert_eq!(m.months_before(12).unwrap().to_string(), "2025-12");
        assert_eq!(m.months_before(11).unwrap().to_string(), "2026-01");
        assert_eq!(m.months_before(25).unwrap().to_string(), "2024-11");
        assert_eq!(Month::new(1, 3).unwrap().months_before(3), None);
        for bad in ["2026-13", "2026-1", "26-01", "2026/01", "", "2026-00"] {
            assert!(bad.parse::<Month>().is_err(), "{bad}");
        }
    }
}
