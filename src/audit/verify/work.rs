//! What each piece of an export says on its own (hashes, canonical form,
//! commitments), worked out apart from the other pieces: the in-order check then only
//! compares the results.

use std::ops::Range;

use serde_json::value::RawValue;
use serde_json::{Map, Value};

use super::Problem;
use super::examine::{self, Entry, EntryFault, EntryLine, Receipt};
use super::scan::{self, Canonical};
use super::split::{Batch, Element, Piece};

/// A piece, examined.
pub enum Fact {
    /// The summary line of a JSONL export.
    Summary {
        line: u64,
        members: Map<String, Value>,
    },
    /// A member of a JSON export's head.
    Head(String, Value),
    /// A record other than a receipt, by its type.
    Record(String, Map<String, Value>),
    Receipt(Receipt),
    Entry(Result<Entry, EntryFault>),
    /// The ledger's size and root, as a JSON export states them.
    Claimed(u64, String),
    Failed(Problem),
}

/// Buffers reused from one piece to the next.
#[derive(Default)]
pub struct Examiner {
    canonical: Canonical,
    members: Vec<(Range<usize>, Range<usize>)>,
    entry_members: Vec<(Range<usize>, Range<usize>)>,
}

fn parse_error(line: u64, e: &serde_json::Error) -> Problem {
    if e.is_eof() {
        Problem::Truncated(format!("line {line} ends early"))
    } else {
        Problem::Unreadable(format!("line {line}: {e}"))
    }
}

impl Examiner {
    /// Examines the pieces of `batch`, taking them out of it.
    pub fn examine(&mut self, batch: &mut Batch, facts: &mut Vec<Fact>) {
        let Batch { bytes, pieces } = batch;
        for piece in pieces.drain(..) {
            let fact = match piece {
                Piece::Line { number, range } => {
                    let line = &bytes[range];
                    if line.iter().all(u8::is_ascii_whitespace) {
                        continue;
                    }
                    self.line(line, number)
                }
                Piece::Head { name, range } => match serde_json::from_slice(&bytes[range]) {
                    Ok(value) => Fact::Head(name, value),
                    Err(e) => Fact::Failed(Problem::Unreadable(format!("{name}: {e}"))),
                },
                Piece::Record { kind, line, range } => self.record(kind, &bytes[range], line),
                Piece::Entry { line, range } => self.element(&bytes[range], line),
                Piece::Examined(fact) => fact,
                Piece::Claimed(size, root) => Fact::Claimed(size, root),
                Piece::Failed(problem) => Fact::Failed(problem),
            };
            facts.push(fact);
        }
    }

    /// An element of a JSON export's array, examined where it starts in
    /// `bytes` when it is written as panel writes it (a canonical receipt,
    /// a ledger entry): its length and what it says, found in one pass
    /// without first looking for its end. `None` otherwise, or when
    /// `bytes` end before it does; it is then cut out and examined as usual,
    /// to the same result.
    pub fn probe(&mut self, element: Element, bytes: &[u8]) -> Option<(usize, Fact)> {
        match element {
            Element::Entry => self.panel_entry(bytes, ""),
            Element::Record("receipt") => {
                let end = self.canonical.canonical_prefix(bytes)?;
                let checked = examine::receipt_in_place(&bytes[..end], &self.canonical)?;
                Some((end, checked.map_or_else(Fact::Failed, Fact::Receipt)))
            }
            Element::Record(_) => None,
        }
    }

    /// A line of a JSONL export. The readers in place take only UTF-8, so
    /// a line that is not is left to the general parse, which names it.
    fn line(&mut self, line: &[u8], number: u64) -> Fact {
        if line.starts_with(b"{\"type\":\"entry\"") {
            if let Some(fact) = self.plain_entry(line, "entry") {
                return fact;
            }
        } else if self.canonical.object(line).is_some() {
            let kind = self
                .canonical
                .get(line, "type")
                .map(|m| self.canonical.value(line, m));
            if kind == Some(b"\"receipt\"")
                && let Some(checked) = examine::receipt_in_place(line, &self.canonical)
            {
                return checked.map_or_else(Fact::Failed, Fact::Receipt);
            }
        }
        self.parsed_line(line, number)
    }

