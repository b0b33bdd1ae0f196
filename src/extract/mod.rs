//! Extraction: the fields of a receipt from its document, with the
//! panelist's corrections on top.
//!
//! Typed text (plain text, e-mails, PDFs) and OCR readings are read the
//! same way ([`receipt`]), OCR lines carrying their words' confidence and
//! height. For each field every candidate is found (every amount, every
//! date, the header lines), described by features and weighed by a model
//! learned from development receipts ([`model`]); the receipt's own locale
//! ([`locale`]) decides how its dates and amounts are read, the settings
//! only where it says nothing. When a picture was read twice, each field
//! is taken from the reading that is surer of it. Every field has a
//! confidence from 0 to 100, the model's probability that it is right;
//! those below [`REVIEW_BELOW`] are flagged for the panelist to check. Any
//! field given on the command line replaces what was read, with full
//! confidence.

pub mod amounts;
pub mod category;
pub mod dates;
mod items;
pub mod locale;
mod merchant;
mod merchant_name;
pub mod model;
pub mod page;
mod purchase_date;
pub mod receipt;
mod rows_to_reread;
mod scored;
mod sums;
mod text_rules;
mod total;
mod words;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::intake::{Body, Document, Hints, Reading};
use crate::money::Money;

pub use dates::DateOrder;
pub use items::Item;
pub use page::ocr_lines;
pub use rows_to_reread::line_rereads;
pub use scored::Scored;
pub use text_rules::normalise_merchant;

/// The categories receipts are sorted into.
pub const CATEGORIES: &[&str] = &[
    "grocery",
    "pharmacy",
    "drugstore",
    "restaurant",
    "cinema",
    "department store",
    "electronics",
    "hardware",
    "fuel",
    "other",
];

/// A field read with less confidence than this is flagged for review.
pub const REVIEW_BELOW: u8 = 60;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Fields {
    pub merchant: Option<String>,
    pub purchase_date: Option<NaiveDate>,
    pub total: Option<Money>,
    pub category: String,
    /// Used when no total gives a currency.
    pub default_currency: String,
    pub items: Vec<Item>,
    pub confidence: Confidence,
}

/// How sure the reading is of each field, 0 to 100 (100: given by the
/// panelist).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Confidence {
    pub merchant: u8,
    pub purchase_date: u8,
    pub total: u8,
    pub category: u8,
}

/// Fields the panelist wrote on the command line.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub merchant: Option<String>,
    pub purchase_date: Option<NaiveDate>,
    pub total: Option<Money>,
    pub category: Option<String>,
}

impl Overrides {
    /// Merchant, date and total are all given: nothing needs reading.
    pub fn complete(&self) -> bool {
        self.merchant.is_some() && self.purchase_date.is_some() && self.total.is_some()
    }
}

/// What extraction needs to know beyond the document.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The currency when the receipt prints none and its language implies
    /// none.
    pub default_currency: String,
    /// The order of day and month where the receipt leaves it open;
    /// `None`: what the receipt's currency suggests.
    pub date_order: Option<DateOrder>,
    /// No purchase is later than this.
    pub today: NaiveDate,
}

impl Fields {
    pub fn currency(&self) -> &str {
        self.total
            .as_ref()
            .map_or(self.default_currency.as_str(), |t| t.currency.as_str())
    }

    /// What two submissions of one purchase share: merchant, date and total.
    /// `None` while any of them is unknown.
    pub fn duplicate_identity(&self) -> Option<String> {
        let merchant = normalise_merchant(self.merchant.as_deref()?);
        let date = self.purchase_date?;
        let total = self.total.as_ref()?;
        Some(format!(
            "{merchant}\n{date}\n{}\n{}",
            total.minor, total.currency
        ))
    }

