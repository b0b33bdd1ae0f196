//! Consents: every one the panelist gave or withdrew, kept with its time.
//!
//! The device consent holds for the whole panel and is off until the
//! panelist turns it on; a health consent is given for one receipt, at
//! submission. Each change is a new row in `consents` and a
//! `consent_changed` ledger entry in the same transaction, holding the kind,
//! whether consent was granted, the receipt id for a health consent, and the
//! time: never a personal value. Deleting a receipt leaves its consent rows,
//! which hold only its id, so the history stays whole.

use std::fmt;
use std::str::FromStr;

use anyhow::{Result, bail};
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::ledger::{self, LedgerEntry};
use super::{ProgramToday, Store, read_instant};
use crate::clock::rfc3339;

/// What a consent is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ConsentKind {
    /// Device data accompanying submissions (`panel device`).
    Device,
    /// Health data on one receipt.
    Health,
}

impl ConsentKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ConsentKind::Device => "device",
            ConsentKind::Health => "health",
        }
    }
}

impl fmt::Display for ConsentKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ConsentKind {
    type Err = anyhow::Error;

    fn from_str(text: &str) -> Result<ConsentKind> {
        match text {
            "device" => Ok(ConsentKind::Device),
            "health" => Ok(ConsentKind::Health),
            other => bail!("unknown consent kind {other:?}; expected device or health"),
        }
    }
}

/// One consent given or withdrawn.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentChange {
    pub kind: ConsentKind,
    /// The receipt a health consent was given for; `None` for the device.
    pub receipt: Option<String>,
    pub granted: bool,
    #[serde(with = "crate::clock::as_rfc3339")]
    pub at: DateTime<Utc>,
}

/// The device consent in effect.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceConsent {
    pub granted: bool,
    /// When it was last given or withdrawn; `None` when it never was, and is
    /// off by default.
    #[serde(default, with = "crate::clock::as_rfc3339::option")]
    pub since: Option<DateTime<Utc>>,
}

impl Store {
    /// Gives (`true`) or withdraws (`false`) consent to share device data
    /// with later submissions. Returns whether it changed: when it was
    /// already so, nothing is written.
    pub fn set_device_consent(&mut self, granted: bool, at: &ProgramToday) -> Result<bool> {
        // Read first, so that asking again writes nothing at all, not even
        // the housekeeping of a write.
        if device_consent(self.conn())?.granted == granted {
            return Ok(false);
        }
        self.write_at(at, |tx| {
            // Another panel process may have made the same change meanwhile.
            if device_consent(tx)?.granted == granted {
                return Ok(false);
            }
            record(tx, ConsentKind::Device, None, granted, &rfc3339(at.now))?;
            Ok(true)
        })
    }

    /// Whether device data may accompany submissions (off by default).
    pub fn device_consent(&self) -> Result<bool> {
        Ok(device_consent(self.conn())?.granted)
    }

    /// The device consent in effect and since when.
    pub fn device_consent_state(&self) -> Result<DeviceConsent> {
        device_consent(self.conn())
    }

    /// Every consent change, oldest first.
    pub fn consent_history(&self) -> Result<Vec<ConsentChange>> {
        let mut changes = Vec::new();
        for_each(self.conn(), |change| {
            changes.push(change);
            Ok(())
        })?;
        Ok(changes)
    }
}

/// Records a consent change in the caller's transaction: the row and its
/// `consent_changed` ledger entry. `receipt` names the receipt of a health
/// consent and must be `None` for the device consent; `at` is RFC 3339 UTC.
pub(crate) fn record(
    tx: &Transaction,
    kind: ConsentKind,
    receipt: Option<&str>,
    granted: bool,
    at: &str,
) -> Result<()> {
    if kind == ConsentKind::Device && receipt.is_some() {
        bail!("the device consent holds for the whole panel, not for one receipt");
    }
    tx.execute(
        "INSERT INTO consents (kind, receipt, granted, at) VALUES (?1, ?2, ?3, ?4)",
        params![kind.as_str(), receipt, granted, at],
    )?;
    let mut fields = json!({ "kind": kind.as_str(), "granted": granted });
    if let Some(id) = receipt {
        fields["receipt"] = json!(id);
    }
    ledger::append(tx, LedgerEntry::new("consent_changed", at, fields))?;
    Ok(())
}

/// The device consent in effect: the last change, or off.
pub fn device_consent(conn: &Connection) -> Result<DeviceConsent> {
    let last: Option<(bool, DateTime<Utc>)> = conn
        .query_row(
            "SELECT granted, at FROM consents WHERE kind = 'device' ORDER BY seq DESC LIMIT 1",
            [],
            |row| Ok((row.get(0)?, read_instant(row, 1)?)),
        )
        .optional()?;
    Ok(match last {
        Some((granted, at)) => DeviceConsent {
            granted,
            since: Some(at),
        },
        None => DeviceConsent {
            granted: false,
            since: None,
        },
    })
}

/// Calls `each` with every consent change, oldest first, one row at a time.
pub fn for_each(
    conn: &Connection,
    mut each: impl FnMut(ConsentChange) -> Result<()>,
) -> Result<()> {
    let mut stmt = conn.prepare("SELECT kind, receipt, granted, at FROM consents ORDER BY seq")?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let kind: String = row.get(0)?;
        each(ConsentChange {
            kind: kind.parse()?,
            receipt: row.get(1)?,
            granted: row.get(2)?,
            at: read_instant(row, 3)?,
        })?;
    }
    Ok(())
}

