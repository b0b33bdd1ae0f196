//! Months and their rewards: freezing ended months, reading what a month
//! earned, and the panelist's choices of where rewards go.
//!
//! A month is open while the clock is in it; its counts are read live from
//! its receipts. When it ends, the first write after that freezes it in
//! `months` (counts, reward, currency, destination), and from then on it is
//! read from there. A month that has ended but not been frozen yet (no write
//! since) is read live as well: nothing can have changed it since it ended,
//! because whatever would change it is a write, and a write freezes it first.
//! Reading therefore never needs to write, and reads a few rows a month
//! however many receipts there are (counts come from `month_counts`).

use std::collections::{BTreeMap, BTreeSet};

use anyhow::Result;
use chrono::{DateTime, Utc};
use rusqlite::{Connection, Transaction, params};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::ledger::{self, LedgerEntry};
use super::{ProgramToday, Store, read_instant};
use crate::clock::rfc3339;
use crate::month::Month;
use crate::program::progress::{FrozenReward, MonthRecord};
use crate::program::reward::{Destination, RewardModel};

/// One choice of where rewards go.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    #[serde(with = "crate::clock::as_rfc3339")]
    pub chosen_at: DateTime<Utc>,
    /// The open month when it was made: it holds from this month on.
    pub month: Month,
    pub destination: Destination,
}

/// What `choose` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Chosen {
    Recorded(Choice),
    /// The destination was already chosen for the open month.
    Unchanged(Choice),
}

/// Every choice of where rewards go, in the order made (a handful: each is
/// a panelist's act).
struct ChoiceHistory(Vec<Choice>);

impl ChoiceHistory {
    fn load(conn: &Connection) -> Result<ChoiceHistory> {
        let mut stmt =
            conn.prepare("SELECT chosen_at, month, destination FROM reward_choices ORDER BY seq")?;
        let rows = stmt.query_map([], |row| {
            Ok((
                read_instant(row, 0)?,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
            ))
        })?;
        let mut choices = Vec::new();
        for row in rows {
            let (chosen_at, month, destination) = row?;
            choices.push(Choice {
                chosen_at,
                month: month.parse()?,
                destination: destination.parse()?,
            });
        }
        Ok(ChoiceHistory(choices))
    }

    /// The choice in effect in `month`: the last one made in it or before.
    fn for_month(&self, month: Month) -> Option<&Choice> {
        self.0.iter().rev().find(|c| c.month <= month)
    }

    /// Where the reward of a month not yet frozen goes: the choice in
    /// effect, except that a charity the program no longer lists receives
    /// nothing and the reward goes to the store balance, as `reward
    /// charities` says; status, reward and the export all read it from here.
    fn destination(&self, month: Month, at: &ProgramToday) -> Destination {
        let chosen = self.for_month(month).map_or_else(
            || at.rules.default_destination.clone(),
            |c| c.destination.clone(),
        );
        match chosen {
            Destination::Charity(id) if !at.charities.iter().any(|c| c.id == id) => {
                Destination::Balance
            }
            listed => listed,
        }
    }
}

impl Store {
    /// The choice in effect in the open month, if the panelist made one.
    pub fn current_choice(&self, at: &ProgramToday) -> Result<Option<Choice>> {
        Ok(ChoiceHistory::load(self.conn())?
            .for_month(at.month)
            .cloned())
    }

    /// Sends rewards to `destination` from the open month on. Months that
    /// have ended keep theirs: the housekeeping of this write freezes them
    /// before the choice lands.
    pub fn choose(&mut self, destination: &Destination, at: &ProgramToday) -> Result<Chosen> {
        self.write_at(at, |tx| {
            if let Some(current) = ChoiceHistory::load(tx)?.for_month(at.month)
                && &current.destination == destination
            {
                return Ok(Chosen::Unchanged(current.clone()));
            }
            let choice = Choice {
                chosen_at: at.now,
                month: at.month,
                destination: destination.clone(),
            };
            tx.execute(
                "INSERT INTO reward_choices (chosen_at, month, destination) VALUES (?1, ?2, ?3)",
                params![
                    rfc3339(choice.chosen_at),
                    choice.month.to_string(),
                    choice.destination.to_string()
                ],
            )?;
            ledger::append(
                tx,
                LedgerEntry::new(
                    "reward_chosen",
                    &rfc3339(choice.chosen_at),
                    json!({
                        "destination": choice.destination.to_string(),
                        "from_month": choice.month.to_string(),
                    }),
                ),
            )?;
            Ok(Chosen::Recorded(choice))
        })
    }