    /// The fields the panelist should check: read with low confidence.
    pub fn to_review(&self) -> Vec<&'static str> {
        let c = &self.confidence;
        [
            ("merchant", self.merchant.is_some(), c.merchant),
            (
                "purchase_date",
                self.purchase_date.is_some(),
                c.purchase_date,
            ),
            ("total", self.total.is_some(), c.total),
            // "other" is what an unknown kind of shop is, not a guess.
            ("category", self.category != "other", c.category),
        ]
        .into_iter()
        .filter(|(_, known, conf)| *known && *conf < REVIEW_BELOW)
        .map(|(name, _, _)| name)
        .collect()
    }
}

fn context(hints: &Hints, settings: &Settings) -> page::Context {
    page::Context {
        default_currency: settings.default_currency.clone(),
        order: settings.date_order,
        latest: Some(settings.today),
        sender_name: hints.sender_name.clone(),
        sender_domain: hints.sender_domain.clone(),
        sent: hints.sent,
    }
}

/// Every field's candidates with their features in each reading of
/// `document`: what the weights are learned from.
pub fn candidates(document: &Document, settings: &Settings) -> Vec<receipt::Candidates> {
    let cx = context(&document.hints, settings);
    match &document.body {
        Body::Text(text) => vec![receipt::candidates(&page::typed_lines(text), &cx)],
        Body::Picture(picture) => picture
            .readings
            .iter()
            .map(|r| receipt::candidates(&ocr_lines(r), &cx))
            .collect(),
        Body::Opaque => Vec::new(),
    }
}

/// The names of a field's features ("total", "date" or "merchant"), in
/// the order [`candidates`] gives them.
pub fn feature_names(field: &str) -> &'static [&'static str] {
    match field {
        "total" => total::FEATURES,
        "date" => purchase_date::FEATURES,
        "merchant" => merchant::FEATURES,
        _ => &[],
    }
}

pub fn extract(document: &Document, overrides: &Overrides, settings: &Settings) -> Fields {
    let cx = context(&document.hints, settings);
    let read = match &document.body {
        Body::Text(text) => receipt::read(&page::typed_lines(text), &cx),
        Body::Picture(picture) => {
            let reads: Vec<receipt::Read> = picture
                .readings
                .iter()
                .map(|r| receipt::read(&ocr_lines(r), &cx))
                .collect();
            merge(reads)
        }
        Body::Opaque => receipt::Read::default(),
    };
    let given = |flag: bool, read: u8| if flag { 100 } else { read };
    let merchant_conf = read.merchant.as_ref().map_or(0, |m| m.confidence);
    let date_conf = read.purchase_date.map_or(0, |d| d.confidence);
    let total_conf = read.total.as_ref().map_or(0, |t| t.confidence);
    Fields {
        merchant: overrides
            .merchant
            .clone()
            .or(read.merchant.map(|m| m.value)),
        purchase_date: overrides
            .purchase_date
            .or(read.purchase_date.map(|d| d.value)),
        total: overrides.total.clone().or(read.total.map(|t| t.value)),
        category: overrides
            .category
            .clone()
            .map(|c| normalise_category(&c))
            .unwrap_or_else(|| read.category.value.clone()),
        default_currency: settings.default_currency.clone(),
        items: read.items,
        confidence: Confidence {
            merchant: given(overrides.merchant.is_some(), merchant_conf),
            purchase_date: given(overrides.purchase_date.is_some(), date_conf),
            total: given(overrides.total.is_some(), total_conf),
            category: given(overrides.category.is_some(), read.category.confidence),
        },
    }
}

