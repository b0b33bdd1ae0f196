//! A receipt as an export writes it: RFC 8785 canonical JSON, written
//! straight from the store's row.
//!
//! Building a `serde_json::Value` per receipt to get sorted members cost an
//! allocation per string and map and was most of an export's own time. The
//! views here declare the members in canonical order instead, so serde
//! writes them sorted in one go; serde_json's compact output escapes
//! strings as RFC 8785 does. Being canonical, the record is also what
//! `verify` reads fastest: it checks it where it lies.
//!
//! Every view takes its record apart member by member, so a member added to
//! a record fails to compile here until it is given its place.

use std::collections::BTreeMap;

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};
use serde_json::value::RawValue;

use crate::extract::Item;
use crate::proof::canonical::to_canonical_string;
use crate::store::audit::{AuditReceipt, Deletion, SharedContentFacts, SharedFields};

/// Appends `receipt` in canonical form to `out`, with `"type":kind` among
/// its members when `kind` is given (a JSONL line).
pub fn write(
    out: &mut Vec<u8>,
    receipt: &AuditReceipt,
    kind: Option<&str>,
) -> serde_json::Result<()> {
    serde_json::to_writer(out, &view(receipt, kind))
}

/// The members of a receipt, in canonical order.
#[derive(Serialize)]
struct ReceiptView<'a> {
    category: &'a str,
    commitment: &'a Option<String>,
    deleted: Option<DeletionView<'a>>,
    device: Option<Canonical<'a>>,
    fields: Option<FieldsView<'a>>,
    health_consent: bool,
    id: &'a str,
    month: &'a str,
    opening: &'a Option<String>,
    shared_by_choice: Counts<'a>,
    shared_content: Option<ContentView<'a>>,
    state: &'a str,
    submitted_at: &'a str,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    kind: Option<&'a str>,
    withheld: Counts<'a>,
}

fn view<'a>(receipt: &'a AuditReceipt, kind: Option<&'a str>) -> ReceiptView<'a> {
    let AuditReceipt {
        id,
        submitted_at,
        month,
        category,
        withheld,
        shared_by_choice,
        health_consent,
        state,
        fields,
        shared_content,
        device,
        deleted,
        commitment,
        opening,
    } = receipt;
    ReceiptView {
        category,
        commitment,
        deleted: deleted.as_ref().map(DeletionView::of),
        device: device.as_ref().map(Canonical),
        fields: fields.as_ref().map(FieldsView::of),
        health_consent: *health_consent,
        id,
        month,
        opening,
        shared_by_choice: Counts(shared_by_choice),
        shared_content: shared_content.as_ref().map(ContentView::of),
        state,
        submitted_at,
        kind,
        withheld: Counts(withheld),
    }
}

#[derive(Serialize)]
struct DeletionView<'a> {
    at: &'a str,
    cause: &'a str,
}

impl<'a> DeletionView<'a> {
    fn of(deletion: &'a Deletion) -> Self {
        let Deletion { at, cause } = deletion;
        DeletionView { at, cause }
    }
}

#[derive(Serialize)]
struct FieldsView<'a> {
    currency: &'a str,
    items: Vec<ItemView<'a>>,
    merchant: &'a Option<String>,
    purchase_date: &'a Option<String>,
    total_minor: Option<i64>,
}

impl<'a> FieldsView<'a> {
    fn of(fields: &'a SharedFields) -> Self {
        let SharedFields {
            merchant,
            purchase_date,
            total_minor,
            currency,
            items,
        } = fields;
        FieldsView {
            currency,
            items: items.iter().map(ItemView::of).collect(),
            merchant,
            purchase_date,
            total_minor: *total_minor,
        }
    }
}

#[derive(Serialize)]
struct ItemView<'a> {
    amount_minor: i64,
    description: &'a str,
    quantity: u32,
}

impl<'a> ItemView<'a> {
    fn of(item: &'a Item) -> Self {
        let Item {
            description,
            quantity,
            amount_minor,
        } = item;
        ItemView {
            amount_minor: *amount_minor,
            description,
            quantity: *quantity,
        }
    }
}

#[derive(Serialize)]
struct ContentView<'a> {
    mime: &'a str,
    sha256: &'a str,
    size: u64,
}

impl<'a> ContentView<'a> {
    fn of(content: &'a SharedContentFacts) -> Self {
        let SharedContentFacts { mime, size, sha256 } = content;
        ContentView {
            mime,
            sha256,
            size: *size,
        }
    }
}

