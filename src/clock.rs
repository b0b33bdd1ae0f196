//! The one clock of a run: the current instant and the panelist's time zone.
//!
//! Commands never read the system clock themselves, so that `PANEL_NOW` can
//! fix time in tests and every part of a run agrees on what "now" and "this
//! month" mean.

use anyhow::{Context, Result, bail};
use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, Offset, SecondsFormat, TimeZone, Utc};
use chrono_tz::Tz;

use crate::month::Month;

/// The panelist's time zone: an IANA zone from config, or the system's.
#[derive(Debug, Clone, Copy)]
pub enum Zone {
    Local,
    Named(Tz),
}

impl Zone {
    /// `"local"` (or empty) means the system's zone, which honours `TZ`.
    pub fn parse(name: &str) -> Result<Zone> {
        if name.is_empty() || name.eq_ignore_ascii_case("local") {
            return Ok(Zone::Local);
        }
        name.parse::<Tz>().map(Zone::Named).map_err(|_| {
            anyhow::anyhow!(
                "time_zone {name:?} is not an IANA time zone; use a name such as \
                 \"Europe/Berlin\" or \"America/New_York\", or \"local\""
            )
        })
    }

    pub fn offset_at(&self, instant: DateTime<Utc>) -> FixedOffset {
        match self {
            Zone::Local => chrono::Local
                .from_utc_datetime(&instant.naive_utc())
                .offset()
                .fix(),
            Zone::Named(tz) => tz.from_utc_datetime(&instant.naive_utc()).offset().fix(),
        }
    }
}

/// The years a clock may show: receipts, months and rewards are counted in
/// calendar dates, which need room on both sides of "now".
const EARLIEST_YEAR: i32 = 1970;
const LATEST_YEAR: i32 = 9999;

#[derive(Debug, Clone, Copy)]
pub struct Clock {
    now: DateTime<Utc>,
    zone: Zone,
}

impl Clock {
    /// The system clock, or the instant in `PANEL_NOW` (RFC 3339) when set.
    pub fn from_env(panel_now: Option<&str>, zone: Zone) -> Result<Clock> {
        let now = match panel_now {
            None => Utc::now(),
            Some(text) => DateTime::parse_from_rfc3339(text)
                .with_context(|| {
                    format!(
                        "PANEL_NOW={text:?} is not an RFC 3339 time such as 2026-03-01T12:00:00Z"
                    )
                })?
                .with_timezone(&Utc),
        };
        if !(EARLIEST_YEAR..=LATEST_YEAR).contains(&now.year()) {
            bail!(
                "PANEL_NOW={:?} is outside the years {EARLIEST_YEAR} to {LATEST_YEAR} the panel \
                 counts in; use a time such as 2026-03-01T12:00:00Z",
                panel_now.unwrap_or_default()
            );
        }
        Ok(Clock { now, zone })
    }

    /// A clock stopped at `now`.
    pub fn from_instant(now: DateTime<Utc>, zone: Zone) -> Clock {
        Clock { now, zone }
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.now
    }

    /// Today's date where the panelist is.
    pub fn today(&self) -> NaiveDate {
        self.local_date(self.now)
    }

    pub fn local_date(&self, instant: DateTime<Utc>) -> NaiveDate {
        let offset =
            chrono::TimeDelta::seconds(self.zone.offset_at(instant).local_minus_utc().into());
        // At the edge of the calendar the local date is the UTC one.
        instant
            .checked_add_signed(offset)
            .unwrap_or(instant)
            .date_naive()
    }

    pub fn month_of(&self, instant: DateTime<Utc>) -> Month {
        let date = self.local_date(instant);
        Month::new(date.year(), date.month()).expect("a calendar date has a valid month")
    }

    pub fn current_month(&self) -> Month {
        self.month_of(self.now)
    }

    /// Whole days left in `month` after today, counting today.
    pub fn days_left(&self, month: Month) -> i64 {
        let today = self.today();
        if month < self.current_month() {
            return 0;
        }
        if month > self.current_month() {
            return (month.next().first_day() - month.first_day()).num_days();
        }
        (month.next().first_day() - today).num_days()
    }
}

