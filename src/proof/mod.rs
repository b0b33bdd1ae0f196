//! What the ledger's proofs rest on: RFC 8785 canonical JSON, the RFC 9162
//! Merkle tree, and the commitments that bind an exported record to its
//! ledger entry.
//!
//! The store writes these proofs and the audit checks them, so both need
//! the same code. It lives here, importing nothing else of panel, so that
//! neither of them has to import the other.

pub mod canonical;
pub mod merkle;
pub mod record;
