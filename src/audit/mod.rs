//! Audit: the ledger's canonical form, its Merkle tree, and the export an
//! auditor checks offline.

pub mod canonical;
pub mod export;
mod gdpr;
pub mod merkle;
pub mod output;
pub mod record;
pub mod verify;
