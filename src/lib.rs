//! `panel`: the panelist's side of a receipt-sharing consumer panel.
//!
//! A submission flows `intake → extract, privacy → plan → store`: intake
//! turns a file into a document (text, or a picture read by OCR), extract
//! reads its fields and privacy finds the personal data in it, plan decides
//! in one place what leaves the panelist's hands, and the store records it
//! with its ledger entry. `audit` exports that ledger and verifies exports.
//!
//! The modules form layers, each importing only those listed after it:
//!
//! 1. `cli`: the command line, and the start that gives a command what it
//!    needs ([`commands::Needs`]): nothing (completions, man), the paths
//!    (`config path`), or the whole context.
//! 2. `commands`: one verb per file, grouped in folders; they never import
//!    each other.
//! 3. `app`: the context of one run ([`app::Ctx`]): paths, configuration,
//!    clock, output, and the store opened as the command needs it.
//! 4. `render`: output for people, including what several commands print
//!    alike, and JSON for machines.
//! 5. `audit`: the export of the ledger and its offline check.
//! 6. `config`: config.toml, read into the settings of each part below.
//! 7. `plan`: the share plan, handed to the store as a
//!    `store::receipts::NewReceipt`.
//! 8. `store`: receipts, months, surveys, consents and the ledger, in one
//!    SQLite file.
//! 9. `program`: the program's rules, rewards and eligibility.
//! 10. `extract` and `privacy`: fields and personal data, both read from
//!     intake's documents.
//! 11. `intake`: files to documents. Between OCR passes it asks extract and
//!     privacy whether another pass is worth it, through the closures of
//!     `intake::Options` (`second_pass`: are the fields unsure?
//!     `privacy_look`: does the text print a card?), which
//!     `commands::submit` builds; so intake imports neither.
//! 12. `device`: the device data that may accompany a submission, and
//!     since when the panelist shares it.
//! 13. `clock`: the one instant and time zone of a run, and the form the
//!     store and the ledger write an instant in.
//! 14. `month`, `money`, `paths`, `files`, `isolate`, `parallel`, `previews`,
//!     `logistic` and `proof`: leaves, importing nothing of panel. `proof`
//!     holds the canonical JSON and Merkle hashing that the store writes
//!     the ledger with and the audit checks it by; `logistic` the learned
//!     scoring that extract and privacy both weigh candidates with.
//!
//! No import goes upward, nor between two modules of one layer: the
//! configuration builds extraction's settings and intake's options, and the
//! store is handed the program's rules. `tests/cli/layering.rs` holds the
//! code to this list.

pub mod app;
pub mod audit;
pub mod cli;
pub mod clock;
pub mod commands;
pub mod config;
pub mod device;
pub mod extract;
pub mod files;
pub mod intake;
pub mod isolate;
pub mod logistic;
pub mod money;
pub mod month;
pub mod parallel;
pub mod paths;
pub mod plan;
pub mod previews;
pub mod privacy;
pub mod program;
pub mod proof;
pub mod render;
pub mod store;
