//! Cutting an export into pieces (records, entries, head members) without
//! parsing them, in batches of about [`BATCH`] bytes that can be examined
//! apart from each other.
//!
//! JSONL is cut at line ends. A JSON document is walked by its top-level
//! structure only: each element of its arrays is found from its brackets
//! and strings (see `scan::value_end`), so any whitespace and member order
//! is read, and memory holds one batch and one piece at most, whatever the
//! size of the file.

use std::io::{self, Read};
use std::ops::Range;

use super::scan;
use super::work::Fact;
use super::{MAX_LINE, Problem};

/// The bytes one batch carries.
pub const BATCH: usize = 1 << 20;

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// A piece of an export, a range of its batch's bytes.
pub enum Piece {
    /// A line of a JSONL export.
    Line { number: u64, range: Range<usize> },
    /// A member of a JSON export's head.
    Head { name: String, range: Range<usize> },
    /// An element of a JSON export's `consents`, `receipts`, `rewards` or
    /// `surveys` (`kind` says which, in the singular).
    Record {
        kind: &'static str,
        line: u64,
        range: Range<usize>,
    },
    /// An element of a JSON export's ledger.
    Entry { line: u64, range: Range<usize> },
    /// An element examined where it lay (see [`Sink::probe`]).
    Examined(Fact),
    /// The ledger's size and root, as a JSON export states them.
    Claimed(u64, String),
    /// Where reading stopped; always the last piece.
    Failed(Problem),
}

/// What an element of a JSON export's arrays is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Element {
    /// A record of `consents`, `receipts`, `rewards` or `surveys` (the
    /// kind in the singular).
    Record(&'static str),
    /// An entry of the ledger.
    Entry,
}

/// Where the pieces go.
pub trait Sink {
    /// Examines the element of a JSON array that starts `bytes` where it
    /// lies, when it can: its length and what it says. `None` when it
    /// cannot, or `bytes` end before the element does; it is then cut out
    /// and handed on as a piece.
    fn probe(&mut self, element: Element, bytes: &[u8]) -> Option<(usize, Fact)>;
    /// Takes the pieces of the next batch; false when it wants no more.
    fn batch(&mut self, batch: &mut Batch) -> bool;
}

pub struct Batch {
    pub bytes: Vec<u8>,
    pub pieces: Vec<Piece>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Jsonl,
}

/// The input and the bytes read but not yet handed on in a batch.
pub struct Window<R> {
    input: R,
    bytes: Vec<u8>,
    /// Where the next piece starts in `bytes`.
    start: usize,
    /// The line number at `start`.
    line: u64,
    eof: bool,
    pieces: Vec<Piece>,
    /// The pieces cut off before more was read (so that only the piece
    /// being read is carried over to the next buffer), not yet handed on.
    cut_off: Option<Batch>,
    /// A buffer and a list handed back by the sink, for the next cut.
    spare: (Vec<u8>, Vec<Piece>),
}

/// Why cutting stopped early: the input failed, or the receiver of the
/// batches wants no more (it found a problem of its own).
enum Halt {
    Failed(Problem),
    Stopped,
}

impl From<Problem> for Halt {
    fn from(problem: Problem) -> Self {
        Halt::Failed(problem)
    }
}

fn io_problem(e: &io::Error) -> Problem {
    Problem::Unreadable(format!("it cannot be read: {e}"))
}

fn byte_name(b: u8) -> String {
    if b.is_ascii_graphic() {
        format!("'{}'", b as char)
    } else {
        format!("byte 0x{b:02x}")
    }
}

impl<R: Read> Window<R> {
    pub fn new(input: R) -> Self {
        Window {
            input,
            bytes: Vec::with_capacity(BATCH * 2),
            start: 0,
            line: 1,
            eof: false,
            pieces: Vec::new(),
            cut_off: None,
            spare: (Vec::new(), Vec::new()),
        }
    }

    /// Reads more: at least as much again as is waiting, so that a long
    /// piece is scanned a bounded number of times. False at the end.
    fn more(&mut self) -> Result<bool, Problem> {
        if self.eof {
            return Ok(false);
        }
        if !self.pieces.is_empty() && self.cut_off.is_none() {
            self.cut_off = Some(self.cut());
        }
        let want = BATCH.max(self.bytes.len() - self.start);
        let read = (&mut self.input)
            .take(want as u64)
            .read_to_end(&mut self.bytes)
            .map_err(|e| io_problem(&e))?;
        if read < want {
            self.eof = true;
        }
        Ok(read > 0)
    }

