//! Plan: the one place that decides what leaves the panelist's hands.
//!
//! From the document, its fields, its findings and the panelist's choices,
//! the plan settles whether the receipt may be submitted at all, which
//! fields are kept, and the exact bytes that are shared: a picture with
//! every withheld finding painted over and re-encoded from pixels (which
//! drops every piece of metadata and anything after the image), or text
//! with each withheld span replaced by a marker of its kind. The store
//! records the plan's receipt ([`SharePlan::receipt`]) as it is.
//!
//! Health data goes further than a finding: a pharmacy or drugstore
//! receipt is itself health data, so without the panelist's consent its
//! line items are withheld from the fields and burnt out of the picture.

use std::collections::BTreeMap;
use std::ops::Range;

use anyhow::Result;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::device::DeviceInfo;
use crate::extract::{Fields, Item};
use crate::intake::{Body, Document, Picture};
use crate::privacy::{Findings, Found, Kind};
use crate::program::Program;
use crate::program::eligibility::{self, Ineligible};
use crate::program::receipt_marks::ReceiptMarks;
use crate::store::receipts::{NewReceipt, SharedBytes};

mod encode;
#[cfg(test)]
mod fuzz;
#[cfg(test)]
mod layout_tests;
mod policy;
mod redact;

pub use policy::{ChoiceError, SharingChoices};

use encode::encode_picture;

pub struct SharePlan {
    pub fields: Fields,
    pub source_kind: &'static str,
    /// SHA-256 of the original file, kept in memory only; the store keeps a
    /// keyed hash of it.
    pub content_digest: [u8; 32],
    pub shared: Option<SharedContent>,
    /// Kind → how many were withheld.
    pub withheld: BTreeMap<String, u64>,
    /// Kind → how many were found and shared by the panelist's choice.
    pub shared_findings: BTreeMap<String, u64>,
    pub health: Health,
    /// The withheld values, for the panelist's own preview on a terminal;
    /// empty unless [`SharingChoices::show_values`]. Never stored.
    pub preview_values: Vec<(Kind, String)>,
    /// Device data shared with the receipt, by the panelist's consent.
    pub device: Option<DeviceInfo>,
    /// The printed time and receipt number, which tell apart purchases of
    /// the same merchant, date and total. Kept as keyed hashes only.
    pub marks: ReceiptMarks,
}

impl SharePlan {
    /// The receipt the store records for this plan.
    pub fn receipt(&self) -> NewReceipt<'_> {
        NewReceipt {
            fields: &self.fields,
            source_kind: self.source_kind,
            content_digest: &self.content_digest,
            shared: self.shared.as_ref().map(|shared| SharedBytes {
                mime: shared.mime,
                bytes: &shared.bytes,
            }),
            withheld: &self.withheld,
            shared_findings: &self.shared_findings,
            health_consent: self.health.consent,
            device: self.device.as_ref(),
            marks: &self.marks,
        }
    }
}

/// What the plan decided about health data.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Health {
    /// A pharmacy or drugstore receipt.
    pub receipt: bool,
    /// The panelist consented to sharing this receipt's health data.
    pub consent: bool,
    /// Line items left out of the shared fields and content.
    pub items_withheld: u64,
}

pub struct SharedContent {
    pub mime: &'static str,
    pub bytes: Vec<u8>,
}

