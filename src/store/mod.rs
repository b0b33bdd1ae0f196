//! The panel's one SQLite file, opened one way only.
//!
//! [`Store::open`] is the door for commands that write: it makes a new store
//! only where no file exists (built beside it and linked into place, so a
//! half-made store never carries the name), checks that an existing file is
//! a panel store before anything is written to it (see `identity`), sets the
//! pragmas every connection needs (WAL, `secure_delete`, foreign keys, a busy
//! timeout), and brings the schema up to date or refuses a store written by a
//! newer `panel`. [`Store::open_existing`] is the door for commands that only
//! read: it creates nothing, and falls back to a read-only connection in a
//! home that cannot be written. Writes go through [`Store::write`], which
//! always takes an IMMEDIATE transaction so concurrent `panel` processes
//! queue on the busy timeout instead of failing halfway through.
//!
//! Every write a command makes goes through [`Store::write_at`], which first
//! does the program's housekeeping in the same transaction: it freezes each
//! month that has ended since the last write, so that nothing done later can
//! change what an ended month earned. The retention purge runs there too, but
//! only in a store whose opener allowed it ([`Store::allow_retention`]) and
//! only when its guard agrees (see `retention`): an export or a read never
//! purges.

pub mod audit;
pub mod consents;
mod identity;
mod keys;
mod ledger;
pub(crate) mod migrations;
pub mod months;
mod open;
pub mod receipts;
pub mod retention;
pub mod surveys;

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Result;
use chrono::{DateTime, Utc};
use rusqlite::{Connection, ErrorCode, Row, Transaction, TransactionBehavior};
use thiserror::Error;

pub use keys::StoreKey;

use crate::month::Month;
use crate::program::{Charity, Program};

/// The program as it stands when a command runs: its rules and charities,
/// the instant, and the panel month that instant falls in (in the
/// panelist's time zone). The store never reads a clock or the
/// configuration itself: what it writes, and how it reads a month, follow
/// the program given here.
#[derive(Debug, Clone, Copy)]
pub struct ProgramToday<'a> {
    pub now: DateTime<Utc>,
    /// The open month.
    pub month: Month,
    pub rules: &'a Program,
    /// The charities the program lists now: a charity chosen earlier that
    /// is no longer among them receives nothing (see `months`).
    pub charities: &'a [Charity],
}

/// How long a command waits for another `panel` process to finish writing.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// A store that cannot be used at all: exit code 3.
#[derive(Debug, Error)]
pub enum StoreError {
    #[error(
        "{path} was written by a newer panel (schema {found}, this panel knows up to {known}); \
         upgrade panel to use it"
    )]
    TooNew {
        path: PathBuf,
        found: i64,
        known: i64,
    },
    #[error(
        "{path} is busy: another panel process held it for more than {}s; try again when it ends",
        BUSY_TIMEOUT.as_secs()
    )]
    Busy { path: PathBuf },
    #[error(
        "{path} is damaged or not a panel store ({detail}); restore it from a backup or move it away"
    )]
    Corrupt { path: PathBuf, detail: String },
    #[error(
        "{path} is not a panel store: {detail}; it was left untouched. Move it away, or point \
         --home or PANEL_HOME at the folder that holds your store"
    )]
    Foreign { path: PathBuf, detail: String },
    #[error(
        "{path} is {what}, not a panel store; move it away, or point --home or PANEL_HOME at \
         the folder that holds your store"
    )]
    NotAFile { path: PathBuf, what: &'static str },
    #[error(
        "the panel home {home} is a symbolic link to {target}, which does not exist; create \
         {target} as a folder, or point --home or PANEL_HOME elsewhere"
    )]
    DanglingHome { home: PathBuf, target: PathBuf },
    #[error(
        "{path} cannot be written: the panel home or the store is read-only ({detail}); make \
         them writable (chmod u+w), or point --home or PANEL_HOME elsewhere. Commands that only \
         read, such as list, show and status, still work"
    )]
    ReadOnly { path: PathBuf, detail: String },
    #[error(
        "the disk holding {path} is full ({detail}); free some space on it and run the command \
         again; nothing was changed"
    )]
    DiskFull { path: PathBuf, detail: String },
    #[error(
        "{path} or its -wal/-shm files could not be read or written ({detail}); another program \
         may have removed or changed them while panel was running. Nothing more was written; \
         run the command again, and restore the store from a backup if it keeps failing"
    )]
    Io { path: PathBuf, detail: String },
    #[error(
        "after the delete, the write-ahead log of {path} could not be emptied because another \
         panel process is reading it; the deleted data may remain in {path}-wal until `panel delete` \
         or any write runs again with no other panel process open"
    )]
    CheckpointBlocked { path: PathBuf },
}

