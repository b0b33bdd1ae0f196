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

use std::ops::Range;

use hmac::{Hmac, Mac};
use serde::Deserialize;
use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};

use super::Problem;
use super::scan::{self, Canonical};
use crate::proof::canonical::{CanonicalError, to_canonical_vec};
use crate::proof::merkle::{Hash, from_hex, leaf_hash, to_hex};
use crate::proof::record::{NOT_COMMITTED, commit, receipt_view};

/// One ledger entry, checked on its own.
pub struct Entry {
    pub leaf: Hash,
    pub seq: u64,
    pub event: String,
    /// The receipt it is about, or empty.
    pub receipt: String,
    pub detail: Detail,
}

/// What the in-order check needs of an entry beyond its place.
pub enum Detail {
    /// A `receipt_shared` entry, one per receipt: only what is compared.
    Shared {
        at: String,
        /// See [`shared_entry_digest`].
        digest: Hash,
        /// Whether it commits to its whole record.
        bound: bool,
    },
    /// Any other entry, with all its fields.
    Fields(Map<String, Value>),
}

/// Why an entry is refused; its place in the file is added by the caller.
#[derive(Debug, PartialEq, Eq)]
pub enum EntryFault {
    Altered,
    NotCanonical,
    Malformed(String),
}

impl EntryFault {
    pub fn at(self, position: u64) -> Problem {
        match self {
            EntryFault::Altered => Problem::Altered { position },
            EntryFault::NotCanonical => Problem::NotCanonical { position },
            EntryFault::Malformed(detail) => Problem::Malformed { position, detail },
        }
    }
}

/// Checks an entry's leaf hash and canonical form and reads its fields.
pub fn entry(
    leaf_hex: &str,
    raw: &[u8],
    members: &mut Vec<(Range<usize>, Range<usize>)>,
) -> Result<Entry, EntryFault> {
    let leaf = checked_leaf(leaf_hex, raw)?;
    let in_place =
        scan::canonical_members(raw, members).and_then(|()| entry_in_place(leaf, raw, members));
    match in_place {
        Some(entry) => Ok(entry),
        None => entry_parsed(leaf, raw),
    }
}

/// [`entry`] on an entry already found canonical, with its members as
/// `scan::canonical_members` lists them.
pub fn canonical_entry(
    leaf_hex: &str,
    raw: &[u8],
    members: &[(Range<usize>, Range<usize>)],
) -> Result<Entry, EntryFault> {
    let leaf = checked_leaf(leaf_hex, raw)?;
    match entry_in_place(leaf, raw, members) {
        Some(entry) => Ok(entry),
        None => entry_parsed(leaf, raw),
    }
}

/// The entry's leaf hash, when it is the one the export gives.
fn checked_leaf(leaf_hex: &str, raw: &[u8]) -> Result<Hash, EntryFault> {
    let leaf = leaf_hash(raw);
    if from_hex(leaf_hex).ok() != Some(leaf) {
        return Err(EntryFault::Altered);
    }
    Ok(leaf)
}

/// The common case, read where the bytes lie: a canonical entry, listed by
/// its members, whose event, receipt and texts need no unescaping.
fn entry_in_place(
    leaf: Hash,
    raw: &[u8],
    members: &[(Range<usize>, Range<usize>)],
) -> Option<Entry> {
    let get = |name: &str| {
        members
            .iter()
            .find(|(n, _)| &raw[n.clone()] == name.as_bytes())
            .map(|(_, v)| &raw[v.clone()])
    };
    // A string with escapes is left to the general reading.
    let text = |name: &str| match get(name) {
        Some(value) if value.first() == Some(&b'"') => scan::plain_text(value).map(Some),
        _ => Some(None),
    };
    let seq = std::str::from_utf8(get("seq")?).ok()?.parse::<u64>().ok()?;
    let event = text("event")??.to_string();
    let receipt = text("receipt")?.unwrap_or_default().to_string();
    let detail = if event == "receipt_shared" {
        Detail::Shared {
            at: text("at")?.unwrap_or_default().to_string(),
            digest: shared_digest(&receipt, get, text("record")?),
            bound: get("record").is_some(),
        }
    } else {
        Detail::Fields(serde_json::from_slice(raw).ok()?)
    };
    Some(Entry {
        leaf,
        seq,
        event,
        receipt,
        detail,
    })
}