/// Everything that can stop a receipt before it reaches the store.
#[derive(Debug, thiserror::Error)]
pub enum Refusal {
    #[error(transparent)]
    Ineligible(#[from] Ineligible),
    #[error(transparent)]
    Failed(#[from] anyhow::Error),
}

const HEALTH_CATEGORIES: [&str; 2] = ["pharmacy", "drugstore"];

pub fn build(
    document: Document,
    fields: Fields,
    findings: &Findings,
    choices: &SharingChoices,
    rules: &Program,
    today: NaiveDate,
) -> Result<SharePlan, Refusal> {
    eligibility::check(
        &fields,
        document.hints.sender_domain.as_deref(),
        rules,
        today,
    )?;
    Ok(build_unchecked(document, fields, findings, choices)?)
}

/// The plan [`build`] makes, without asking whether the program accepts
/// the receipt: what a dry run shows for a receipt it would refuse.
pub fn build_unchecked(
    document: Document,
    mut fields: Fields,
    findings: &Findings,
    choices: &SharingChoices,
) -> Result<SharePlan> {
    if fields.category.trim().is_empty() {
        fields.category = "other".into();
    }
    let withheld_found: Vec<&Found> = findings
        .found
        .iter()
        .filter(|f| !choices.shares(f.kind))
        .collect();
    let health_receipt = findings.looked_for_health
        && (findings.health_markers > 0 || HEALTH_CATEGORIES.contains(&fields.category.as_str()));
    let items_out = withhold_items(
        &mut fields,
        &document,
        &withheld_found,
        health_receipt,
        choices.consent_health,
    );
    let health = Health {
        receipt: health_receipt,
        consent: choices.consent_health,
        items_withheld: items_out.len() as u64,
    };

    let mut withheld = named(findings.counts(|k| !choices.shares(k)));
    if health.items_withheld > 0 {
        let count = withheld.entry(Kind::Health.to_string()).or_insert(0);
        *count = health.items_withheld.max(*count);
    }
    let shared_findings = named(findings.counts(|k| choices.shares(k)));
    let preview_values = match choices.show_values {
        true => values(&document, &withheld_found),
        false => Vec::new(),
    };

    let marks = ReceiptMarks::of_document(&document);
    let shared = match document.body {
        Body::Picture(picture) => {
            let boxes = boxes_to_paint(&picture, &withheld_found, &items_out);
            let painted = redact::paint(&picture.pixels, &boxes);
            Some(encode_picture(&painted, document.kind)?)
        }
        Body::Text(text) => {
            let mut spans: Vec<(&str, Range<usize>)> = withheld_found
                .iter()
                .map(|f| (f.kind.as_str(), f.span.clone()))
                .collect();
            spans.extend(
                redact::item_lines(&text, &items_out)
                    .into_iter()
                    .map(|line| (Kind::Health.as_str(), line)),
            );
            Some(SharedContent {
                mime: "text/plain; charset=utf-8",
                bytes: redact::redact_text(&text, &spans).into_bytes(),
            })
        }
        Body::Opaque => None,
    };
    Ok(SharePlan {
        fields,
        source_kind: document.kind.as_str(),
        content_digest: document.digest,
        shared,
        withheld,
        shared_findings,
        health,
        preview_values,
        device: choices.device.clone(),
        marks,
    })
}

/// Takes out of `fields` the items that are health data and returns them:
/// every item of a health receipt, or on another receipt the items printed
/// on a withheld health line. Nothing when health data is shared.
fn withhold_items(
    fields: &mut Fields,
    document: &Document,
    withheld: &[&Found],
    health_receipt: bool,
    consent: bool,
) -> Vec<Item> {
    if consent {
        return Vec::new();
    }
    let health_lines: Vec<&Found> = withheld
        .iter()
        .copied()
        .filter(|f| f.kind == Kind::Health)
        .collect();
    let items = std::mem::take(&mut fields.items);
    let (out, kept): (Vec<Item>, Vec<Item>) = items.into_iter().partition(|item| {
        health_receipt
            || health_lines.iter().any(|line| {
                let printed = text_of(document, line).and_then(|t| t.get(line.span.clone()));
                printed.is_some_and(|text| {
                    !redact::item_lines(text, std::slice::from_ref(item)).is_empty()
                })
            })
    });
    fields.items = kept;
    out
}

/// Every box to paint on a picture: the words of each withheld finding, and
/// the rows of each withheld item in every reading.
fn boxes_to_paint(picture: &Picture, withheld: &[&Found], items: &[Item]) -> Vec<[u32; 4]> {
    let mut boxes: Vec<[u32; 4]> = withheld
        .iter()
        .flat_map(|f| f.boxes.iter().copied())
        .collect();
    for (n, reading) in picture.all_readings().enumerate() {
        for line in redact::item_lines(&reading.text, items) {
            boxes.extend(crate::privacy::words_in(picture, n, &line));
        }
    }
    boxes
}

/// The text a finding's span is in.
fn text_of<'a>(document: &'a Document, found: &Found) -> Option<&'a str> {
    match &document.body {
        Body::Text(text) => Some(text),
        Body::Picture(picture) => picture.reading(found.reading).map(|r| r.text.as_str()),
        Body::Opaque => None,
    }
}

/// The withheld values, each kind and value once.
fn values(document: &Document, withheld: &[&Found]) -> Vec<(Kind, String)> {
    let mut values: Vec<(Kind, String)> = Vec::new();
    for found in withheld {
        let Some(value) = text_of(document, found).and_then(|t| t.get(found.span.clone())) else {
            continue;
        };
        let value = value.split_whitespace().collect::<Vec<_>>().join(" ");
        if !values.iter().any(|(k, v)| *k == found.kind && *v == value) {
            values.push((found.kind, value));
        }
    }
    values
}