    /// An entry wrapped as panel writes it, `{"type":"entry","leaf":...,
    /// "entry":...}` in a JSONL line or `{"leaf":...,"entry":...}` in a JSON
    /// ledger (`kind` is then empty); `None` for any other shape.
    fn plain_entry(&mut self, wrapper: &[u8], kind: &str) -> Option<Fact> {
        if let Some((len, fact)) = self.panel_entry(wrapper, kind)
            && len == wrapper.len()
        {
            return Some(fact);
        }
        std::str::from_utf8(wrapper).ok()?;
        scan::members(wrapper, &mut self.members)?;
        let (mut leaf, mut entry, mut typed) = (None, None, kind.is_empty());
        for (name, value) in &self.members {
            let value = &wrapper[value.clone()];
            match &wrapper[name.clone()] {
                b"leaf" => leaf = Some(scan::plain_text(value)?),
                b"entry" => entry = Some(value),
                b"type" => typed = scan::plain_text(value)? == kind,
                _ => return None,
            }
        }
        if !typed {
            return None;
        }
        let (leaf, entry) = (leaf?, entry?);
        Some(Fact::Entry(examine::entry(
            leaf,
            entry,
            &mut self.entry_members,
        )))
    }

    /// [`Examiner::plain_entry`] on the exact bytes panel writes, with a
    /// canonical entry, at the start of `wrapper`: its end and members are
    /// found as its form is checked, in one pass. Its length and what it
    /// says; `None` for anything else.
    fn panel_entry(&mut self, wrapper: &[u8], kind: &str) -> Option<(usize, Fact)> {
        let opening: &[u8] = match kind {
            "" => b"{\"leaf\":\"",
            _ => b"{\"type\":\"entry\",\"leaf\":\"",
        };
        let (leaf, rest) = wrapper.strip_prefix(opening)?.split_at_checked(64)?;
        if !leaf.iter().all(u8::is_ascii_hexdigit) {
            return None;
        }
        let rest = rest.strip_prefix(b"\",\"entry\":")?;
        let end = scan::canonical_object(rest, &mut self.entry_members)?;
        if rest.get(end) != Some(&b'}') {
            return None;
        }
        let len = wrapper.len() - rest.len() + end + 1;
        let leaf = std::str::from_utf8(leaf).ok()?;
        let fact = examine::canonical_entry(leaf, &rest[..end], &self.entry_members);
        Some((len, Fact::Entry(fact)))
    }

    /// A JSONL line through a general parse.
    fn parsed_line(&mut self, line: &[u8], number: u64) -> Fact {
        let head: EntryLine = match serde_json::from_slice(line) {
            Ok(head) => head,
            Err(e) => return Fact::Failed(parse_error(number, &e)),
        };
        let Some(kind) = head.kind else {
            return Fact::Failed(Problem::Unreadable(format!("line {number} has no type")));
        };
        if kind == "entry" {
            let (Some(leaf), Some(entry)) = (head.leaf, head.entry) else {
                return Fact::Entry(Err(EntryFault::Malformed(format!(
                    "line {number} lacks its leaf or entry"
                ))));
            };
            return Fact::Entry(examine::entry(
                &leaf,
                entry.get().as_bytes(),
                &mut self.entry_members,
            ));
        }
        let mut record: Map<String, Value> = match serde_json::from_slice(line) {
            Ok(record) => record,
            Err(e) => return Fact::Failed(parse_error(number, &e)),
        };
        match kind.as_ref() {
            "summary" => Fact::Summary {
                line: number,
                members: record,
            },
            "receipt" => {
                record.remove("type");
                examine::receipt(&record).map_or_else(Fact::Failed, Fact::Receipt)
            }
            _ => {
                record.remove("type");
                Fact::Record(kind.into_owned(), record)
            }
        }
    }

    /// An element of a JSON export's record arrays.
    fn record(&mut self, kind: &str, bytes: &[u8], line: u64) -> Fact {
        if kind == "receipt"
            && self.canonical.object(bytes).is_some()
            && let Some(checked) = examine::receipt_in_place(bytes, &self.canonical)
        {
            return checked.map_or_else(Fact::Failed, Fact::Receipt);
        }
        let record: Map<String, Value> = match serde_json::from_slice(bytes) {
            Ok(record) => record,
            Err(e) => return Fact::Failed(Problem::Unreadable(format!("line {line}: {e}"))),
        };
        if kind == "receipt" {
            return examine::receipt(&record).map_or_else(Fact::Failed, Fact::Receipt);
        }
        Fact::Record(kind.to_string(), record)
    }

    /// An element of a JSON export's ledger.
    fn element(&mut self, bytes: &[u8], line: u64) -> Fact {
        if let Some(fact) = self.plain_entry(bytes, "") {
            return fact;
        }
        #[derive(serde::Deserialize)]
        struct Element {
            leaf: String,
            entry: Box<RawValue>,
        }
        match serde_json::from_slice::<Element>(bytes) {
            Ok(element) => Fact::Entry(examine::entry(
                &element.leaf,
                element.entry.get().as_bytes(),
                &mut self.entry_members,
            )),
            Err(e) => Fact::Failed(Problem::Unreadable(format!("line {line}: {e}"))),
        }
    }
}