/// Any entry, through a parse and a re-serialisation.
fn entry_parsed(leaf: Hash, bytes: &[u8]) -> Result<Entry, EntryFault> {
    let malformed = |detail: String| EntryFault::Malformed(detail);
    let value: Value = serde_json::from_slice(bytes).map_err(|e| malformed(e.to_string()))?;
    let canonical = to_canonical_vec(&value).map_err(|e| malformed(e.to_string()))?;
    if canonical != bytes {
        return Err(EntryFault::NotCanonical);
    }
    let Value::Object(fields) = value else {
        return Err(malformed("it is not a JSON object".into()));
    };
    let seq = fields.get("seq").and_then(Value::as_u64);
    let event = fields.get("event").and_then(Value::as_str);
    let (Some(seq), Some(event)) = (seq, event) else {
        return Err(malformed("it lacks its seq or event".into()));
    };
    let event = event.to_string();
    let receipt = text(&fields, "receipt").unwrap_or_default().to_string();
    let detail = if event == "receipt_shared" {
        Detail::Shared {
            at: text(&fields, "at").unwrap_or_default().to_string(),
            digest: shared_entry_digest(&fields).map_err(malformed)?,
            bound: fields.contains_key("record"),
        }
    } else {
        Detail::Fields(fields)
    };
    Ok(Entry {
        leaf,
        seq,
        event,
        receipt,
        detail,
    })
}

/// The plain facts a receipt and its `receipt_shared` entry share, by their
/// names in the entry, each with the value it takes when it is missing.
const PLAIN_FACTS: [(&str, &[u8]); 6] = [
    ("at", b"null"),
    ("category", b"null"),
    ("health_consent", b"false"),
    ("month", b"null"),
    ("shared_by_choice", b"{}"),
    ("withheld", b"{}"),
];

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

/// [`receipt`] on the record `input` as `c` has put it in canonical form,
/// without building it; `None` when a text needs unescaping.
pub fn receipt_in_place(input: &[u8], c: &Canonical) -> Option<Result<Receipt, Problem>> {
    let get = |name: &str| c.get(input, name).map(|m| c.value(input, m));
    let text = |name: &str| match get(name) {
        Some(value) if value.first() == Some(&b'"') => scan::plain_text(value).map(Some),
        _ => Some(None),
    };
    let id = text("id")?.unwrap_or_default();
    let fail = |detail: &str| Problem::Record {
        name: format!("receipt {id}"),
        detail: detail.to_string(),
    };
    if id.is_empty() {
        return Some(Err(Problem::Record {
            name: "a receipt".into(),
            detail: "has no id".into(),
        }));
    }
    let present = |name: &str| get(name).is_some_and(|v| v != b"null");
    let state = text("state")?.unwrap_or_default();
    let commitment = text("commitment")?;
    let deletion = match state {
        "deleted" => {
            if ["fields", "shared_content", "device", "opening"]
                .iter()
                .any(|k| present(k))
            {
                return Some(Err(fail(
                    "is exported as deleted but shows shared fields, content, device data or an opening",
                )));
            }
            let deleted: Option<Map<String, Value>> =
                get("deleted").and_then(|v| serde_json::from_slice(v).ok());
            let at = deleted.as_ref().and_then(|d| text_of(d, "at"));
            let cause = deleted.as_ref().and_then(|d| text_of(d, "cause"));
            let (Some(at), Some(cause)) = (at, cause) else {
                return Some(Err(fail("is exported as deleted without when and why")));
            };
            Some(deletion_digest(id, at, cause))
        }
        "counted" | "extra" => {
            if present("deleted") {
                return Some(Err(fail("is exported as live but carries a deletion")));
            }
            match (text("opening")?, commitment) {
                (Some(opening), Some(claimed)) => {
                    let Ok(key) = from_hex(opening) else {
                        return Some(Err(fail("has an opening that is not 64 hex digits")));
                    };
                    let mut mac =
                        Hmac::<Sha256>::new_from_slice(&key).expect("HMAC takes any key length");
                    let committed =
                        |name: &[u8]| !NOT_COMMITTED.iter().any(|n| n.as_bytes() == name);
                    c.write_kept(input, committed, |piece| mac.update(piece));
                    let computed: Hash = mac.finalize().into_bytes().into();
                    if !claimed.eq_ignore_ascii_case(&to_hex(&computed)) {
                        return Some(Err(fail(ALTERED_RECORD)));
                    }
                }
                (None, Some(_)) => return Some(Err(fail(NO_OPENING))),
                (Some(_), None) => return Some(Err(fail("has an opening but no commitment"))),
                (None, None) => {}
            }
            None
        }
        other => return Some(Err(fail(&format!("has the unknown state {other:?}")))),
    };
    let fact = |name: &str| match name {
        "at" => get("submitted_at"),
        other => get(other),
    };
    Some(Ok(Receipt {
        id: id.to_string(),
        digest: shared_digest(id, fact, commitment),
        deletion,
    }))
}