    /// Skips a byte order mark and tells the format from the first line,
    /// as a JSONL export's first record has a `type`. Returns it and
    /// whether a mark was skipped.
    pub fn begin(&mut self) -> Result<(Format, bool), Problem> {
        while self.bytes.len() < BOM.len() && self.more()? {}
        if self.bytes.is_empty() {
            return Err(Problem::Truncated("the file is empty".into()));
        }
        let bom = self.bytes.starts_with(BOM);
        if bom {
            self.start = BOM.len();
        }
        match self.bytes[self.start..]
            .iter()
            .find(|b| !b.is_ascii_whitespace())
        {
            Some(b'{') | None => {}
            Some(&b) => {
                return Err(Problem::NotExport(format!(
                    "it starts with byte 0x{b:02x} where an export starts with '{{'"
                )));
            }
        }
        let first = loop {
            let rest = &self.bytes[self.start..];
            if let Some(end) = memchr::memchr(b'\n', rest) {
                break self.start..self.start + end;
            }
            if rest.len() > MAX_LINE {
                return Err(Problem::LineTooLong { line: 1 });
            }
            if !self.more()? {
                break self.start..self.bytes.len();
            }
        };
        if first.len() > MAX_LINE {
            return Err(Problem::LineTooLong { line: 1 });
        }
        let line = &self.bytes[first];
        if line.iter().all(u8::is_ascii_whitespace) {
            return Err(Problem::NotExport(
                "its first line is blank where an export starts with '{'".into(),
            ));
        }
        let jsonl = serde_json::from_slice::<super::examine::EntryLine>(line)
            .is_ok_and(|l| l.kind.is_some());
        Ok((if jsonl { Format::Jsonl } else { Format::Json }, bom))
    }

    /// Hands the pieces so far on in a batch, keeping the bytes after them.
    fn cut(&mut self) -> Batch {
        let (mut next, mut pieces) = std::mem::take(&mut self.spare);
        next.clear();
        next.reserve(BATCH * 2);
        next.extend_from_slice(&self.bytes[self.start..]);
        self.start = 0;
        pieces.clear();
        Batch {
            bytes: std::mem::replace(&mut self.bytes, next),
            pieces: std::mem::replace(&mut self.pieces, pieces),
        }
    }

    /// Moves past a piece that ends at `end`, counting its lines.
    fn advance(&mut self, end: usize) {
        self.line += memchr::memchr_iter(b'\n', &self.bytes[self.start..end]).count() as u64;
        self.start = end;
    }

    /// Cuts the input into batches for `sink`, until it ends, fails or
    /// `sink` says stop; a failure is the last piece of the last batch.
    pub fn split(&mut self, format: Format, sink: &mut impl Sink) {
        let result = match format {
            Format::Jsonl => self.lines(sink),
            Format::Json => self.document(sink),
        };
        match result {
            Err(Halt::Stopped) => return,
            Err(Halt::Failed(problem)) => self.pieces.push(Piece::Failed(problem)),
            Ok(()) => {}
        }
        if let Some(batch) = self.cut_off.take()
            && self.send(sink, batch).is_err()
        {
            return;
        }
        if !self.pieces.is_empty() {
            let batch = self.cut();
            let _ = self.send(sink, batch);
        }
    }

    /// Sends the pieces cut off, and the pieces so far once enough wait.
    fn ready(&mut self, sink: &mut impl Sink) -> Result<(), Halt> {
        if let Some(batch) = self.cut_off.take() {
            self.send(sink, batch)?;
        }
        if self.start < BATCH {
            return Ok(());
        }
        let batch = self.cut();
        self.send(sink, batch)
    }

    /// Hands `batch` to `sink` and keeps its buffer for a later cut.
    fn send(&mut self, sink: &mut impl Sink, mut batch: Batch) -> Result<(), Halt> {
        let go_on = sink.batch(&mut batch);
        self.spare = (batch.bytes, batch.pieces);
        if go_on { Ok(()) } else { Err(Halt::Stopped) }
    }

    fn lines(&mut self, sink: &mut impl Sink) -> Result<(), Halt> {
        loop {
            let waiting = self.bytes.len() - self.start;
            let end = match memchr::memchr(b'\n', &self.bytes[self.start..]) {
                Some(n) => self.start + n,
                None if waiting > MAX_LINE => {
                    return Err(Problem::LineTooLong { line: self.line }.into());
                }
                None if self.more()? => continue,
                None if waiting == 0 => return Ok(()),
                None => self.bytes.len(),
            };
            if end - self.start > MAX_LINE {
                return Err(Problem::LineTooLong { line: self.line }.into());
            }
            self.pieces.push(Piece::Line {
                number: self.line,
                range: self.start..end,
            });
            self.start = (end + 1).min(self.bytes.len());
            self.line += 1;
            self.ready(sink)?;
        }
    }

    /// Skips whitespace; the next byte, or `None` at the end.
    fn peek(&mut self) -> Result<Option<u8>, Problem> {
        loop {
            while let Some(&b) = self.bytes.get(self.start) {
                match b {
                    b'\n' => self.line += 1,
                    b' ' | b'\t' | b'\r' => {}
                    _ => return Ok(Some(b)),
                }
                self.start += 1;
            }
            if !self.more()? {
                return Ok(None);
            }
        }
    }

    fn ends_early(&self) -> Problem {
        Problem::Truncated(format!("it ends early at line {}", self.line))
    }

    fn expect(&mut self, wanted: u8) -> Result<(), Problem> {
        match self.peek()? {
            Some(b) if b == wanted => {
                self.start += 1;
                Ok(())
            }
            Some(b) => Err(Problem::Unreadable(format!(
                "line {}: expected '{}' but found {}",
                self.line,
                wanted as char,
                byte_name(b)
            ))),
            None => Err(self.ends_early()),
        }
    }

