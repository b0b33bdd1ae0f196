//! Reading an export as a stream: a byte order mark is skipped, the format
//! is told from the first line, and the file is cut into batches of pieces
//! (see `split`) that are examined where their bytes lie (see `work`) and
//! then checked in file order (see `checker`). One batch is held at a time,
//! so memory stays the same whatever the size of the file.
//!
//! One file is read on one thread: a worker thread makes glibc reserve an
//! arena of address space, which a verify run under an address-space limit
//! cannot afford, and many files are verified side by side instead.

use std::io::Read;

use serde_json::Value;

use super::checker::Checker;
use super::split::{Batch, Element, Format, Sink, Window};
use super::work::{Examiner, Fact};
use super::{Checkpoint, Problem, Verified};

/// The longest line an export may hold (and, in a JSON export, the longest
/// record). A receipt with thousands of items stays far below it.
pub const MAX_LINE: usize = 16 << 20;

/// Checks an export in either JSON form, read once from `input`.
pub fn verify(input: impl Read, checkpoint: Option<Checkpoint>) -> Result<Verified, Problem> {
    let mut window = Window::new(input);
    let (format, bom) = window.begin()?;
    let order = InOrder {
        checker: Checker::new(checkpoint),
        format,
        position: 0,
    };
    let mut reader = Reader {
        examiner: Examiner::default(),
        facts: Vec::new(),
        order,
        failed: None,
    };
    window.split(format, &mut reader);
    if let Some(problem) = reader.failed {
        return Err(problem);
    }
    let mut verified = reader.order.finish()?;
    verified.bom = bom;
    Ok(verified)
}

/// Examines the pieces and checks what they say in file order, until a
/// check fails.
struct Reader {
    examiner: Examiner,
    /// What a batch's pieces say, in order.
    facts: Vec<Fact>,
    order: InOrder,
    failed: Option<Problem>,
}

impl Sink for Reader {
    fn probe(&mut self, element: Element, bytes: &[u8]) -> Option<(usize, Fact)> {
        self.examiner.probe(element, bytes)
    }

    fn batch(&mut self, batch: &mut Batch) -> bool {
        self.examiner.examine(batch, &mut self.facts);
        for fact in self.facts.drain(..) {
            if let Err(problem) = self.order.fact(fact) {
                self.failed = Some(problem);
                return false;
            }
        }
        true
    }
}

/// The checks in file order, fed with examined pieces.
struct InOrder {
    checker: Checker,
    format: Format,
    /// Entries seen so far.
    position: u64,
}

impl InOrder {
    fn fact(&mut self, fact: Fact) -> Result<(), Problem> {
        let checker = &mut self.checker;
        match fact {
            Fact::Summary { line, members } => {
                if checker.has_head() {
                    return Err(Problem::Unreadable(format!(
                        "line {line} is a second summary"
                    )));
                }
                let size = members.get("size").and_then(Value::as_u64);
                let root = members.get("root").and_then(Value::as_str);
                if let (Some(size), Some(root)) = (size, root) {
                    checker.claimed = Some((size, root.to_string()));
                }
                for (key, value) in members {
                    if !["type", "size", "root"].contains(&key.as_str()) {
                        checker.head_member(key, value)?;
                    }
                }
                Ok(())
            }
            Fact::Head(name, value) => checker.head_member(name, value),
            Fact::Record(kind, record) => checker.record(&kind, record),
            Fact::Receipt(receipt) => checker.receipt(receipt),
            Fact::Entry(entry) => {
                self.position += 1;
                checker.entry(entry.map_err(|fault| fault.at(self.position))?)
            }
            Fact::Claimed(size, root) => {
                checker.claimed = Some((size, root));
                Ok(())
            }
            Fact::Failed(problem) => Err(problem),
        }
    }

    fn finish(mut self) -> Result<Verified, Problem> {
        let missing = match self.format {
            Format::Jsonl => "the summary line with the tree size and root is missing",
            Format::Json => "the ledger's size and root are missing",
        };
        let (size, root) = self
            .checker
            .claimed
            .take()
            .ok_or_else(|| Problem::Truncated(missing.into()))?;
        self.checker.finish(size, &root)
    }
}