const ALTERED_RECORD: &str = "differs from what its ledger entry commits to: a shared field, item, \
                              kind withheld, health decision, device data or content hash was changed";
const NO_OPENING: &str =
    "lives but has no opening for its commitment, so its record cannot be checked";

fn text_of<'a>(record: &'a Map<String, Value>, key: &str) -> Option<&'a str> {
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
                        return Err(fail(ALTERED_RECORD));
                    }
                }
                (None, Some(_)) => return Err(fail(NO_OPENING)),
                (Some(_), None) => return Err(fail("has an opening but no commitment")),
                (None, None) => {}
            }
            None
        }
        other => return Err(fail(&format!("has the unknown state {other:?}"))),
    };
    let digest = parsed_digest(&id, record, "submitted_at", commitment)
        .map_err(|e| fail(&format!("is not canonical JSON: {e}")))?;
    Ok(Receipt {
        id,
        digest,
        deletion,
    })
}

/// [`shared_digest`] of a parsed receipt or `receipt_shared` entry, its
/// time under `at`.
fn parsed_digest(
    id: &str,
    record: &Map<String, Value>,
    at: &str,
    commitment: Option<&str>,
) -> Result<Hash, CanonicalError> {
    let facts = PLAIN_FACTS.map(|(name, _)| record.get(if name == "at" { at } else { name }));
    let mut canonical: [Option<Vec<u8>>; 6] = Default::default();
    for (bytes, value) in canonical.iter_mut().zip(facts) {
        *bytes = value.map(to_canonical_vec).transpose()?;
    }
    let fact = |name: &str| {
        let k = PLAIN_FACTS.iter().position(|(n, _)| *n == name)?;
        canonical[k].as_deref()
    };
    Ok(shared_digest(id, fact, commitment))
}

/// The digest a `receipt_shared` entry gives, to compare with its receipt's.
pub fn shared_entry_digest(fields: &Map<String, Value>) -> Result<Hash, String> {
    let id = text(fields, "receipt").unwrap_or_default();
    parsed_digest(id, fields, "at", text(fields, "record")).map_err(|e| e.to_string())
}

