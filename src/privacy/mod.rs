//! Privacy: personal data found in a document, as kinds and places.
//!
//! A finding never carries the value it found, only where it is, so nothing
//! downstream can store or print it by mistake. The detectors read text: the
//! text of an e-receipt, or the rows OCR reads from a picture, one per line
//! so that a label on one line can name the value on the next; on a picture
//! a finding's place is the boxes of its words ([`detect_with`]).
//!
//! One detector per file; each can be switched off in [`DetectorConfig`].
//! Findings come back sorted and never overlapping: where two detectors claim
//! the same characters the more specific kind keeps them (a card number
//! inside an address stays a card) and the other keeps what is left.

mod address;
mod addressee;
mod card;
mod config;
mod email;
mod found;
mod health;
mod iban;
mod layout;
mod loyalty;
mod name;
mod name_words;
mod phone;
mod repeat;
mod text;
mod unlabelled;

use std::fmt;
use std::ops::Range;
use std::str::FromStr;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::intake::Document;

pub use card::luhn_valid;
pub use config::DetectorConfig;
pub use found::{Findings, Found, detect_with, words_in};
pub use iban::iban_valid;
pub use unlabelled::{
    FEATURES as NAME_LINE_FEATURES, NameLine, NameLineModel, fit_table as fit_name_lines,
    name_lines,
};

use text::Page;

/// The kinds of personal data the panel finds. The order is the order of
/// precedence when two findings claim the same characters.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Iban,
    Card,
    Email,
    Phone,
    Loyalty,
    Name,
    Address,
    Health,
}

