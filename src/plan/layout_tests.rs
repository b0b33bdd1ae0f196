//! What is painted on drawn pictures where the layout, not the line, ties
//! a value to its label, and where OCR has broken an e-mail apart.

use super::*;
use crate::extract::Confidence;
use crate::money::Money;
use crate::privacy::{DetectorConfig, detect_with};

/// A white 600-pixel-wide picture read once: rows of (left, word), each
/// word 8 pixels a letter wide and 12 tall, rows 30 pixels apart.
fn picture(rows: &[&[(u32, &str)]]) -> Document {
    crate::intake::drawn::white_picture(crate::intake::drawn::reading(rows))
}

/// The shared picture's grey level in the middle of the word at `left` on
/// row `row`, and what was withheld.
fn shared(rows: &[&[(u32, &str)]]) -> (image::GrayImage, BTreeMap<String, u64>) {
    let document = picture(rows);
    let findings = detect_with(&document, &DetectorConfig::default());
    let fields = Fields {
        merchant: Some("Corner Shop".into()),
        purchase_date: Some("2026-03-19".parse().unwrap()),
        total: Some(Money::parse("9.90", "USD").unwrap()),
        category: "grocery".into(),
        default_currency: "USD".into(),
        items: Vec::new(),
        confidence: Confidence::default(),
    };
    let today = "2026-03-20".parse().unwrap();
    let plan = build(
        document,
        fields,
        &findings,
        &SharingChoices::default(),
        &Program::default(),
        today,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let bytes = &plan.shared.as_ref().unwrap().bytes;
    let pixels = image::load_from_memory(bytes).unwrap().to_luma8();
    (pixels, plan.withheld)
}

fn at(pixels: &image::GrayImage, left: u32, row: u32) -> u8 {
    pixels.get_pixel(left + 4, 16 + 30 * row).0[0]
}

#[test]
fn a_name_under_its_label_in_another_column_is_painted() {
    let rows: &[&[(u32, &str)]] = &[
        &[(10, "INVOICE"), (74, "12"), (300, "ATTENDED"), (372, "BY")],
        &[
            (10, "PRODUCT"),
            (74, "&"),
            (90, "SERVICE"),
            (302, "FONG"),
            (340, "MUN"),
        ],
        &[(10, "TOTAL"), (300, "9.90")],
    ];
    let (pixels, withheld) = shared(rows);
    assert_eq!(withheld["name"], 1, "{withheld:?}");
    assert_eq!(at(&pixels, 302, 1), redact::PAINT, "the name");
    assert_eq!(at(&pixels, 340, 1), redact::PAINT);
    assert_eq!(at(&pixels, 10, 1), 255, "the left column's words stay");
    assert_eq!(at(&pixels, 300, 0), 255, "the label stays");
    assert_eq!(at(&pixels, 300, 2), 255, "the total stays");
}

#[test]
fn a_name_in_the_next_column_and_alone_under_the_time_is_painted() {
    let rows: &[&[(u32, &str)]] = &[
        &[(10, "CASHIER:"), (300, "SHAMSUL")],
        &[(10, "TOTAL"), (300, "9.90")],
        &[(10, "06/07/16"), (90, "13:54")],
        &[(10, "SHAMSUL")],
    ];
    let (pixels, withheld) = shared(rows);
    assert_eq!(
        withheld["name"], 2,
        "a name printed twice is withheld twice"
    );
    assert_eq!(at(&pixels, 300, 0), redact::PAINT);
    assert_eq!(at(&pixels, 10, 3), redact::PAINT, "printed again");
    assert_eq!(at(&pixels, 300, 1), 255, "the total stays");
    assert_eq!(at(&pixels, 10, 2), 255, "the date stays");
}

#[test]
fn an_email_read_with_spaces_and_a_copyright_sign_is_painted_whole() {
    let rows: &[&[(u32, &str)]] = &[
        &[
            (10, "E-MAIL:"),
            (70, "jane"),
            (110, "©"),
            (124, "shop"),
            (160, "."),
            (172, "com"),
        ],
        &[(10, "TOTAL"), (300, "9.90")],
    ];
    let (pixels, withheld) = shared(rows);
    assert_eq!(withheld["email"], 1);
    for left in [70, 110, 124, 160, 172] {
        assert_eq!(at(&pixels, left, 0), redact::PAINT, "word at {left}");
    }
    assert_eq!(at(&pixels, 10, 0), 255, "the label stays");
    assert_eq!(at(&pixels, 300, 1), 255);
}