/// The digest of a receipt's id, its plain facts (the canonical bytes of
/// each, from `fact`) and its commitment (in either case), each part
/// preceded by its length.
fn shared_digest<'a>(
    id: &str,
    fact: impl Fn(&str) -> Option<&'a [u8]>,
    commitment: Option<&str>,
) -> Hash {
    let mut hash = Sha256::new();
    let mut part = |bytes: &[u8]| {
        hash.update((bytes.len() as u64).to_be_bytes());
        hash.update(bytes);
    };
    part(id.as_bytes());
    for (name, default) in PLAIN_FACTS {
        part(fact(name).unwrap_or(default));
    }
    let commitment = commitment.unwrap_or("none");
    let mut lower = [0u8; 64];
    match lower.get_mut(..commitment.len()) {
        Some(lower) => {
            lower.copy_from_slice(commitment.as_bytes());
            lower.make_ascii_lowercase();
            part(lower);
        }
        None => part(commitment.to_ascii_lowercase().as_bytes()),
    }
    hash.finalize().into()
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::proof::merkle::to_hex;

    fn canonical(value: &Value) -> Vec<u8> {
        to_canonical_vec(value).unwrap()
    }

    /// A live receipt as an export writes it, its commitment and entry.
    fn live() -> (Value, Value) {
        let opening = [7u8; 32];
        let mut record = json!({
            "id": "abcdefghij", "submitted_at": "2026-03-20T10:00:00Z", "month": "2026-03",
            "category": "grocery", "withheld": {"email": 1}, "shared_by_choice": {},
            "health_consent": false, "state": "counted",
            "fields": {"merchant": "Corner \"Shop\"", "purchase_date": "2026-03-19",
                       "total_minor": 1250, "currency": "EUR",
                       "items": [{"description": "Bread", "amount_minor": 250}]},
            "shared_content": {"mime": "text/plain", "size": 10, "sha256": "ab".repeat(32)},
            "device": null, "deleted": null,
        });
        let commitment = commit(&opening, &receipt_view(record.as_object().unwrap())).unwrap();
        record["commitment"] = json!(to_hex(&commitment));
        record["opening"] = json!(to_hex(&opening));
        let entry = json!({
            "at": "2026-03-20T10:00:00Z", "event": "receipt_shared", "seq": 3,
            "receipt": "abcdefghij", "month": "2026-03", "category": "grocery",
            "withheld": {"email": 1}, "health_consent": false,
            "record": to_hex(&commitment), "v": 2,
        });
        (record, entry)
    }

    fn both_ways(record: &Value) -> (Result<Receipt, Problem>, Result<Receipt, Problem>) {
        let bytes = serde_json::to_vec(record).unwrap();
        let mut c = Canonical::default();
        c.object(&bytes).unwrap();
        let in_place = receipt_in_place(&bytes, &c).expect("a plain record is read in place");
        (in_place, receipt(record.as_object().unwrap()))
    }

    fn same(a: &Result<Receipt, Problem>, b: &Result<Receipt, Problem>) -> bool {
        match (a, b) {
            (Ok(a), Ok(b)) => a.id == b.id && a.digest == b.digest && a.deletion == b.deletion,
            (Err(a), Err(b)) => a == b,
            _ => false,
        }
    }

    #[test]
    fn a_receipt_read_in_place_matches_its_parse_and_its_entry() {
        let (record, entry) = live();
        let (in_place, parsed) = both_ways(&record);
        assert!(same(&in_place, &parsed));
        let raw = canonical(&entry);
        let from_entry = entry_parsed(leaf_hash(&raw), &raw).unwrap();
        let mut members = Vec::new();
        scan::canonical_members(&raw, &mut members).unwrap();
        let fast = entry_in_place(leaf_hash(&raw), &raw, &members).unwrap();
        let (Detail::Shared { digest: a, .. }, Detail::Shared { digest: b, .. }) =
            (&from_entry.detail, &fast.detail)
        else {
            panic!("a receipt_shared entry");
        };
        assert_eq!(a, b);
        assert_eq!(*a, in_place.unwrap().digest);
        assert_eq!((fast.seq, fast.receipt.as_str()), (3, "abcdefghij"));
    }

    #[test]
    fn tampered_receipts_fail_alike_both_ways() {
        let (record, _) = live();
        let tampers: [(&str, Value); 8] = [
            ("category", json!("pharmacy")),
            ("state", json!("deleted")),
            ("state", json!("lost")),
            ("opening", json!("zz")),
            ("opening", Value::Null),
            ("commitment", Value::Null),
            ("deleted", json!({"at": "x", "cause": "panelist"})),
            ("id", json!("")),
        ];
        for (key, value) in tampers {
            let mut copy = record.clone();
            copy[key] = value.clone();
            let (in_place, parsed) = both_ways(&copy);
            assert!(same(&in_place, &parsed), "{key} = {value}");
        }
        let mut copy = record.clone();
        copy["fields"]["total_minor"] = json!(1);
        let (in_place, parsed) = both_ways(&copy);
        assert!(in_place.is_err() && same(&in_place, &parsed));
        let mut deleted = record;
        for key in ["fields", "shared_content", "opening"] {
            deleted[key] = Value::Null;
        }
        deleted["state"] = json!("deleted");
        deleted["deleted"] = json!({"at": "2026-03-21T00:00:00Z", "cause": "panelist"});
        let (in_place, parsed) = both_ways(&deleted);
        assert!(in_place.as_ref().is_ok_and(|r| r.deletion.is_some()));
        assert!(same(&in_place, &parsed));
    }

    #[test]
    fn entries_are_refused_alike_both_ways() {
        let (_, shared) = live();
        let raw = String::from_utf8(canonical(&shared)).unwrap();
        for bad in [
            raw.replacen(',', ", ", 1),
            raw.replacen('{', "{\"zz\":1.5,", 1),
            raw.replacen('{', "{\"seq\":1,", 1),
            raw.replacen("\"seq\":3", "\"seq\":-3", 1),
            "[1]".to_string(),
        ] {
            let bytes = bad.as_bytes();
            let leaf = to_hex(&leaf_hash(bytes));
            let via = entry(&leaf, bytes, &mut Vec::new());
            assert!(via.is_err(), "{bad}");
            assert_eq!(
                via.err(),
                entry_parsed(leaf_hash(bytes), bytes).err(),
                "{bad}"
            );
        }
        let bytes = raw.as_bytes();
        assert_eq!(
            entry(&"00".repeat(32), bytes, &mut Vec::new()).err(),
            Some(EntryFault::Altered)
        );
    }
}