/// Whether the device consent was ever given.
pub fn device_ever_granted(conn: &Connection) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM consents WHERE kind = 'device' AND granted = 1)",
        [],
        |row| row.get(0),
    )?)
}

/// How many health consents were granted (a receipt counts once for each).
pub fn health_granted(conn: &Connection) -> Result<u64> {
    Ok(conn.query_row(
        "SELECT count(*) FROM consents WHERE kind = 'health' AND granted = 1",
        [],
        |row| row.get(0),
    )?)
}

#[cfg(test)]
mod tests {
    use std::sync::LazyLock;

    use super::*;
    use crate::program::{Charity, Program, default_charities};

    /// The program's default rules, as a run without a config.toml has them.
    static RULES: LazyLock<Program> = LazyLock::new(Program::default);
    static CHARITIES: LazyLock<Vec<Charity>> = LazyLock::new(default_charities);

    fn program_today(now: &str) -> ProgramToday<'static> {
        let now: DateTime<Utc> = now.parse().unwrap();
        ProgramToday {
            now,
            month: crate::month::Month::new(2026, 3).unwrap(),
            rules: &RULES,
            charities: &CHARITIES,
        }
    }

    fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("panel.db")).unwrap();
        (dir, store)
    }

    fn ledger_events(store: &Store) -> Vec<String> {
        let mut events = Vec::new();
        ledger::for_each(store.conn(), |entry| {
            events.push(String::from_utf8(entry.to_vec()).unwrap());
            Ok(())
        })
        .unwrap();
        events
    }

    #[test]
    fn record_lands_with_the_rest_of_its_transaction_or_not_at_all() {
        let (_dir, mut store) = store();
        let at = program_today("2026-03-20T10:00:00Z");
        store
            .write_at(&at, |tx| {
                record(
                    tx,
                    ConsentKind::Health,
                    Some("abcdefghij"),
                    true,
                    "2026-03-20T10:00:00Z",
                )?;
                record(tx, ConsentKind::Device, None, true, "2026-03-20T10:00:00Z")
            })
            .unwrap();
        // A failure later in the same transaction takes the consent with it.
        let failed: Result<()> = store.write_at(&at, |tx| {
            record(
                tx,
                ConsentKind::Health,
                Some("klmnopqrst"),
                true,
                "2026-03-20T10:00:01Z",
            )?;
            bail!("the submission failed after recording consent")
        });
        assert!(failed.is_err());
        assert_eq!(
            store.consent_history().unwrap(),
            vec![
                ConsentChange {
                    kind: ConsentKind::Health,
                    receipt: Some("abcdefghij".into()),
                    granted: true,
                    at: "2026-03-20T10:00:00Z".parse().unwrap(),
                },
                ConsentChange {
                    kind: ConsentKind::Device,
                    receipt: None,
                    granted: true,
                    at: "2026-03-20T10:00:00Z".parse().unwrap(),
                },
            ]
        );
        assert_eq!(
            ledger_events(&store),
            vec![
                r#"{"at":"2026-03-20T10:00:00Z","event":"consent_changed","granted":true,"kind":"health","receipt":"abcdefghij","seq":1}"#,
                r#"{"at":"2026-03-20T10:00:00Z","event":"consent_changed","granted":true,"kind":"device","seq":2}"#,
            ]
        );
        assert!(store.device_consent().unwrap());
        assert_eq!(health_granted(store.conn()).unwrap(), 1);
    }

    #[test]
    fn the_device_consent_is_not_per_receipt() {
        let (_dir, mut store) = store();
        let result = store.write(|tx| {
            record(
                tx,
                ConsentKind::Device,
                Some("abcdefghij"),
                true,
                "2026-03-20T10:00:00Z",
            )
        });
        assert!(result.is_err());
        // The schema refuses it too, for writers that bypass `record`.
        let result = store.write(|tx| {
            tx.execute(
                "INSERT INTO consents (kind, receipt, granted, at)
                 VALUES ('device', 'abcdefghij', 1, '2026-03-20T10:00:00Z')",
                [],
            )?;
            Ok(())
        });
        assert!(result.is_err());
        assert!(store.consent_history().unwrap().is_empty());
    }

    #[test]
    fn device_consent_is_off_until_given_and_unchanged_writes_nothing() {
        let (_dir, mut store) = store();
        assert_eq!(
            store.device_consent_state().unwrap(),
            DeviceConsent {
                granted: false,
                since: None
            }
        );
        let at = program_today("2026-03-20T10:00:00Z");
        assert!(!store.set_device_consent(false, &at).unwrap());
        assert!(store.set_device_consent(true, &at).unwrap());
        let later = program_today("2026-03-21T10:00:00Z");
        assert!(!store.set_device_consent(true, &later).unwrap());
        assert_eq!(
            store.device_consent_state().unwrap(),
            DeviceConsent {
                granted: true,
                since: Some("2026-03-20T10:00:00Z".parse().unwrap())
            }
        );
        assert!(store.set_device_consent(false, &later).unwrap());
        assert!(!store.device_consent().unwrap());
        assert_eq!(store.consent_history().unwrap().len(), 2);
        assert_eq!(ledger_events(&store).len(), 2);
    }
}