    /// One month; empty when it has nothing.
    pub fn month_record(&self, month: Month, at: &ProgramToday) -> Result<MonthRecord> {
        month_record(self.conn(), month, at)
    }

    /// The months from `first` to `last`: those with something, or all.
    pub fn month_records(
        &self,
        first: Month,
        last: Month,
        at: &ProgramToday,
        selection: MonthSelection,
    ) -> Result<BTreeMap<Month, MonthRecord>> {
        records(self.conn(), first, last, at, selection)
    }
}

/// Which months of a range [`records`] returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MonthSelection {
    /// Those with receipts, surveys or a frozen record.
    WithActivity,
    /// Every month, the empty ones with the destination in effect then.
    IncludingEmpty,
}

pub fn month_record(conn: &Connection, month: Month, at: &ProgramToday) -> Result<MonthRecord> {
    let mut one = records(conn, month, month, at, MonthSelection::IncludingEmpty)?;
    Ok(one.remove(&month).expect("every month is included"))
}

/// The months from `first` to `last`, as `selection` says. A handful of
/// lookups a month, however many receipts each holds: counts come from
/// `month_counts`, which triggers keep with every change to `receipts`.
pub fn records(
    conn: &Connection,
    first: Month,
    last: Month,
    at: &ProgramToday,
    selection: MonthSelection,
) -> Result<BTreeMap<Month, MonthRecord>> {
    let (lo, hi) = (first.to_string(), last.to_string());
    let mut out = BTreeMap::new();
    let mut stmt = conn.prepare_cached(
        "SELECT month, counted, receipts, quota, model, reward_minor, surveys, survey_minor,
                currency, destination, closed_at, max_minor
         FROM months WHERE month BETWEEN ?1 AND ?2",
    )?;
    let mut rows = stmt.query([&lo, &hi])?;
    while let Some(row) = rows.next()? {
        let month: Month = row.get::<_, String>(0)?.parse()?;
        if month == at.month {
            // Only after a change of time zone or clock: the open month is live.
            continue;
        }
        let model: String = row.get(4)?;
        out.insert(
            month,
            MonthRecord {
                month,
                counted: row.get(1)?,
                receipts: row.get(2)?,
                surveys: row.get(6)?,
                survey_minor: row.get(7)?,
                destination: row.get::<_, String>(9)?.parse()?,
                closed: Some(FrozenReward {
                    model: RewardModel::parse(&model)
                        .ok_or_else(|| anyhow::anyhow!("unknown reward model {model:?}"))?,
                    quota: row.get(3)?,
                    reward_minor: row.get(5)?,
                    max_reward_minor: row.get(11)?,
                    currency: row.get(8)?,
                    closed_at: read_instant(row, 10)?,
                }),
            },
        );
    }
    let counts = receipt_counts(conn, &lo, &hi)?;
    let surveys = survey_sums(conn, &lo, &hi)?;
    let mut live: BTreeSet<Month> = counts.keys().chain(surveys.keys()).copied().collect();
    live.retain(|m| !out.contains_key(m));
    if live.is_empty() && selection == MonthSelection::WithActivity {
        return Ok(out);
    }
    let choices = ChoiceHistory::load(conn)?;
    for month in live {
        let (counted, extra) = counts.get(&month).copied().unwrap_or_default();
        let (surveys, survey_minor) = surveys.get(&month).copied().unwrap_or_default();
        out.insert(
            month,
            MonthRecord {
                month,
                counted,
                receipts: counted + extra,
                surveys,
                survey_minor,
                destination: choices.destination(month, at),
                closed: None,
            },
        );
    }
    if selection == MonthSelection::IncludingEmpty {
        let mut month = first;
        while month <= last {
            out.entry(month)
                .or_insert_with(|| MonthRecord::empty(month, choices.destination(month, at)));
            if month == Month::LAST {
                break;
            }
            month = month.next();
        }
    }
    Ok(out)
}

