//! `panel audit verify`: an export checked offline against itself and,
//! optionally, against an earlier checkpoint.
//!
//! Each entry's bytes are hashed as they stand in the file and compared with
//! its leaf hash; each entry must carry the next sequence number; the tree
//! rebuilt from the leaves must give the exported size and root; the receipts
//! must agree with the entries; and an earlier `SIZE:ROOT` must be a prefix of
//! this log by an RFC 9162 consistency proof.

use std::borrow::Cow;
use std::collections::HashSet;
use std::fmt;
use std::str::FromStr;

use serde::Deserialize;
use serde_json::value::RawValue;
use thiserror::Error;

use super::merkle::{self, Hash, RootBuilder, from_hex, leaf_hash, to_hex};

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

#[derive(Debug, Error, PartialEq, Eq)]
pub enum Problem {
    #[error("the file is not a complete panel export: {0}")]
    Unreadable(String),
    #[error("the file is truncated: {0}")]
    Truncated(String),
    #[error("entry {position} is malformed: {detail}")]
    Malformed { position: u64, detail: String },
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
    #[error("receipt {id} {detail}")]
    Disagrees { id: String, detail: String },
    #[error("the checkpoint {checkpoint} is not an earlier state of this ledger: {detail}")]
    Inconsistent { checkpoint: String, detail: String },
}

/// What a sound export proves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    pub size: u64,
    pub root: Hash,
    pub receipts: u64,
    pub extends: Option<Checkpoint>,
}

#[derive(Deserialize)]
struct EntryRecord<'a> {
    #[serde(borrow)]
    leaf: Cow<'a, str>,
    #[serde(borrow)]
    entry: &'a RawValue,
}

#[derive(Deserialize)]
struct EntryFields<'a> {
    seq: u64,
    #[serde(borrow)]
    event: Cow<'a, str>,
    #[serde(borrow)]
    receipt: Option<Cow<'a, str>>,
}

#[derive(Deserialize)]
struct ReceiptRecord {
    id: String,
    state: String,
}

#[derive(Deserialize)]
struct Document<'a> {
    receipts: Vec<ReceiptRecord>,
    #[serde(borrow)]
    ledger: Ledger<'a>,
}

#[derive(Deserialize)]
struct Ledger<'a> {
    #[serde(borrow)]
    entries: Vec<EntryRecord<'a>>,
    size: u64,
    root: String,
}

/// One line of a JSONL export: every record type's fields, all optional.
#[derive(Deserialize)]
struct Line<'a> {
    #[serde(rename = "type")]
    kind: String,
    leaf: Option<String>,
    #[serde(borrow)]
    entry: Option<&'a RawValue>,
    id: Option<String>,
    state: Option<String>,
    size: Option<u64>,
    root: Option<String>,
}

/// What can be learnt of one entry on its own, before its place is checked.
enum Examined {
    Sound(Hash, OwnedFields),
    Altered,
    Malformed(String),
}

struct OwnedFields {
    seq: u64,
    event: String,
    receipt: Option<String>,
}

fn examine(record: &EntryRecord) -> Examined {
    let bytes = record.entry.get().as_bytes();
    let leaf = leaf_hash(bytes);
    if from_hex(&record.leaf).ok() != Some(leaf) {
        return Examined::Altered;
    }
    match serde_json::from_slice::<EntryFields>(bytes) {
        Ok(fields) => Examined::Sound(
            leaf,
            OwnedFields {
                seq: fields.seq,
                event: fields.event.into_owned(),
                receipt: fields.receipt.map(Cow::into_owned),
            },
        ),
        Err(e) => Examined::Malformed(e.to_string()),
    }
}

/// The running check over the entries, in file order.
#[derive(Default)]
struct Checker {
    leaves: Vec<Hash>,
    tree: RootBuilder,
    shared: HashSet<String>,
    deleted: HashSet<String>,
}

impl Checker {
    /// Checks `records` as the next entries, in order. Hashing and parsing
    /// run on every core; the checks that depend on order follow in one pass,
    /// so the first bad entry is still the one named.
    fn entries(&mut self, records: &[EntryRecord]) -> Result<(), Problem> {
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        let chunk = records.len().div_ceil(threads).max(1024);
        let examined: Vec<Vec<Examined>> = std::thread::scope(|scope| {
            let workers: Vec<_> = records
                .chunks(chunk)
                .map(|part| scope.spawn(|| part.iter().map(examine).collect::<Vec<_>>()))
                .collect();
            workers
                .into_iter()
                .map(|w| w.join().expect("a verify worker panicked"))
                .collect()
        });
        for result in examined.into_iter().flatten() {
            self.accept(result)?;
        }
        Ok(())
    }

    fn accept(&mut self, examined: Examined) -> Result<(), Problem> {
        let position = self.leaves.len() as u64 + 1;
        let (leaf, fields) = match examined {
            Examined::Sound(leaf, fields) => (leaf, fields),
            Examined::Altered => return Err(Problem::Altered { position }),
            Examined::Malformed(detail) => return Err(Problem::Malformed { position, detail }),
        };
        if fields.seq != position {
            return Err(Problem::OutOfPlace {
                position,
                found: fields.seq,
            });
        }
        match (fields.event.as_str(), fields.receipt) {
            ("receipt_shared", Some(id)) => {
                self.shared.insert(id);
            }
            ("receipt_deleted", Some(id)) => {
                self.deleted.insert(id);
            }
            _ => {}
        }
        self.leaves.push(leaf);
        self.tree.push(leaf);
        Ok(())
    }