fn named(counts: BTreeMap<Kind, u64>) -> BTreeMap<String, u64> {
    counts
        .into_iter()
        .map(|(kind, n)| (kind.to_string(), n))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::Confidence;
    use crate::money::Money;
    use crate::privacy::{DetectorConfig, detect_with};

    const TODAY: &str = "2026-03-20";

    fn fields(category: &str, items: &[&str]) -> Fields {
        Fields {
            merchant: Some("Green Pharmacy".into()),
            purchase_date: Some("2026-03-19".parse().unwrap()),
            total: Some(Money::parse("9.90", "USD").unwrap()),
            category: category.into(),
            default_currency: "USD".into(),
            items: items
                .iter()
                .map(|d| Item {
                    description: (*d).into(),
                    quantity: 1,
                    amount_minor: 100,
                })
                .collect(),
            confidence: Confidence::default(),
        }
    }

    /// A white picture with one row of 40-pixel-wide words per line of
    /// `lines`, 30 pixels apart, read once.
    fn picture(lines: &[&str]) -> Document {
        crate::intake::drawn::white_picture(crate::intake::drawn::grid(lines, 50, 40))
    }

    fn plan(document: Document, fields: Fields, choices: &SharingChoices) -> SharePlan {
        let findings = detect_with(&document, &DetectorConfig::default());
        let today = TODAY.parse().unwrap();
        match build(
            document,
            fields,
            &findings,
            choices,
            &Program::default(),
            today,
        ) {
            Ok(plan) => plan,
            Err(e) => panic!("{e}"),
        }
    }

    fn shared_pixels(plan: &SharePlan) -> image::GrayImage {
        let bytes = &plan.shared.as_ref().unwrap().bytes;
        image::load_from_memory(bytes).unwrap().to_luma8()
    }

    #[test]
    fn a_withheld_card_is_painted_and_a_shared_one_is_not() {
        let lines = ["CORNER SHOP", "CARD XXXXXXXXXXXX4318", "TOTAL 9.90"];
        let withheld = plan(
            picture(&lines),
            fields("grocery", &[]),
            &SharingChoices::default(),
        );
        assert_eq!(withheld.withheld["card"], 1);
        let pixels = shared_pixels(&withheld);
        // The card's word is the second on the second row.
        assert_eq!(pixels.get_pixel(80, 46).0, [redact::PAINT]);
        assert_eq!(pixels.get_pixel(20, 16).0, [255], "the shop's name stays");

        let choices = SharingChoices::new(&[], &[Kind::Card], &[], false).unwrap();
        let shared = plan(picture(&lines), fields("grocery", &[]), &choices);
        assert!(shared.withheld.is_empty());
        assert_eq!(shared.shared_findings["card"], 1);
        assert_eq!(shared_pixels(&shared).get_pixel(80, 46).0, [255]);
    }

    #[test]
    fn a_pharmacy_keeps_its_items_back_without_consent() {
        let lines = ["GREEN PHARMACY", "Lozenges 9.90", "TOTAL 9.90"];
        let plain = plan(
            picture(&lines),
            fields("pharmacy", &["Lozenges"]),
            &SharingChoices::default(),
        );
        assert!(plain.health.receipt);
        assert!(plain.fields.items.is_empty());
        assert_eq!(plain.health.items_withheld, 1);
        assert_eq!(plain.withheld["health"], 1);
        assert_eq!(
            shared_pixels(&plain).get_pixel(20, 46).0,
            [redact::PAINT],
            "the item's row is painted"
        );

        let choices = SharingChoices::new(&[], &[], &[], true).unwrap();
        let consented = plan(picture(&lines), fields("pharmacy", &["Lozenges"]), &choices);
        assert_eq!(consented.fields.items.len(), 1);
        assert!(consented.health.consent);
        assert!(consented.withheld.is_empty());
        assert_eq!(shared_pixels(&consented).get_pixel(20, 46).0, [255]);
    }

    #[test]
    fn elsewhere_only_the_items_on_medicine_lines_are_withheld() {
        let lines = ["CORNER SHOP", "Paracetamol 500mg 2.50", "Bread 1.20"];
        let plan = plan(
            picture(&lines),
            fields("grocery", &["Paracetamol 500mg", "Bread"]),
            &SharingChoices::default(),
        );
        assert!(!plan.health.receipt);
        let kept: Vec<&str> = plan
            .fields
            .items
            .iter()
            .map(|i| i.description.as_str())
            .collect();
        assert_eq!(kept, ["Bread"]);
        assert_eq!(plan.health.items_withheld, 1);
    }

    #[test]
    fn values_are_kept_only_for_a_preview() {
        let lines = ["SHOP", "mail jane@example.com"];
        let quiet = plan(
            picture(&lines),
            fields("grocery", &[]),
            &SharingChoices::default(),
        );
        assert!(quiet.preview_values.is_empty());
        let mut choices = SharingChoices::default();
        choices.show_values = true;
        let shown = plan(picture(&lines), fields("grocery", &[]), &choices);
        assert_eq!(
            shown.preview_values,
            [(Kind::Email, "jane@example.com".to_string())]
        );
    }
}
