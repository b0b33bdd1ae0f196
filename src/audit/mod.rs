//! Audit: the ledger's canonical form and its Merkle tree.

pub mod canonical;
pub mod merkle;