    fn receipt(&self, receipt: &ReceiptRecord) -> Result<(), Problem> {
        let disagrees = |detail: &str| Problem::Disagrees {
            id: receipt.id.clone(),
            detail: detail.to_string(),
        };
        if !self.shared.contains(&receipt.id) {
            return Err(disagrees("has no receipt_shared entry in the ledger"));
        }
        let deleted = self.deleted.contains(&receipt.id);
        match (receipt.state.as_str(), deleted) {
            ("deleted", false) => Err(disagrees(
                "is exported as deleted but the ledger has no deletion",
            )),
            (state, true) if state != "deleted" => Err(disagrees(
                "is exported as live but the ledger records its deletion",
            )),
            _ => Ok(()),
        }
    }

    fn finish(
        self,
        claimed_size: u64,
        claimed_root: &str,
        receipts: u64,
        checkpoint: Option<Checkpoint>,
    ) -> Result<Verified, Problem> {
        let size = self.leaves.len() as u64;
        if claimed_size != size {
            return Err(Problem::WrongSize {
                claimed: claimed_size,
                found: size,
            });
        }
        let root = self.tree.root();
        if !claimed_root.eq_ignore_ascii_case(&to_hex(&root)) {
            return Err(Problem::WrongRoot {
                claimed: claimed_root.to_string(),
                computed: to_hex(&root),
            });
        }
        if let Some(checkpoint) = checkpoint {
            check_consistency(&self.leaves, root, checkpoint)?;
        }
        Ok(Verified {
            size,
            root,
            receipts,
            extends: checkpoint,
        })
    }
}

fn check_consistency(leaves: &[Hash], root: Hash, checkpoint: Checkpoint) -> Result<(), Problem> {
    let inconsistent = |detail: String| Problem::Inconsistent {
        checkpoint: checkpoint.to_string(),
        detail,
    };
    let size = leaves.len() as u64;
    if checkpoint.size > size {
        return Err(inconsistent(format!(
            "it has {} entries, this export only {size}",
            checkpoint.size
        )));
    }
    let proof = merkle::consistency_proof(leaves, checkpoint.size as usize);
    if !merkle::verify_consistency(checkpoint.size, size, &checkpoint.root, &root, &proof) {
        return Err(inconsistent(
            "the consistency proof fails: the first entries were rewritten".into(),
        ));
    }
    Ok(())
}

/// Checks an export in either JSON form.
pub fn verify(bytes: &[u8], checkpoint: Option<Checkpoint>) -> Result<Verified, Problem> {
    if is_jsonl(bytes) {
        verify_jsonl(bytes, checkpoint)
    } else {
        verify_document(bytes, checkpoint)
    }
}

/// A JSONL export's first line is a whole object with a `type`.
fn is_jsonl(bytes: &[u8]) -> bool {
    let first = bytes.split(|b| *b == b'\n').next().unwrap_or_default();
    #[derive(Deserialize)]
    struct Typed {
        #[serde(rename = "type")]
        _kind: String,
    }
    serde_json::from_slice::<Typed>(first).is_ok()
}

fn parse_problem(e: serde_json::Error) -> Problem {
    let at = format!("line {}, column {}: {e}", e.line(), e.column());
    if e.is_eof() {
        Problem::Truncated(format!("it ends early at {at}"))
    } else {
        Problem::Unreadable(at)
    }
}

fn verify_document(bytes: &[u8], checkpoint: Option<Checkpoint>) -> Result<Verified, Problem> {
    let document: Document = serde_json::from_slice(bytes).map_err(parse_problem)?;
    let mut checker = Checker::default();
    checker.entries(&document.ledger.entries)?;
    for receipt in &document.receipts {
        checker.receipt(receipt)?;
    }
    checker.finish(
        document.ledger.size,
        &document.ledger.root,
        document.receipts.len() as u64,
        checkpoint,
    )
}

fn verify_jsonl(bytes: &[u8], checkpoint: Option<Checkpoint>) -> Result<Verified, Problem> {
    let mut entries = Vec::new();
    let mut receipts = Vec::new();
    let mut summary = None;
    for (number, line) in bytes.split(|b| *b == b'\n').enumerate() {
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let record: Line = serde_json::from_slice(line).map_err(|e| {
            if e.is_eof() {
                Problem::Truncated(format!("line {} ends early", number + 1))
            } else {
                Problem::Unreadable(format!("line {}: {e}", number + 1))
            }
        })?;
        match record.kind.as_str() {
            "entry" => {
                let (Some(leaf), Some(entry)) = (record.leaf, record.entry) else {
                    return Err(Problem::Malformed {
                        position: entries.len() as u64 + 1,
                        detail: format!("line {} lacks its leaf or entry", number + 1),
                    });
                };
                entries.push(EntryRecord {
                    leaf: leaf.into(),
                    entry,
                });
            }
            "receipt" => receipts.push(ReceiptRecord {
                id: record.id.unwrap_or_default(),
                state: record.state.unwrap_or_default(),
            }),
            "summary" if summary.is_some() => {
                return Err(Problem::Unreadable(format!(
                    "line {} is a second summary",
                    number + 1
                )));
            }
            "summary" => summary = Some((record.size, record.root)),
            _ => {}
        }
    }
    let Some((Some(size), Some(root))) = summary else {
        return Err(Problem::Truncated(
            "the summary line with the tree size and root is missing".into(),
        ));
    };
    let mut checker = Checker::default();
    checker.entries(&entries)?;
    for receipt in &receipts {
        checker.receipt(receipt)?;
    }
    checker.finish(size, &root, receipts.len() as u64, checkpoint)
}