/// Decides whether a due retention purge may go ahead (see `retention`).
pub type RetentionGuard = Box<dyn FnMut(&retention::Due) -> bool>;

pub struct Store {
    conn: Connection,
    path: PathBuf,
    key: StoreKey,
    retention: Option<RetentionGuard>,
}

impl Store {
    /// Opens the store at `path` for a command that writes, making a new
    /// one when no file exists there.
    pub fn open(path: &Path) -> Result<Store> {
        let conn = open::for_writing(path)?;
        Store::ready(conn, path)
    }

    /// Opens the store at `path` for a command that reads, creating
    /// nothing; `None` when no file exists there. In a home that cannot be
    /// written the connection is read-only.
    pub fn open_existing(path: &Path) -> Result<Option<Store>> {
        let Some(conn) = open::for_reading(path)? else {
            return Ok(None);
        };
        Store::ready(conn, path).map(Some)
    }

    /// An empty store in memory, for a command that reads where no store
    /// exists yet: it answers as a new store would, and nothing is written.
    pub fn empty(path: &Path) -> Result<Store> {
        let mut conn = Connection::open_in_memory()?;
        migrations::migrate(&mut conn, path)?;
        Store::ready(conn, path)
    }

    fn ready(conn: Connection, path: &Path) -> Result<Store> {
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
            key: StoreKey::placeholder(),
            retention: None,
        };
        store.key = match keys::load(&store.conn).map_err(|e| classify_anyhow(e, path))? {
            Some(key) => key,
            None => store
                .write(keys::load_or_create)
                .map_err(|e| classify_anyhow(e, path))?,
        };
        Ok(store)
    }

    /// Lets [`Store::write_at`] purge receipts past the retention period,
    /// when `guard` agrees to each purge.
    pub fn allow_retention(&mut self, guard: RetentionGuard) {
        self.retention = Some(guard);
    }

    pub fn key(&self) -> &StoreKey {
        &self.key
    }

    /// The connection, for the store's own modules only: everything else
    /// uses the store through its methods.
    fn conn(&self) -> &Connection {
        &self.conn
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `work` in one IMMEDIATE transaction: all of it lands or none.
    pub fn write<T>(&mut self, work: impl FnOnce(&Transaction) -> Result<T>) -> Result<T> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| classify(e, &self.path))?;
        let value = work(&tx).map_err(|e| classify_anyhow(e, &self.path))?;
        tx.commit().map_err(|e| classify(e, &self.path))?;
        Ok(value)
    }

    /// Runs `work` in one IMMEDIATE transaction after the housekeeping every
    /// write does (see the module notes).
    pub fn write_at<T>(
        &mut self,
        at: &ProgramToday,
        work: impl FnOnce(&Transaction) -> Result<T>,
    ) -> Result<T> {
        self.purge_if_allowed(at)?;
        self.write(|tx| {
            months::close_ended(tx, at)?;
            work(tx)
        })
    }

    fn purge_if_allowed(&mut self, at: &ProgramToday) -> Result<()> {
        if self.retention.is_none() {
            return Ok(());
        }
        let Some(due) =
            retention::due(self.conn(), at).map_err(|e| classify_anyhow(e, &self.path))?
        else {
            return Ok(());
        };
        let agreed = self.retention.as_mut().is_some_and(|guard| guard(&due));
        if !agreed {
            return Ok(());
        }
        let purged = self.write(|tx| {
            months::close_ended(tx, at)?;
            retention::purge(tx, at)
        })?;
        if purged > 0 {
            self.checkpoint_truncate()?;
        }
        Ok(())
    }

    /// Empties the write-ahead log into the main file and truncates it, so
    /// pages holding deleted data leave `-wal`.
    pub fn checkpoint_truncate(&self) -> Result<()> {
        let busy: i64 = self
            .conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |row| row.get(0))
            .map_err(|e| classify(e, &self.path))?;
        if busy != 0 {
            return Err(StoreError::CheckpointBlocked {
                path: self.path.clone(),
            }
            .into());
        }
        Ok(())
    }
}

