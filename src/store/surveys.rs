//! Surveys the panelist took: recorded with a `survey_recorded` ledger entry
//! (its id, month and reward; never its title), and read back.

use anyhow::Result;
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension, Row, params};
use serde::{Deserialize, Serialize};
use serde_json::json;
use thiserror::Error;

use super::ledger::{self, LedgerEntry};
use super::receipts::new_id;
use super::{ProgramToday, Store, read_instant};
use crate::clock::rfc3339;
use crate::month::Month;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Survey {
    pub id: String,
    #[serde(with = "crate::clock::as_rfc3339")]
    pub recorded_at: DateTime<Utc>,
    /// The panel month it was recorded in, whose reward it joins.
    pub month: Month,
    /// The day it was taken.
    pub date: NaiveDate,
    pub title: String,
    pub reward_minor: i64,
    pub currency: String,
}

/// A survey to record.
#[derive(Debug, Clone)]
pub struct NewSurvey {
    pub title: String,
    pub date: NaiveDate,
    pub reward_minor: i64,
    pub currency: String,
}

#[derive(Debug, Error, PartialEq, Eq)]
#[error(
    "duplicate: survey {0} has the same title and date; if this is another survey, \
     give it a title of its own"
)]
pub struct SameSurvey(pub String);

const COLUMNS: &str = "id, recorded_at, month, taken_on, title, reward_minor, currency";

impl Store {
    /// Records `survey` in the open month, or names the survey it repeats.
    pub fn add_survey(
        &mut self,
        survey: &NewSurvey,
        at: &ProgramToday,
    ) -> Result<std::result::Result<Survey, SameSurvey>> {
        self.write_at(at, |tx| {
            let same: Option<String> = tx
                .query_row(
                    "SELECT id FROM surveys WHERE taken_on = ?1 AND lower(title) = lower(?2)",
                    params![survey.date.to_string(), survey.title],
                    |row| row.get(0),
                )
                .optional()?;
            if let Some(id) = same {
                return Ok(Err(SameSurvey(id)));
            }
            let recorded = Survey {
                id: new_id(tx, "surveys")?,
                recorded_at: at.now,
                month: at.month,
                date: survey.date,
                title: survey.title.clone(),
                reward_minor: survey.reward_minor,
                currency: survey.currency.clone(),
            };
            tx.execute(
                &format!("INSERT INTO surveys ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"),
                params![
                    recorded.id,
                    rfc3339(recorded.recorded_at),
                    recorded.month.to_string(),
                    recorded.date.to_string(),
                    recorded.title,
                    recorded.reward_minor,
                    recorded.currency,
                ],
            )?;
            ledger::append(
                tx,
                LedgerEntry::new(
                    "survey_recorded",
                    &rfc3339(recorded.recorded_at),
                    json!({
                        "survey": recorded.id,
                        "month": recorded.month.to_string(),
                        "reward_minor": recorded.reward_minor,
                        "currency": recorded.currency,
                    }),
                ),
            )?;
            Ok(Ok(recorded))
        })
    }

    /// Every survey, or those of one month, in the order recorded.
    pub fn surveys(&self, month: Option<Month>) -> Result<Vec<Survey>> {
        surveys(self.conn(), month)
    }
}

pub fn surveys(conn: &Connection, month: Option<Month>) -> Result<Vec<Survey>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM surveys WHERE ?1 IS NULL OR month = ?1
         ORDER BY recorded_at, rowid"
    ))?;
    let rows = stmt.query_map([month.map(|m| m.to_string())], read_survey)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn read_survey(row: &Row) -> rusqlite::Result<Survey> {
    let bad = |i: usize, e: anyhow::Error| {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, e.into())
    };
    Ok(Survey {
        id: row.get(0)?,
        recorded_at: read_instant(row, 1)?,
        month: row.get::<_, String>(2)?.parse().map_err(|e| bad(2, e))?,
        date: row
            .get::<_, String>(3)?
            .parse()
            .map_err(|e: chrono::ParseError| bad(3, e.into()))?,
        title: row.get(4)?,
        reward_minor: row.get(5)?,
        currency: row.get(6)?,
    })
}
