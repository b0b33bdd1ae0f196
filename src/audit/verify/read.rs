//! Reading an export as a stream: a byte order mark is skipped, the format
//! is told from the first line, and the file is cut into batches of pieces
//! (see `split`) that worker threads examine on their own (see `work`)
//! while one thread checks the results in file order (see `checker`).
//!
//! Everything but the in-order check is independent from piece to piece,
//! and that check is cheap, so `verify` runs at about the speed of reading
//! and hashing the file once. Channels hold one batch per worker each way,
//! so memory stays a few batches whatever the size of the file.

use std::io::Read;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};

use serde_json::Value;

use super::checker::Checker;
use super::split::{Batch, Format, Window};
use super::work::{Examiner, Fact};
use super::{Checkpoint, Problem, Verified};

/// The longest line an export may hold (and, in a JSON export, the longest
/// record). A receipt with thousands of items stays far below it.
pub const MAX_LINE: usize = 16 << 20;

/// Checks an export in either JSON form, read once from `input`, on
/// `threads` threads besides the caller's (none: all on the caller's).
pub fn verify(
    input: impl Read,
    checkpoint: Option<Checkpoint>,
    threads: usize,
) -> Result<Verified, Problem> {
    let mut window = Window::new(input);
    let (format, bom) = window.begin()?;
    let mut order = InOrder {
        checker: Checker::new(checkpoint),
        format,
        position: 0,
    };
    if threads == 0 {
        let mut examiner = Examiner::default();
        let mut facts = Vec::new();
        let mut failed = None;
        window.split(format, |batch| {
            examiner.examine(&batch, &mut facts);
            for fact in facts.drain(..) {
                if let Err(problem) = order.fact(fact) {
                    failed = Some(problem);
                    return false;
                }
            }
            true
        });
        if let Some(problem) = failed {
            return Err(problem);
        }
    } else {
        order = in_threads(&mut window, format, order, threads)?;
    }
    let mut verified = order.finish()?;
    verified.bom = bom;
    Ok(verified)
}

/// Batch `n` goes to worker `n % threads` and its facts come back on that
/// worker's channel, so the checking thread reads them in file order by
/// taking the workers in turn.
fn in_threads<R: Read>(
    window: &mut Window<R>,
    format: Format,
    mut order: InOrder,
    threads: usize,
) -> Result<InOrder, Problem> {
    std::thread::scope(|scope| {
        let (free_send, free) = sync_channel::<Vec<u8>>(2 * threads + 2);
        let mut to_workers: Vec<SyncSender<Batch>> = Vec::new();
        let mut from_workers: Vec<Receiver<Vec<Fact>>> = Vec::new();
        for _ in 0..threads {
            let (send, batches) = sync_channel::<Batch>(1);
            let (facts_send, facts) = sync_channel::<Vec<Fact>>(1);
            let free_send = free_send.clone();
            scope.spawn(move || {
                let mut examiner = Examiner::default();
                for batch in batches {
                    let mut facts = Vec::with_capacity(batch.pieces.len());
                    examiner.examine(&batch, &mut facts);
                    if facts_send.send(facts).is_err() {
                        return;
                    }
                    let _ = free_send.try_send(batch.bytes);
                }
            });
            to_workers.push(send);
            from_workers.push(facts);
        }
        drop(free_send);
        let checking = scope.spawn(move || -> Result<InOrder, Problem> {
            for turn in (0..from_workers.len()).cycle() {
                let Ok(facts) = from_workers[turn].recv() else {
                    break;
                };
                for fact in facts {
                    order.fact(fact)?;
                }
            }
            Ok(order)
        });
        window.free = Some(free);
        let mut turn = 0;
        window.split(format, |batch| {
            let sent = to_workers[turn].send(batch).is_ok();
            turn = (turn + 1) % to_workers.len();
            sent
        });
        drop(to_workers);
        checking.join().expect("the checking thread does not panic")
    })
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
