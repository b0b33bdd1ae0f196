//! `panel audit verify`: an export checked offline against itself and,
//! optionally, against an earlier checkpoint.
//!
//! Each entry's bytes are hashed as they stand in the file and compared with
//! its leaf hash, and must be their own RFC 8785 canonical form; each entry
//! must carry the next sequence number; the tree rebuilt from the leaves must
//! give the exported size and root; every record must agree with the entry
//! that commits to it (see `proof::record`); and an earlier `SIZE:ROOT` must
//! be the root of this log's first SIZE entries.
//!
//! The file is read once, as a stream, in memory that does not grow with it
//! (see `checker`): a line longer than [`MAX_LINE`] is refused, so neither
//! `/dev/zero` nor one endless line can exhaust memory.

mod checker;
mod examine;
mod read;
mod scan;
mod split;
mod work;

use std::fmt;
use std::str::FromStr;

use thiserror::Error;

use crate::proof::merkle::{Hash, from_hex, to_hex};

pub use read::{MAX_LINE, verify};

/// `SIZE:ROOT` as `panel audit checkpoint` prints it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Checkpoint {
    pub size: u64,
    pub root: Hash,
}

impl FromStr for Checkpoint {
    type Err = String;
    fn from_str(text: &str) -> Result<Checkpoint, String> {
        let bad = || {
            format!(
                "{text:?} is not a checkpoint; write it as SIZE:ROOT, as `panel audit checkpoint` prints it"
            )
        };
        let (size, root) = text.trim().split_once(':').ok_or_else(bad)?;
        Ok(Checkpoint {
            size: size.parse().map_err(|_| bad())?,
            root: from_hex(root).map_err(|_| bad())?,
        })
    }
}

impl fmt::Display for Checkpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.size, to_hex(&self.root))
    }
}

#[derive(Debug, Clone, Error, PartialEq, Eq)]
pub enum Problem {
    #[error("the file is not a panel export: {0}")]
    NotExport(String),
    #[error("the file is not a complete panel export: {0}")]
    Unreadable(String),
    #[error("the file is truncated: {0}")]
    Truncated(String),
    #[error(
        "line {line} is longer than {} MiB: no record of an export is that long; this is not a \
         panel export, or it is damaged",
        MAX_LINE >> 20
    )]
    LineTooLong { line: u64 },
    #[error("entry {position} is malformed: {detail}")]
    Malformed { position: u64, detail: String },
    #[error(
        "entry {position} is not in canonical form (RFC 8785: sorted members, no whitespace, \
         no duplicate members, integers only): it was rewritten after it was hashed"
    )]
    NotCanonical { position: u64 },
    #[error("entry {position} was altered: its bytes do not hash to its leaf hash")]
    Altered { position: u64 },
    #[error(
        "entry {position} carries sequence number {found}: entries were removed, inserted or \
         reordered before it"
    )]
    OutOfPlace { position: u64, found: u64 },
    #[error(
        "the export says the ledger holds {claimed} entries but the file holds {found}: it is \
         truncated, or entries were removed or added at its end"
    )]
    WrongSize { claimed: u64, found: u64 },
    #[error(
        "the ledger's root is {computed}, not the exported {claimed}: an entry and its leaf hash were both changed"
    )]
    WrongRoot { claimed: String, computed: String },
    #[error("{name} {detail}")]
    Record { name: String, detail: String },
    #[error("the checkpoint {checkpoint} is not an earlier state of this ledger: {detail}")]
    Inconsistent { checkpoint: String, detail: String },
}

/// What a sound export proves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    pub size: u64,
    pub root: Hash,
    /// Receipts the export lists.
    pub receipts: u64,
    /// Receipts whose entry commits to their whole record.
    pub bound: u64,
    /// Receipts whose entry was written before entries committed to their
    /// record: only the facts the entry holds are checked.
    pub unbound: u64,
    /// `full`, or `partial: ...` with the filter.
    pub scope: String,
    pub version: u64,
    pub extends: Option<Checkpoint>,
    /// The file started with a UTF-8 byte order mark, which was skipped.
    pub bom: bool,
}
