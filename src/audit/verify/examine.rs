//! What can be learnt of one record or entry on its own, before its place
//! is checked: hashes, canonical form, recomputed commitments, and the
//! short digests that the in-order checks compare.
//!
//! A receipt and the `receipt_shared` entry it belongs to are reduced to the
//! same digest when they agree: of the id, the plain facts the entry holds
//! (time, month, category, kinds withheld and shared, health decision) and
//! the commitment to the whole record. The export lists receipts in the
//! order of their entries, so `verify` keeps one digest per receipt and
//! compares them in order as the entries stream by.

use serde::Deserialize;
use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};

use super::Problem;
use crate::proof::canonical::to_canonical_vec;
use crate::proof::merkle::{Hash, from_hex, leaf_hash, to_hex};
use crate::proof::record::{commit, receipt_view};

/// One ledger entry, checked on its own.
pub struct Entry {
    pub leaf: Hash,
    pub seq: u64,
    pub event: String,
    pub fields: Map<String, Value>,
}

/// Checks an entry's leaf hash and canonical form and reads its fields.
/// `position` is its 1-based place in the file, for messages.
pub fn entry(position: u64, leaf_hex: &str, raw: &str) -> Result<Entry, Problem> {
    let bytes = raw.as_bytes();
    let leaf = leaf_hash(bytes);
    if from_hex(leaf_hex).ok() != Some(leaf) {
        return Err(Problem::Altered { position });
    }
    let malformed = |detail: String| Problem::Malformed { position, detail };
    let value: Value = serde_json::from_str(raw).map_err(|e| malformed(e.to_string()))?;
    let canonical = to_canonical_vec(&value).map_err(|e| malformed(e.to_string()))?;
    if canonical != bytes {
        return Err(Problem::NotCanonical { position });
    }
    let Value::Object(fields) = value else {
        return Err(malformed("it is not a JSON object".into()));
    };
    let seq = fields.get("seq").and_then(Value::as_u64);
    let event = fields.get("event").and_then(Value::as_str);
    let (Some(seq), Some(event)) = (seq, event) else {
        return Err(malformed("it lacks its seq or event".into()));
    };
    Ok(Entry {
        leaf,
        seq,
        event: event.to_string(),
        fields,
    })
}

/// A receipt as the in-order check needs it.
pub struct Receipt {
    pub id: String,
    /// The digest its `receipt_shared` entry must give (see [`shared_digest`]).
    pub digest: Hash,
    /// The digest its `receipt_deleted` entry must give, when deleted.
    pub deletion: Option<Hash>,
}

fn text<'a>(record: &'a Map<String, Value>, key: &str) -> Option<&'a str> {
    record.get(key).and_then(Value::as_str)
}