/// The instant in column `i` of `row`, which the store writes as
/// [`crate::clock::rfc3339`]: the one place a stored time is read.
pub(crate) fn read_instant(row: &Row, i: usize) -> rusqlite::Result<DateTime<Utc>> {
    let text = row.get_ref(i)?.as_str()?;
    crate::clock::parse_rfc3339(text).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, e.into())
    })
}

pub(crate) fn is_busy(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked)
    )
}

/// Turns SQLite's failures that make the store unusable into the store
/// errors that exit 3, each with its cause and fix.
pub(crate) fn classify(e: rusqlite::Error, path: &Path) -> anyhow::Error {
    let path = path.to_path_buf();
    let detail = e.to_string();
    match e.sqlite_error_code() {
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => {
            StoreError::Busy { path }.into()
        }
        Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase) => {
            StoreError::Corrupt { path, detail }.into()
        }
        Some(ErrorCode::ReadOnly | ErrorCode::PermissionDenied) => {
            StoreError::ReadOnly { path, detail }.into()
        }
        Some(ErrorCode::DiskFull) => StoreError::DiskFull { path, detail }.into(),
        Some(ErrorCode::SystemIoFailure | ErrorCode::CannotOpen) => diagnose_io(path, detail),
        _ => e.into(),
    }
}

/// SQLite says only "disk I/O error" or "unable to open database file" for
/// a full disk or a folder that cannot be written; trying to write a little
/// beside the store (an unnamed file, gone when closed) tells which.
fn diagnose_io(path: PathBuf, detail: String) -> anyhow::Error {
    use std::io::{ErrorKind, Write};
    let dir = path.parent().unwrap_or(Path::new("/"));
    let probe = tempfile::tempfile_in(dir).and_then(|mut file| {
        file.write_all(&[0u8; 64 * 1024])?;
        file.sync_all()
    });
    match probe.map_err(|e| e.kind()) {
        Err(ErrorKind::StorageFull | ErrorKind::QuotaExceeded) => {
            StoreError::DiskFull { path, detail }.into()
        }
        Err(ErrorKind::PermissionDenied | ErrorKind::ReadOnlyFilesystem) => StoreError::ReadOnly {
            detail: format!("{detail}; the folder {} cannot be written", dir.display()),
            path,
        }
        .into(),
        _ => StoreError::Io { path, detail }.into(),
    }
}

/// The same for the errors of the file system around the store.
pub(crate) fn classify_io(e: std::io::Error, path: &Path) -> anyhow::Error {
    use std::io::ErrorKind;
    let path = path.to_path_buf();
    let detail = e.to_string();
    match e.kind() {
        ErrorKind::PermissionDenied | ErrorKind::ReadOnlyFilesystem => {
            StoreError::ReadOnly { path, detail }.into()
        }
        ErrorKind::StorageFull | ErrorKind::QuotaExceeded => {
            StoreError::DiskFull { path, detail }.into()
        }
        _ => StoreError::Io { path, detail }.into(),
    }
}

pub(crate) fn classify_anyhow(e: anyhow::Error, path: &Path) -> anyhow::Error {
    if e.downcast_ref::<StoreError>().is_some() {
        return e;
    }
    match e.downcast::<rusqlite::Error>() {
        Ok(sqlite) => classify(sqlite, path),
        Err(other) => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failure(code: ErrorCode, extended: i32) -> rusqlite::Error {
        rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error {
                code,
                extended_code: extended,
            },
            None,
        )
    }

    #[test]
    fn a_full_disk_and_a_lost_wal_are_store_errors_with_a_fix() {
        let path = Path::new("/h/panel.db");
        let full = classify(failure(ErrorCode::DiskFull, 13), path);
        assert!(matches!(
            full.downcast_ref(),
            Some(StoreError::DiskFull { .. })
        ));
        assert!(full.to_string().contains("free some space"), "{full}");
        // SQLITE_IOERR_SHORT_READ (522): the WAL was deleted under the process.
        let lost = classify(failure(ErrorCode::SystemIoFailure, 522), path);
        assert!(matches!(lost.downcast_ref(), Some(StoreError::Io { .. })));
        assert!(lost.to_string().contains("-wal"), "{lost}");
        let ro = classify(failure(ErrorCode::ReadOnly, 8), path);
        assert!(ro.to_string().contains("chmod u+w"), "{ro}");
        let io = std::io::Error::from(std::io::ErrorKind::StorageFull);
        assert!(matches!(
            classify_io(io, path).downcast_ref(),
            Some(StoreError::DiskFull { .. })
        ));
    }
}