/// Freezes every month before the open one that has receipts or surveys
/// and is not frozen yet, each with a `month_closed` ledger entry.
pub(super) fn close_ended(tx: &Transaction, at: &ProgramToday) -> Result<()> {
    let mut stmt = tx.prepare_cached(
        "SELECT month FROM month_counts WHERE month < ?1 AND (counted > 0 OR extra > 0)
           AND month NOT IN (SELECT month FROM months)
         UNION
         SELECT month FROM surveys WHERE month < ?1
           AND month NOT IN (SELECT month FROM months)",
    )?;
    let candidates: Vec<String> = stmt
        .query_map([at.month.to_string()], |row| row.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    drop(stmt);
    let closed_at = rfc3339(at.now);
    for month in candidates {
        let month: Month = month.parse()?;
        let record = month_record(tx, month, at)?;
        let frozen = FrozenReward::of(&record, at.rules, at.now);
        tx.execute(
            "INSERT INTO months (month, counted, receipts, quota, model, reward_minor, max_minor,
                                 surveys, survey_minor, currency, destination, closed_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            params![
                month.to_string(),
                record.counted,
                record.receipts,
                frozen.quota,
                frozen.model.as_str(),
                frozen.reward_minor,
                frozen.max_reward_minor,
                record.surveys,
                record.survey_minor,
                frozen.currency,
                record.destination.to_string(),
                closed_at,
            ],
        )?;
        ledger::append(
            tx,
            LedgerEntry::new(
                "month_closed",
                &closed_at,
                json!({
                    "month": month.to_string(),
                    "model": frozen.model.as_str(),
                    "counted": record.counted,
                    "receipts": record.receipts,
                    "reward_minor": frozen.reward_minor,
                    "surveys": record.surveys,
                    "survey_minor": record.survey_minor,
                    "currency": frozen.currency,
                    "destination": record.destination.to_string(),
                }),
            ),
        )?;
    }
    Ok(())
}

/// Counted and extra receipts by month, from `lo` to `hi`.
fn receipt_counts(conn: &Connection, lo: &str, hi: &str) -> Result<BTreeMap<Month, (u32, u32)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT month, counted, extra FROM month_counts
         WHERE month BETWEEN ?1 AND ?2 AND (counted > 0 OR extra > 0)",
    )?;
    let rows = stmt.query_map([lo, hi], |row| {
        Ok((
            row.get::<_, String>(0)?,
            row.get::<_, u32>(1)?,
            row.get::<_, u32>(2)?,
        ))
    })?;
    let mut counts = BTreeMap::new();
    for row in rows {
        let (month, counted, extra) = row?;
        counts.insert(month.parse()?, (counted, extra));
    }
    Ok(counts)
}

/// Surveys and what they earned, by month, from `lo` to `hi`.
fn survey_sums(conn: &Connection, lo: &str, hi: &str) -> Result<BTreeMap<Month, (u32, i64)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT month, count(*), coalesce(sum(reward_minor), 0) FROM surveys
         WHERE month BETWEEN ?1 AND ?2 GROUP BY month",
    )?;
    let rows = stmt.query_map([lo, hi], |row| {
        Ok((
            row.get::<_, String>(0)?,
            row.get::<_, u32>(1)?,
            row.get::<_, i64>(2)?,
        ))
    })?;
    let mut sums = BTreeMap::new();
    for row in rows {
        let (month, n, minor) = row?;
        sums.insert(month.parse()?, (n, minor));
    }
    Ok(sums)
}
