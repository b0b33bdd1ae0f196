//! The store's secret key for keyed hashes.
//!
//! Duplicate detection compares hashes of receipt content, but a plain hash
//! kept in the store could be matched against a copy of the receipt found
//! elsewhere. Hashing with a random key that never leaves the store makes the
//! stored value useless outside it.

use anyhow::Result;
use hmac::{Hmac, Mac};
use rusqlite::{Connection, OptionalExtension, Transaction};
use sha2::Sha256;

#[derive(Clone)]
pub struct StoreKey([u8; 32]);

impl StoreKey {
    pub(super) fn placeholder() -> StoreKey {
        StoreKey([0; 32])
    }

    /// HMAC-SHA256 of `parts`, each length-prefixed so that no two lists of
    /// parts give the same input.
    pub fn keyed_hash(&self, parts: &[&[u8]]) -> [u8; 32] {
        keyed_hash(&self.0, parts)
    }
}

pub fn keyed_hash(key: &[u8], parts: &[&[u8]]) -> [u8; 32] {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes any key length");
    for part in parts {
        mac.update(&(part.len() as u64).to_be_bytes());
        mac.update(part);
    }
    mac.finalize().into_bytes().into()
}

pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).expect("the system random source works");
    bytes
}

/// The key, when the store has one: a plain read, so that opening a store
/// to read it never takes the write lock.
pub(super) fn load(conn: &Connection) -> Result<Option<StoreKey>> {
    let existing: Option<Vec<u8>> = conn
        .query_row("SELECT value FROM meta WHERE key = 'hash_key'", [], |row| {
            row.get(0)
        })
        .optional()?;
    Ok(existing.filter(|b| b.len() == 32).map(|bytes| {
        let mut key = [0u8; 32];
        key.copy_from_slice(&bytes);
        StoreKey(key)
    }))
}

pub(super) fn load_or_create(tx: &Transaction) -> Result<StoreKey> {
    if let Some(key) = load(tx)? {
        return Ok(key);
    }
    let key = random_bytes::<32>();
    tx.execute(
        "INSERT OR REPLACE INTO meta (key, value) VALUES ('hash_key', ?1)",
        [&key[..]],
    )?;
    Ok(StoreKey(key))
}
