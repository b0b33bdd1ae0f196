//! Extraction: the fields of a receipt from its document, with the
//! panelist's corrections on top.
//!
//! Plain-text e-receipts are read with simple rules (merchant on the first
//! line, the first date, the amount on a total line); any field given on the
//! command line replaces what was read.

mod text_rules;

use chrono::NaiveDate;
use serde::Serialize;

use crate::intake::{Body, Document, SourceKind};
use crate::money::Money;

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

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fields {
    pub merchant: Option<String>,
    pub purchase_date: Option<NaiveDate>,
    pub total: Option<Money>,
    pub category: String,
    /// Used when no total gives a currency.
    pub default_currency: String,
}

/// Fields the panelist wrote on the command line.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub merchant: Option<String>,
    pub purchase_date: Option<NaiveDate>,
    pub total: Option<Money>,
    pub category: Option<String>,
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
}

pub fn extract(document: &Document, overrides: &Overrides, default_currency: &str) -> Fields {
    let read = match &document.body {
        Body::Text(text) if document.kind == SourceKind::Email => {
            text_rules::read(text_rules::email_body(text), default_currency)
        }
        Body::Text(text) => text_rules::read(text, default_currency),
        Body::Picture(_) | Body::Opaque => text_rules::Read::default(),
    };
    Fields {
        merchant: overrides.merchant.clone().or(read.merchant),
        purchase_date: overrides.purchase_date.or(read.purchase_date),
        total: overrides.total.clone().or(read.total),
        category: overrides
            .category
            .clone()
            .map(|c| normalise_category(&c))
            .unwrap_or_else(|| "other".to_string()),
        default_currency: default_currency.to_string(),
    }
}

/// Lower case with single spaces: `"Department  Store"` → `"department store"`.
pub fn normalise_category(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}
