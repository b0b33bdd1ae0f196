//! Reading an export as a stream: a byte order mark is skipped, the format
//! is told from the first line, JSONL is read line by line and a JSON
//! document element by element, and no line may pass [`MAX_LINE`].

use std::fmt;
use std::io::{self, BufRead, BufReader, Read};

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use super::checker::Checker;
use super::examine::{self, EntryLine};
use super::{Checkpoint, Problem, Verified};

/// The longest line an export may hold. A receipt with thousands of items
/// stays far below it.
pub const MAX_LINE: usize = 16 << 20;

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Checks an export in either JSON form, read once from `input`.
pub fn verify(input: impl Read, checkpoint: Option<Checkpoint>) -> Result<Verified, Problem> {
    let mut reader = BufReader::with_capacity(1 << 20, input);
    let start = reader.fill_buf().map_err(io_problem)?;
    let bom = start.starts_with(BOM);
    if bom {
        reader.consume(BOM.len());
    }
    let peek = reader.fill_buf().map_err(io_problem)?;
    match peek.iter().find(|b| !b.is_ascii_whitespace()) {
        None if peek.is_empty() => return Err(Problem::Truncated("the file is empty".into())),
        Some(b'{') | None => {}
        Some(&b) => {
            return Err(Problem::NotExport(format!(
                "it starts with byte 0x{b:02x} where an export starts with '{{'"
            )));
        }
    }
    let mut first = Vec::new();
    read_line(&mut reader, &mut first, 1)?;
    if first.iter().all(u8::is_ascii_whitespace) {
        return Err(Problem::NotExport(
            "its first line is blank where an export starts with '{'".into(),
        ));
    }
    let mut checker = Checker::new(checkpoint);
    let is_jsonl = serde_json::from_slice::<EntryLine>(&first).is_ok_and(|l| l.kind.is_some());
    let mut verified = if is_jsonl {
        jsonl(&mut checker, &first, reader)?;
        let (size, root) = checker.claimed.take().ok_or_else(|| {
            Problem::Truncated("the summary line with the tree size and root is missing".into())
        })?;
        checker.finish(size, &root)?
    } else {
        let chained = io::Cursor::new(first).chain(reader);
        let capped = LineCap {
            inner: chained,
            line: 1,
            run: 0,
        };
        document(&mut checker, capped)?;
        let (size, root) = checker
            .claimed
            .take()
            .ok_or_else(|| Problem::Truncated("the ledger's size and root are missing".into()))?;
        checker.finish(size, &root)?
    };
    verified.bom = bom;
    Ok(verified)
}

fn io_problem(e: io::Error) -> Problem {
    if let Some(long) = e.get_ref().and_then(|i| i.downcast_ref::<TooLong>()) {
        return Problem::LineTooLong { line: long.0 };
    }
    Problem::Unreadable(format!("it cannot be read: {e}"))
}

/// Reads one line (without its newline) into `line`; returns whether the
/// input has ended.
fn read_line(reader: &mut impl BufRead, line: &mut Vec<u8>, number: u64) -> Result<bool, Problem> {
    line.clear();
    loop {
        let buffer = reader.fill_buf().map_err(io_problem)?;
        if buffer.is_empty() {
            return Ok(true);
        }
        let (take, done) = match memchr::memchr(b'\n', buffer) {
            Some(i) => (i, true),
            None => (buffer.len(), false),
        };
        if line.len() + take > MAX_LINE {
            return Err(Problem::LineTooLong { line: number });
        }
        line.extend_from_slice(&buffer[..take]);
        reader.consume(if done { take + 1 } else { take });
        if done {
            return Ok(false);
        }
    }
}

fn parse_error(number: u64, e: &serde_json::Error) -> Problem {
    if e.is_eof() {
        Problem::Truncated(format!("line {number} ends early"))
    } else {
        Problem::Unreadable(format!("line {number}: {e}"))
    }
}

fn jsonl(checker: &mut Checker, first: &[u8], mut reader: impl BufRead) -> Result<(), Problem> {
    let mut line = first.to_vec();
    let mut number = 1;
    let mut position = 0;
    loop {
        if !line.iter().all(u8::is_ascii_whitespace) {
            jsonl_line(checker, &line, number, &mut position)?;
        }
        number += 1;
        if read_line(&mut reader, &mut line, number)? && line.is_empty() {
            return Ok(());
        }
    }
}

