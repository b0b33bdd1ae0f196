//! Audit: the export an auditor checks offline, and its check. The
//! canonical form, Merkle tree and commitments they rest on are in
//! `proof`, shared with the store.

pub mod export;
mod gdpr;
pub mod output;
mod receipt_json;
pub mod verify;