/// Counts by kind. A map sorts its keys by bytes, which is RFC 8785's order
/// unless a key holds a character from U+E000 on; such keys are sorted by
/// UTF-16 code units, as RFC 8785 does.
struct Counts<'a>(&'a BTreeMap<String, u64>);

impl Serialize for Counts<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut entries: Vec<(&String, &u64)> = self.0.iter().collect();
        if entries.iter().any(|(k, _)| k.bytes().any(|b| b >= 0xEE)) {
            entries.sort_by(|(a, _), (b, _)| a.encode_utf16().cmp(b.encode_utf16()));
        }
        let mut map = serializer.serialize_map(Some(entries.len()))?;
        for (k, v) in entries {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

/// A free-form value (device data) in canonical form. One that has none
/// (a float) is written as it is, as before: its receipt could not have been
/// committed to, so nothing is lost.
struct Canonical<'a>(&'a serde_json::Value);

impl Serialize for Canonical<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match to_canonical_string(self.0)
            .ok()
            .and_then(|text| RawValue::from_string(text).ok())
        {
            Some(raw) => raw.serialize(serializer),
            None => self.0.serialize(serializer),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::proof::canonical::to_canonical_vec;
    use serde_json::{Value, json};

    fn receipts() -> Vec<AuditReceipt> {
        let live = AuditReceipt {
            id: "abcdefghij".into(),
            submitted_at: "2026-03-20T10:00:00Z".into(),
            month: "2026-03".into(),
            category: "grocery".into(),
            withheld: BTreeMap::from([("email".into(), 1), ("phone".into(), 2)]),
            shared_by_choice: BTreeMap::from([
                ("\u{e000}".into(), 1),
                ("\u{1f600}".into(), 2),
                ("z".into(), 3),
            ]),
            health_consent: true,
            state: "counted".into(),
            fields: Some(SharedFields {
                merchant: Some("Caf\u{e9} \"Ecke\" \\ \u{1}\n\u{7f}/\u{2028}".into()),
                purchase_date: Some("2026-03-19".into()),
                total_minor: Some(-1250),
                currency: "EUR".into(),
                items: vec![Item {
                    description: "Brot\t1".into(),
                    quantity: 2,
                    amount_minor: 250,
                }],
            }),
            shared_content: Some(SharedContentFacts {
                mime: "text/plain; charset=utf-8".into(),
                size: 79,
                sha256: "ab".repeat(32),
            }),
            device: Some(json!({"os": "linux", "model": null, "app": {"z": 1, "a": [true]}})),
            deleted: None,
            commitment: Some("cd".repeat(32)),
            opening: Some("ef".repeat(32)),
        };
        let deleted = AuditReceipt {
            state: "deleted".into(),
            fields: None,
            shared_content: None,
            device: None,
            deleted: Some(Deletion {
                at: "2026-03-21T00:00:00Z".into(),
                cause: "panelist".into(),
            }),
            opening: None,
            commitment: None,
            withheld: BTreeMap::new(),
            shared_by_choice: BTreeMap::new(),
            ..live.clone()
        };
        let mut no_fields = live.clone();
        no_fields.fields = Some(SharedFields {
            merchant: None,
            purchase_date: None,
            total_minor: None,
            currency: "USD".into(),
            items: Vec::new(),
        });
        vec![live, deleted, no_fields]
    }

    #[test]
    fn receipts_are_written_as_their_canonical_form() {
        for receipt in receipts() {
            for kind in [None, Some("receipt")] {
                let mut expected = serde_json::to_value(&receipt).unwrap();
                if let Some(kind) = kind {
                    expected["type"] = json!(kind);
                }
                let mut written = Vec::new();
                write(&mut written, &receipt, kind).unwrap();
                assert_eq!(
                    String::from_utf8(written.clone()).unwrap(),
                    String::from_utf8(to_canonical_vec(&expected).unwrap()).unwrap()
                );
                let parsed: Value = serde_json::from_slice(&written).unwrap();
                assert_eq!(parsed, expected);
            }
        }
    }

    #[test]
    fn device_data_without_a_canonical_form_is_written_as_it_is() {
        let mut receipt = receipts().remove(0);
        receipt.device = Some(json!({"ratio": 1.5}));
        let mut written = Vec::new();
        write(&mut written, &receipt, None).unwrap();
        let parsed: Value = serde_json::from_slice(&written).unwrap();
        assert_eq!(parsed["device"], json!({"ratio": 1.5}));
    }
}