fn jsonl_line(
    checker: &mut Checker,
    line: &[u8],
    number: u64,
    position: &mut u64,
) -> Result<(), Problem> {
    let head: EntryLine = serde_json::from_slice(line).map_err(|e| parse_error(number, &e))?;
    let kind = head
        .kind
        .ok_or_else(|| Problem::Unreadable(format!("line {number} has no type")))?;
    if kind == "entry" {
        *position += 1;
        let (Some(leaf), Some(entry)) = (head.leaf, head.entry) else {
            return Err(Problem::Malformed {
                position: *position,
                detail: format!("line {number} lacks its leaf or entry"),
            });
        };
        return checker.entry(examine::entry(*position, &leaf, entry.get())?);
    }
    let record: Map<String, Value> =
        serde_json::from_slice(line).map_err(|e| parse_error(number, &e))?;
    if kind == "summary" {
        if checker.has_head() {
            return Err(Problem::Unreadable(format!(
                "line {number} is a second summary"
            )));
        }
        let size = record.get("size").and_then(Value::as_u64);
        let root = record.get("root").and_then(Value::as_str);
        if let (Some(size), Some(root)) = (size, root) {
            checker.claimed = Some((size, root.to_string()));
        }
        for (key, value) in record {
            if !["type", "size", "root"].contains(&key.as_str()) {
                checker.head_member(key, value)?;
            }
        }
        return Ok(());
    }
    checker.record(&kind, record)
}

/// A reader that refuses a line longer than [`MAX_LINE`].
struct LineCap<R> {
    inner: R,
    line: u64,
    run: usize,
}

#[derive(Debug)]
struct TooLong(u64);

impl fmt::Display for TooLong {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {} is too long", self.0)
    }
}

impl std::error::Error for TooLong {}

impl<R: Read> Read for LineCap<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        for part in buf[..n].split_inclusive(|b| *b == b'\n') {
            if part.ends_with(b"\n") {
                self.line += 1;
                self.run = 0;
            } else {
                self.run += part.len();
            }
        }
        if self.run > MAX_LINE {
            return Err(io::Error::other(TooLong(self.line)));
        }
        Ok(n)
    }
}

/// Streams a JSON document through the checker; a problem the checker
/// finds stops the parse and is returned as it is.
fn document(checker: &mut Checker, input: impl Read) -> Result<(), Problem> {
    let mut found = None;
    let mut de = serde_json::Deserializer::from_reader(input);
    let parsed = Document {
        checker,
        found: &mut found,
    }
    .deserialize(&mut de)
    .and_then(|()| de.end());
    if let Some(problem) = found {
        return Err(problem);
    }
    parsed.map_err(|e| {
        let at = format!("line {}, column {}: {e}", e.line(), e.column());
        if e.is_io() {
            io_problem(e.into())
        } else if e.is_eof() {
            Problem::Truncated(format!("it ends early at {at}"))
        } else {
            Problem::Unreadable(at)
        }
    })
}

struct Document<'a> {
    checker: &'a mut Checker,
    found: &'a mut Option<Problem>,
}

impl Document<'_> {
    fn check<E: de::Error>(&mut self, result: Result<(), Problem>) -> Result<(), E> {
        result.map_err(|p| {
            *self.found = Some(p);
            E::custom("the export failed a check")
        })
    }
}

impl<'de> DeserializeSeed<'de> for Document<'_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Document<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a panel export object")
    }

    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "consents" | "receipts" | "rewards" | "surveys" => {
                    let kind = match key.as_str() {
                        "consents" => "consent",
                        "receipts" => "receipt",
                        "rewards" => "reward",
                        _ => "survey",
                    };
                    map.next_value_seed(Records {
                        doc: &mut self,
                        kind,
                    })?;
                }
                "ledger" => map.next_value_seed(Ledger { doc: &mut self })?,
                _ => {
                    let value: Value = map.next_value()?;
                    let result = self.checker.head_member(key, value);
                    self.check(result)?;
                }
            }
        }
        Ok(())
    }
}

struct Records<'a, 'b> {
    doc: &'a mut Document<'b>,
    kind: &'static str,
}

impl<'de> DeserializeSeed<'de> for Records<'_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Records<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of records")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(record) = seq.next_element::<Map<String, Value>>()? {
            let result = self.doc.checker.record(self.kind, record);
            self.doc.check(result)?;
        }
        Ok(())
    }
}

struct Ledger<'a, 'b> {
    doc: &'a mut Document<'b>,
}

impl<'de> DeserializeSeed<'de> for Ledger<'_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

#[derive(serde::Deserialize)]
struct OwnedEntry {
    leaf: String,
    entry: Box<RawValue>,
}

impl<'de> Visitor<'de> for Ledger<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("the ledger: entries, size and root")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let (mut size, mut root) = (None, None);
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "entries" => map.next_value_seed(Entries {
                    doc: &mut *self.doc,
                })?,
                "size" => size = Some(map.next_value::<u64>()?),
                "root" => root = Some(map.next_value::<String>()?),
                _ => {
                    map.next_value::<de::IgnoredAny>()?;
                }
            }
        }
        if let (Some(size), Some(root)) = (size, root) {
            self.doc.checker.claimed = Some((size, root));
        }
        Ok(())
    }
}

struct Entries<'a, 'b> {
    doc: &'a mut Document<'b>,
}

impl<'de> DeserializeSeed<'de> for Entries<'_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Entries<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of ledger entries")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut position = 0;
        while let Some(record) = seq.next_element::<OwnedEntry>()? {
            position += 1;
            let result = examine::entry(position, &record.leaf, record.entry.get())
                .and_then(|entry| self.doc.checker.entry(entry));
            self.doc.check(result)?;
        }
        Ok(())
    }
}
