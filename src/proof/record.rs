//! What binds an exported record to its ledger entry.
//!
//! A `receipt_shared` entry holds only ids, kinds, counts and hashes, yet an
//! auditor reads the merchant, total and items from the export. So the entry
//! also carries a commitment to the whole record as exported: HMAC-SHA256
//! keyed by the receipt's opening, over the record's RFC 8785 bytes. The
//! opening is derived from the per-receipt secret that deletion destroys and
//! is exported only while the receipt lives: then anyone can recompute the
//! commitment from the record; once the receipt is deleted the commitment is
//! a keyed hash under a key that no longer exists, and reveals nothing.
//!
//! The export's head, its rewards and its surveys are bound by the
//! `export_made` entry that the export itself appends: it holds the SHA-256
//! of each, in canonical form.

use hmac::{Hmac, Mac};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use super::canonical::{CanonicalError, to_canonical_vec};
use super::merkle::{Hash, to_hex};

/// Members of an exported receipt that its commitment leaves out: the
/// commitment and opening themselves, the state (an extra receipt becomes
/// counted when a counted one is deleted) and the deletion (recorded by its
/// own entry).
pub const NOT_COMMITTED: [&str; 5] = ["type", "state", "opening", "commitment", "deleted"];

/// Members of the export's head that its digest leaves out: the record type
/// and the tree, which `verify` recomputes.
pub const NOT_IN_HEAD: [&str; 4] = ["type", "size", "root", "consents"];

/// The part of an exported receipt that its commitment covers.
pub fn receipt_view(record: &Map<String, Value>) -> Value {
    Value::Object(
        record
            .iter()
            .filter(|(k, _)| !NOT_COMMITTED.contains(&k.as_str()))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
    )
}

/// HMAC-SHA256 keyed by `opening` over `view`'s canonical bytes.
pub fn commit(opening: &[u8], view: &Value) -> Result<Hash, CanonicalError> {
    let bytes = to_canonical_vec(view)?;
    let mut mac = Hmac::<Sha256>::new_from_slice(opening).expect("HMAC takes any key length");
    mac.update(&bytes);
    Ok(mac.finalize().into_bytes().into())
}

/// SHA-256 of `value`'s canonical bytes, in hex.
pub fn digest(value: &Value) -> Result<String, CanonicalError> {
    Ok(to_hex(&Sha256::digest(to_canonical_vec(value)?)))
}

/// The head of an export without the members [`NOT_IN_HEAD`] names.
pub fn head_of(record: &Map<String, Value>) -> Value {
    Value::Object(
        record
            .iter()
            .filter(|(k, _)| !NOT_IN_HEAD.contains(&k.as_str()))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_view_leaves_out_state_opening_and_deletion() {
        let record = json!({"id": "a", "state": "counted", "opening": "00", "commitment": "11",
                            "deleted": null, "type": "receipt", "category": "grocery"});
        assert_eq!(
            receipt_view(record.as_object().unwrap()),
            json!({"id": "a", "category": "grocery"})
        );
    }

    #[test]
    fn a_commitment_changes_with_any_member_and_with_the_opening() {
        let view = json!({"id": "a", "fields": {"total_minor": 100}});
        let base = commit(b"key", &view).unwrap();
        assert_ne!(
            base,
            commit(b"key", &json!({"id": "a", "fields": {"total_minor": 101}})).unwrap()
        );
        assert_ne!(base, commit(b"other", &view).unwrap());
        // Member order does not matter: the bytes are canonical.
        let reordered: Value =
            serde_json::from_str(r#"{"fields":{"total_minor":100},"id":"a"}"#).unwrap();
        assert_eq!(base, commit(b"key", &reordered).unwrap());
    }
}