/// Checks one exported receipt: a live one's commitment is recomputed from
/// the record and its opening, a deleted one must show nothing.
pub fn receipt(record: &Map<String, Value>) -> Result<Receipt, Problem> {
    let id = text(record, "id").unwrap_or_default().to_string();
    let fail = |detail: &str| Problem::Record {
        name: format!("receipt {id}"),
        detail: detail.to_string(),
    };
    if id.is_empty() {
        return Err(Problem::Record {
            name: "a receipt".into(),
            detail: "has no id".into(),
        });
    }
    let present = |key: &str| record.get(key).is_some_and(|v| !v.is_null());
    let state = text(record, "state").unwrap_or_default();
    let commitment = text(record, "commitment");
    let deletion = match state {
        "deleted" => {
            if ["fields", "shared_content", "device", "opening"]
                .iter()
                .any(|k| present(k))
            {
                return Err(fail(
                    "is exported as deleted but shows shared fields, content, device data or an opening",
                ));
            }
            let deleted = record.get("deleted").and_then(Value::as_object);
            let at = deleted.and_then(|d| text(d, "at"));
            let cause = deleted.and_then(|d| text(d, "cause"));
            let (Some(at), Some(cause)) = (at, cause) else {
                return Err(fail("is exported as deleted without when and why"));
            };
            Some(deletion_digest(&id, at, cause))
        }
        "counted" | "extra" => {
            if present("deleted") {
                return Err(fail("is exported as live but carries a deletion"));
            }
            match (text(record, "opening"), commitment) {
                (Some(opening), Some(claimed)) => {
                    let key = from_hex(opening)
                        .map_err(|_| fail("has an opening that is not 64 hex digits"))?;
                    let computed = commit(&key, &receipt_view(record))
                        .map_err(|e| fail(&format!("is not canonical JSON: {e}")))?;
                    if !claimed.eq_ignore_ascii_case(&to_hex(&computed)) {
                        return Err(fail(
                            "differs from what its ledger entry commits to: a shared field, item, \
                             kind withheld, health decision, device data or content hash was changed",
                        ));
                    }
                }
                (None, Some(_)) => {
                    return Err(fail(
                        "lives but has no opening for its commitment, so its record cannot be checked",
                    ));
                }
                (Some(_), None) => return Err(fail("has an opening but no commitment")),
                (None, None) => {}
            }
            None
        }
        other => return Err(fail(&format!("has the unknown state {other:?}"))),
    };
    let plain = json!({
        "at": record.get("submitted_at"),
        "month": record.get("month"),
        "category": record.get("category"),
        "withheld": record.get("withheld").cloned().unwrap_or(json!({})),
        "shared_by_choice": record.get("shared_by_choice").cloned().unwrap_or(json!({})),
        "health_consent": record.get("health_consent").cloned().unwrap_or(json!(false)),
    });
    let digest = shared_digest(&id, &plain, commitment)
        .map_err(|e| fail(&format!("is not canonical JSON: {e}")))?;
    Ok(Receipt {
        id,
        digest,
        deletion,
    })
}

/// The digest a `receipt_shared` entry gives, to compare with its receipt's.
pub fn shared_entry_digest(fields: &Map<String, Value>) -> Result<Hash, String> {
    let id = text(fields, "receipt").unwrap_or_default();
    let plain = json!({
        "at": fields.get("at"),
        "month": fields.get("month"),
        "category": fields.get("category"),
        "withheld": fields.get("withheld").cloned().unwrap_or(json!({})),
        "shared_by_choice": fields.get("shared_by_choice").cloned().unwrap_or(json!({})),
        "health_consent": fields.get("health_consent").cloned().unwrap_or(json!(false)),
    });
    shared_digest(id, &plain, text(fields, "record")).map_err(|e| e.to_string())
}

fn shared_digest(
    id: &str,
    plain: &Value,
    commitment: Option<&str>,
) -> Result<Hash, crate::proof::canonical::CanonicalError> {
    let plain = to_canonical_vec(plain)?;
    let commitment = commitment.unwrap_or("none").to_ascii_lowercase();
    Ok(Sha256::new()
        .chain_update((id.len() as u64).to_be_bytes())
        .chain_update(id)
        .chain_update((plain.len() as u64).to_be_bytes())
        .chain_update(&plain)
        .chain_update(commitment)
        .finalize()
        .into())
}

/// The digest of a deletion: which receipt, when and why.
pub fn deletion_digest(id: &str, at: &str, cause: &str) -> Hash {
    Sha256::new()
        .chain_update(
            to_canonical_vec(&json!([id, at, cause])).expect("strings are always canonical"),
        )
        .finalize()
        .into()
}

/// The digest of a consent change, from its record or its entry.
pub fn consent_digest(fields: &Map<String, Value>) -> Hash {
    let value = json!([
        fields.get("kind"),
        fields.get("receipt").filter(|v| !v.is_null()),
        fields.get("granted"),
        fields.get("at"),
    ]);
    Sha256::digest(serde_json::to_vec(&value).expect("a Value always serialises")).into()
}

/// One line of a JSONL export, or one element of a JSON export's ledger.
#[derive(Deserialize)]
pub struct EntryLine<'a> {
    #[serde(rename = "type", default)]
    pub kind: Option<std::borrow::Cow<'a, str>>,
    #[serde(borrow, default)]
    pub leaf: Option<std::borrow::Cow<'a, str>>,
    #[serde(borrow, default)]
    pub entry: Option<&'a serde_json::value::RawValue>,
}