/// An instant as the store and the audit ledger write it: RFC 3339 in UTC,
/// to the second (`2026-03-20T10:00:00Z`).
pub fn rfc3339(instant: DateTime<Utc>) -> String {
    instant.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Reads an instant written as [`rfc3339`] (or any RFC 3339 time).
pub fn parse_rfc3339(text: &str) -> Result<DateTime<Utc>> {
    let instant = DateTime::parse_from_rfc3339(text)
        .with_context(|| format!("{text:?} is not an RFC 3339 time"))?;
    Ok(instant.with_timezone(&Utc))
}

/// Serde for an instant in JSON: the text [`rfc3339`] writes, so that what
/// a command prints is what the store and the ledger hold
/// (`#[serde(with = "crate::clock::as_rfc3339")]`).
pub mod as_rfc3339 {
    use chrono::{DateTime, Utc};
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(instant: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&super::rfc3339(*instant))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
        let text = String::deserialize(d)?;
        super::parse_rfc3339(&text).map_err(serde::de::Error::custom)
    }

    /// The same for an instant that may be absent (`null`).
    pub mod option {
        use chrono::{DateTime, Utc};
        use serde::{Deserialize, Deserializer, Serializer};

        pub fn serialize<S: Serializer>(
            instant: &Option<DateTime<Utc>>,
            s: S,
        ) -> Result<S::Ok, S::Error> {
            match instant {
                Some(instant) => s.serialize_some(&super::super::rfc3339(*instant)),
                None => s.serialize_none(),
            }
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(
            d: D,
        ) -> Result<Option<DateTime<Utc>>, D::Error> {
            Option::<String>::deserialize(d)?
                .map(|text| super::super::parse_rfc3339(&text).map_err(serde::de::Error::custom))
                .transpose()
        }
    }
}

/// Parses `YYYY-MM-DD`, naming the expected form on failure.
pub fn parse_date(text: &str) -> Result<NaiveDate> {
    match NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d") {
        Ok(date) => Ok(date),
        Err(_) => bail!("{text:?} is not a date; write it as YYYY-MM-DD, e.g. 2026-03-01"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str, zone: &str) -> Clock {
        Clock::from_env(Some(text), Zone::parse(zone).unwrap()).unwrap()
    }

    #[test]
    fn month_follows_the_panelist_zone() {
        let instant = "2026-03-01T03:00:00Z";
        assert_eq!(at(instant, "UTC").current_month().to_string(), "2026-03");
        assert_eq!(
            at(instant, "America/New_York").current_month().to_string(),
            "2026-02"
        );
        let late = "2026-02-28T20:00:00Z";
        assert_eq!(
            at(late, "Asia/Tokyo").current_month().to_string(),
            "2026-03"
        );
    }

    #[test]
    fn days_left_counts_today() {
        assert_eq!(
            at("2026-02-28T12:00:00Z", "UTC").days_left(Month::new(2026, 2).unwrap()),
            1
        );
        assert_eq!(
            at("2028-02-01T00:00:00Z", "UTC").days_left(Month::new(2028, 2).unwrap()),
            29
        );
        assert_eq!(
            at("2026-03-15T00:00:00Z", "UTC").days_left(Month::new(2026, 2).unwrap()),
            0
        );
    }

    #[test]
    fn json_shows_an_instant_as_the_store_writes_it() {
        #[derive(serde::Serialize, serde::Deserialize, PartialEq, Debug)]
        struct Times {
            #[serde(with = "as_rfc3339")]
            at: DateTime<Utc>,
            #[serde(with = "as_rfc3339::option")]
            since: Option<DateTime<Utc>>,
        }
        let at: DateTime<Utc> = "2026-03-20T10:00:00.75+01:00".parse().unwrap();
        let times = Times { at, since: None };
        let json = serde_json::to_string(&times).unwrap();
        assert_eq!(json, r#"{"at":"2026-03-20T09:00:00Z","since":null}"#);
        let back: Times = serde_json::from_str(&json).unwrap();
        assert_eq!(rfc3339(back.at), rfc3339(at));
        let since: Times =
            serde_json::from_str(r#"{"at":"2026-03-20T09:00:00Z","since":"2026-03-01T00:00:00Z"}"#)
                .unwrap();
        assert_eq!(
            since.since.map(rfc3339).as_deref(),
            Some("2026-03-01T00:00:00Z")
        );
        assert!(serde_json::from_str::<Times>(r#"{"at":"2026-03-20","since":null}"#).is_err());
    }

    #[test]
    fn refuses_bad_inputs() {
        assert!(Zone::parse("Mars/Olympus").is_err());
        assert!(Clock::from_env(Some("yesterday"), Zone::Local).is_err());
        let ancient = Clock::from_env(Some("0000-01-01T00:00:00Z"), Zone::Local).unwrap_err();
        assert!(ancient.to_string().contains("1970"), "{ancient}");
        assert!(parse_date("01/03/2026").is_err());
        assert!(parse_date("2026-02-30").is_err());
    }
}