/// Each field from the reading surest of it; agreeing readings are surer.
fn merge(reads: Vec<receipt::Read>) -> receipt::Read {
    fn pick<T: Clone + PartialEq>(values: Vec<Option<Scored<T>>>) -> Option<Scored<T>> {
        let mut best: Option<Scored<T>> = None;
        for v in values.iter().flatten() {
            if best.as_ref().is_none_or(|b| v.confidence > b.confidence) {
                best = Some(v.clone());
            }
        }
        let best = best?;
        let agree = values
            .iter()
            .flatten()
            .filter(|v| v.value == best.value)
            .count();
        let conf = best.confidence;
        let confidence = if agree > 1 {
            (conf as u32 + (100 - conf as u32) / 2) as u8
        } else {
            conf
        };
        Some(Scored { confidence, ..best })
    }
    let mut reads = reads;
    if reads.len() <= 1 {
        return reads.pop().unwrap_or_default();
    }
    let merchant = pick(reads.iter().map(|r| r.merchant.clone()).collect());
    let purchase_date = pick(reads.iter().map(|r| r.purchase_date).collect());
    let total = pick(reads.iter().map(|r| r.total.clone()).collect());
    let items_from = reads
        .iter()
        .max_by_key(|r| (r.total == total, r.items.len()))
        .map(|r| r.items.clone())
        .unwrap_or_default();
    let category = pick(reads.iter().map(|r| Some(r.category.clone())).collect())
        .unwrap_or(Scored::new("other".into(), 30));
    receipt::Read {
        merchant,
        purchase_date,
        total,
        items: items_from,
        category,
    }
}

/// A merchant read with less confidence than this asks for a second pass.
/// It is below [`REVIEW_BELOW`] because a name the first pass read at all
/// is seldom read better by the second. What the second pass finds is a
/// name the first lost entirely (a stamp, a logo's shadow), and then the
/// line read as the merchant instead is a very unsure one.
const SECOND_PASS_MERCHANT_BELOW: u8 = 40;

/// Whether a picture's first OCR reading leaves a field in doubt, so that
/// a second pass is worth its time. The fields are weighed as
/// [`extract`] weighs them, with the words' confidence and height, so
/// that a pass is spent where the final reading would be unsure.
pub fn is_unsure(reading: &Reading, settings: &Settings) -> bool {
    let read = read_alone(reading, settings);
    let below = |c: Option<u8>, limit: u8| c.is_none_or(|c| c < limit);
    below(read.total.map(|t| t.confidence), REVIEW_BELOW)
        || below(read.purchase_date.map(|d| d.confidence), REVIEW_BELOW)
        || below(
            read.merchant.map(|m| m.confidence),
            SECOND_PASS_MERCHANT_BELOW,
        )
}

/// One OCR reading extracted on its own, without hints: how the intake's
/// decisions on a first reading (a second pass, rows read again) weigh it.
fn read_alone(reading: &Reading, settings: &Settings) -> receipt::Read {
    receipt::read(&ocr_lines(reading), &context(&Hints::default(), settings))
}

/// The intake's second-pass decision: [`is_unsure`] with `settings`.
pub fn second_pass_when_unsure(settings: Settings) -> crate::intake::SecondPass {
    std::sync::Arc::new(move |reading: &Reading| is_unsure(reading, &settings))
}

/// A probability as a confidence from 0 to 100.
fn pct(p: f32) -> u8 {
    (p.clamp(0.0, 1.0) * 100.0).round() as u8
}

/// Lower case with single spaces: `"Department  Store"` → `"department store"`.
pub fn normalise_category(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::intake::drawn;

    fn settings() -> Settings {
        Settings {
            default_currency: "GBP".into(),
            date_order: None,
            today: NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
        }
    }

    const RECEIPT: &[&str] = &[
        "CORNER SHOP LTD",
        "12 High Street",
        "Date: 14/11/2026",
        "Milk 1.20",
        "Bread 2.30",
        "TOTAL 3.50",
        "CASH 5.00",
        "CHANGE 1.50",
    ];

    fn first_reading(lines: &[&str]) -> Reading {
        drawn::grid(lines, 80, 60)
    }

    #[test]
    fn a_clear_first_reading_needs_no_second_pass() {
        assert!(!is_unsure(&first_reading(RECEIPT), &settings()));
    }

    #[test]
    fn a_first_reading_without_a_total_line_asks_for_a_second_pass() {
        assert!(is_unsure(&first_reading(&RECEIPT[..5]), &settings()));
    }
}