impl Kind {
    pub const ALL: [Kind; 8] = [
        Kind::Iban,
        Kind::Card,
        Kind::Email,
        Kind::Phone,
        Kind::Loyalty,
        Kind::Name,
        Kind::Address,
        Kind::Health,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Email => "email",
            Kind::Phone => "phone",
            Kind::Card => "card",
            Kind::Iban => "iban",
            Kind::Name => "name",
            Kind::Loyalty => "loyalty",
            Kind::Address => "address",
            Kind::Health => "health",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A word that names no kind.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a kind of personal data; use one of: {kinds}", kinds = kind_list())]
pub struct UnknownKind(pub String);

fn kind_list() -> String {
    Kind::ALL.map(Kind::as_str).join(", ")
}

impl FromStr for Kind {
    type Err = UnknownKind;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Kind::ALL
            .into_iter()
            .find(|kind| kind.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| UnknownKind(s.to_string()))
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub kind: Kind,
    /// Byte range in the document's text.
    pub span: Range<usize>,
}

/// Findings in a document with every detector on.
pub fn detect(document: &Document) -> Findings {
    detect_with(document, &DetectorConfig::default())
}

/// Findings in text: sorted by place, none overlapping, each a byte range
/// of `text` on character boundaries.
pub fn detect_text(text: &str, config: &DetectorConfig) -> Vec<Finding> {
    on_page(text, &Page::new(text), config)
}

/// [`detect_text`] on `text` already split and folded into `page`.
fn on_page(text: &str, page: &Page, config: &DetectorConfig) -> Vec<Finding> {
    let mut found = Vec::new();
    let mut run = |kind: Kind, detector: fn(&Page) -> Vec<Range<usize>>| {
        if config.enabled(kind) {
            found.extend(
                detector(page)
                    .into_iter()
                    .map(|span| Finding { kind, span }),
            );
        }
    };
    run(Kind::Iban, iban::find);
    run(Kind::Card, card::find);
    run(Kind::Email, email::find);
    run(Kind::Phone, phone::find);
    run(Kind::Loyalty, loyalty::find);
    run(Kind::Name, name::find);
    run(Kind::Name, unlabelled::find);
    run(Kind::Address, address::find);
    run(Kind::Address, addressee::find);
    run(Kind::Health, health::find);
    resolve(text, found)
}

/// The findings and the number of health markers in `text`, which is
/// split and folded once for both.
pub(crate) fn findings_and_markers(text: &str, config: &DetectorConfig) -> (Vec<Finding>, usize) {
    let page = Page::new(text);
    let markers = match config.health {
        true => health::markers(&page).len(),
        false => 0,
    };
    (on_page(text, &page, config), markers)
}

/// Whether text read from a picture shows card digits. A receipt that
/// prints a card number often prints it again (the shop's copy and the
/// card slip), and a reading prepared for the fields can miss a faint
/// print: such a picture is worth one more look, unprepared.
pub fn prints_a_card(text: &str, config: &DetectorConfig) -> bool {
    config.card && !card::find(&Page::new(text)).is_empty()
}

/// Where text shows a pharmacy or drugstore (`Apotheke`, `PHARMACIE`,
/// `Watsons`, …): a sign that the whole receipt is health data. These are
/// kept apart from [`detect_text`] because they say what the receipt is
/// rather than mark a value to paint over: the merchant is a field of its
/// own, and the plan decides what a health receipt may share. Empty when
/// the health detector is off.
pub fn health_markers(text: &str, config: &DetectorConfig) -> Vec<Finding> {
    if !config.health {
        return Vec::new();
    }
    let page = Page::new(text);
    health::markers(&page)
        .into_iter()
        .map(|span| Finding {
            kind: Kind::Health,
            span,
        })
        .collect()
}

/// Sorts findings and settles overlaps: the kind first in [`Kind`] keeps
/// its characters, and a finding it cuts into keeps the pieces that still
/// hold a letter or digit.
fn resolve(text: &str, mut found: Vec<Finding>) -> Vec<Finding> {
    found.sort_by_key(|f| (f.kind, f.span.start, std::cmp::Reverse(f.span.end)));
    let mut kept: Vec<Finding> = Vec::new();
    for finding in found {
        let mut pieces = vec![finding.span.clone()];
        for taken in &kept {
            pieces = pieces
                .into_iter()
                .flat_map(|piece| cut(piece, &taken.span))
                .collect();
        }
        for piece in pieces {
            if let Some(span) = tidy(text, piece) {
                kept.push(Finding {
                    kind: finding.kind,
                    span,
                });
            }
        }
    }
    kept.sort_by_key(|f| (f.span.start, f.span.end));
    kept
}

/// `piece` without the characters of `taken`: none, one or two ranges.
fn cut(piece: Range<usize>, taken: &Range<usize>) -> Vec<Range<usize>> {
    if taken.end <= piece.start || piece.end <= taken.start {
        return vec![piece];
    }
    let mut out = Vec::new();
    if piece.start < taken.start {
        out.push(piece.start..taken.start);
    }
    if taken.end < piece.end {
        out.push(taken.end..piece.end);
    }
    out
}

/// A range trimmed of surrounding spaces and list marks, or `None` when
/// nothing of it is a letter or digit.
fn tidy(text: &str, span: Range<usize>) -> Option<Range<usize>> {
    let piece = text.get(span.clone())?;
    let edge = |c: char| c.is_whitespace() || ",;:|".contains(c);
    let body = piece.trim_matches(edge);
    if !body.chars().any(char::is_alphanumeric) {
        return None;
    }
    let start = span.start + (piece.len() - piece.trim_start_matches(edge).len());
    Some(start..start + body.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn found(text: &str) -> Vec<(Kind, &str)> {
        detect_text(text, &DetectorConfig::default())
            .into_iter()
            .map(|f| (f.kind, &text[f.span]))
            .collect()
    }

    /// The values of one kind found in `text`, in order.
    pub(crate) fn found_of(kind: Kind, text: &str) -> Vec<&str> {
        found(text)
            .into_iter()
            .filter(|(k, _)| *k == kind)
            .map(|(_, v)| v)
            .collect()
    }

    #[test]
    fn kinds_read_back_from_their_names() {
        for kind in Kind::ALL {
            assert_eq!(kind.as_str().parse::<Kind>(), Ok(kind));
            assert_eq!(kind.to_string(), kind.as_str());
        }
        assert_eq!("EMAIL".parse::<Kind>(), Ok(Kind::Email));
        let err = "gps".parse::<Kind>().unwrap_err().to_string();
        assert!(err.contains("iban, card, email"), "{err}");
    }

    #[test]
    fn findings_are_sorted_and_never_overlap() {
        let text = "BILL TO: JANE DOE\n12 HIGH ST\nLONDON\nTEL 020 7946 0018\nDATE: 01/02/2024\n";
        let findings = detect_text(text, &DetectorConfig::default());
        for pair in findings.windows(2) {
            assert!(pair[0].span.end <= pair[1].span.start, "{findings:?}");
        }
        assert_eq!(
            found(text),
            [
                (Kind::Name, "JANE DOE"),
                (Kind::Address, "12 HIGH ST\nLONDON"),
                (Kind::Phone, "020 7946 0018"),
            ]
        );
    }

    #[test]
    fn a_switched_off_detector_finds_nothing() {
        let text = "mail jane@example.com, card 4111 1111 1111 1111";
        let config = DetectorConfig::default().with(Kind::Email, false);
        let kinds: Vec<Kind> = detect_text(text, &config)
            .into_iter()
            .map(|f| f.kind)
            .collect();
        assert_eq!(kinds, [Kind::Card]);
        assert!(detect_text(text, &DetectorConfig::none()).is_empty());
    }

    #[test]
    fn overlaps_go_to_the_more_specific_kind() {
        let text = "xx 4111 1111 1111 1111 yy";
        let found = resolve(
            text,
            vec![
                Finding {
                    kind: Kind::Address,
                    span: 0..text.len(),
                },
                Finding {
                    kind: Kind::Card,
                    span: 3..22,
                },
            ],
        );
        let got: Vec<(Kind, &str)> = found
            .iter()
            .map(|f| (f.kind, &text[f.span.clone()]))
            .collect();
        assert_eq!(
            got,
            [
                (Kind::Address, "xx"),
                (Kind::Card, "4111 1111 1111 1111"),
                (Kind::Address, "yy")
            ]
        );
    }

    /// Receipts written for these tests, one per language, with every kind
    /// the panel finds and the numbers it must leave alone (dates, totals,
    /// tax and registration numbers, order numbers).
    #[test]
    fn finds_every_kind_in_receipts_made_for_the_tests() {
        use Kind::*;
        let german = include_str!("../../tests/fixtures/privacy/de-apotheke.txt");
        assert_eq!(
            found(german),
            [
                (Name, "Dr. Petra Beispiel"),
                (Phone, "05251 / 123456"),
                (Phone, "05251/123457"),
                (Email, "info@linden-apotheke.example"),
                (Loyalty, "10047119"),
                (Name, "Max Mustermann"),
                (Address, "Gartenweg 7, 33100 Paderborn"),
                (
                    Health,
                    "PZN 01234567 Ibuprofen AL 400 mg 20 Filmtabletten    4,49 A"
                ),
                (
                    Health,
                    "PZN 07654321 Nasenspray ratiopharm 10 ml             2,95 A"
                ),
                (
                    Health,
                    "Gesetzl. Zuzahlung                                    5,00"
                ),
                (Card, "############4821"),
                (Iban, "DE89 3704 0044 0532 0130 00"),
                (Name, "Frau Yilmaz"),
            ]
        );
        let french = include_str!("../../tests/fixtures/privacy/fr-pharmacie.txt");
        assert_eq!(
            found(french),
            [
                (Phone, "04 72 00 00 00"),
                (Name, "Amélie"),
                (Name, "Mme Claire Dupont"),
                (Loyalty, "00123456"),
                (Health, "Doliprane 1000 mg 8 comprimés            2,18"),
                (Health, "Smecta 3 g 30 sachets                     3,95"),
                (Health, "Test de grossesse x1                      6,50"),
                (Card, "**** **** **** 7731"),
            ]
        );
        let english = include_str!("../../tests/fixtures/privacy/en-online-order.txt");
        assert_eq!(
            found(english),
            [
                (Email, "orders@shop.example"),
                (Name, "Jane Q. Public"),
                (Address, "42 Elm Street\nSpringfield, IL 62704"),
                (Phone, "(217) 555-0142"),
                (Name, "Jane Q. Public"),
                (Address, "c/o"),
                (Name, "Mr John Public"),
                (Address, "7 Harbour Road\nPortland, ME 04101"),
                (Card, "4242"),
                (Phone, "1-800-555-0199"),
                (Email, "help@shop.example"),
                (Loyalty, "RWD-88213377"),
            ]
        );
        let markers = |text: &str| -> Vec<String> {
            health_markers(text, &DetectorConfig::default())
                .into_iter()
                .map(|f| text[f.span].to_string())
                .collect()
        };
        assert_eq!(markers(german), ["Apotheke", "apotheke"]);
        assert_eq!(markers(french), ["PHARMACIE"]);
        assert!(markers(english).is_empty());
    }

    #[test]
    fn pharmacy_markers_are_not_findings_to_paint_over() {
        let text = "Marigold Pharmacy Ltd\n2026-03-14\nTOTAL 17.35\n";
        assert!(found(text).is_empty());
        let markers = health_markers(text, &DetectorConfig::default());
        assert_eq!(markers.len(), 1);
        assert_eq!(&text[markers[0].span.clone()], "Pharmacy");
        assert!(health_markers(text, &DetectorConfig::none()).is_empty());
    }
}