    /// The range of the value that starts at the next byte.
    fn value(&mut self) -> Result<Range<usize>, Problem> {
        if self.peek()?.is_none() {
            return Err(self.ends_early());
        }
        loop {
            if let Some(end) = scan::value_end(&self.bytes, self.start) {
                if end - self.start > MAX_LINE {
                    return Err(Problem::LineTooLong { line: self.line });
                }
                return Ok(self.start..end);
            }
            if self.bytes.len() - self.start > MAX_LINE {
                return Err(Problem::LineTooLong { line: self.line });
            }
            if !self.more()? {
                return Err(self.ends_early());
            }
        }
    }

    fn parse<T: serde::de::DeserializeOwned>(&mut self) -> Result<T, Problem> {
        let range = self.value()?;
        let parsed = serde_json::from_slice(&self.bytes[range.clone()])
            .map_err(|e| Problem::Unreadable(format!("line {}: {e}", self.line)))?;
        self.advance(range.end);
        Ok(parsed)
    }

    /// After a member or element: true when another follows, false at the
    /// closing bracket.
    fn another(&mut self, close: u8) -> Result<bool, Problem> {
        match self.peek()? {
            Some(b',') => {
                self.start += 1;
                Ok(true)
            }
            Some(b) if b == close => {
                self.start += 1;
                Ok(false)
            }
            Some(b) => Err(Problem::Unreadable(format!(
                "line {}: expected ',' or '{}' but found {}",
                self.line,
                close as char,
                byte_name(b)
            ))),
            None => Err(self.ends_early()),
        }
    }

    /// Calls `member` with each member name of the object that starts at
    /// the next byte, the cursor on its value.
    fn object(
        &mut self,
        mut member: impl FnMut(&mut Self, String) -> Result<(), Halt>,
    ) -> Result<(), Halt> {
        self.expect(b'{')?;
        if self.peek()? == Some(b'}') {
            self.start += 1;
            return Ok(());
        }
        loop {
            let name: String = self.parse()?;
            self.expect(b':')?;
            member(self, name)?;
            if !self.another(b'}')? {
                return Ok(());
            }
        }
    }

    fn document(&mut self, sink: &mut impl Sink) -> Result<(), Halt> {
        self.object(|window, name| {
            let kind = match name.as_str() {
                "consents" => "consent",
                "receipts" => "receipt",
                "rewards" => "reward",
                "surveys" => "survey",
                "ledger" => return window.ledger(sink),
                _ => {
                    let range = window.value()?;
                    window.pieces.push(Piece::Head {
                        name,
                        range: range.clone(),
                    });
                    window.advance(range.end);
                    return window.ready(sink);
                }
            };
            window.array(sink, Element::Record(kind), |line, range| Piece::Record {
                kind,
                line,
                range,
            })
        })?;
        if let Some(b) = self.peek()? {
            return Err(Problem::Unreadable(format!(
                "line {}: {} after the end of the export",
                self.line,
                byte_name(b)
            ))
            .into());
        }
        Ok(())
    }

    fn array(
        &mut self,
        sink: &mut impl Sink,
        element: Element,
        piece: impl Fn(u64, Range<usize>) -> Piece,
    ) -> Result<(), Halt> {
        self.expect(b'[')?;
        if self.peek()? == Some(b']') {
            self.start += 1;
            return Ok(());
        }
        loop {
            self.element(sink, element, &piece)?;
            self.ready(sink)?;
            if !self.another(b']')? {
                return Ok(());
            }
        }
    }

    /// The element that starts at the next byte: examined where it lies
    /// when `sink` can (it then holds no line break, being canonical), so
    /// that it is read once; otherwise cut out whole as a piece.
    fn element(
        &mut self,
        sink: &mut impl Sink,
        element: Element,
        piece: impl Fn(u64, Range<usize>) -> Piece,
    ) -> Result<(), Problem> {
        if self.peek()?.is_some()
            && let Some((len, fact)) = sink.probe(element, &self.bytes[self.start..])
            && len <= MAX_LINE
        {
            self.pieces.push(Piece::Examined(fact));
            self.start += len;
            return Ok(());
        }
        let range = self.value()?;
        self.pieces.push(piece(self.line, range.clone()));
        self.advance(range.end);
        Ok(())
    }

    fn ledger(&mut self, sink: &mut impl Sink) -> Result<(), Halt> {
        let (mut size, mut root) = (None, None);
        self.object(|window, name| {
            match name.as_str() {
                "entries" => {
                    return window.array(sink, Element::Entry, |line, range| Piece::Entry {
                        line,
                        range,
                    });
                }
                "size" => size = Some(window.parse::<u64>()?),
                "root" => root = Some(window.parse::<String>()?),
                _ => {
                    window.parse::<serde::de::IgnoredAny>()?;
                }
            }
            Ok(())
        })?;
        if let (Some(size), Some(root)) = (size, root) {
            self.pieces.push(Piece::Claimed(size, root));
        }
        Ok(())
    }
}
