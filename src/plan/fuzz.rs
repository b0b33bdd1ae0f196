//! Property tests: no text makes extraction, the privacy detectors or
//! planning panic. They run as intake's do (`crate::intake::fuzz::config`):
//! few cases in CI, many with `PROPTEST_CASES` (see `scripts/fuzz-long`).

use proptest::prelude::*;

use crate::extract::{self, DateOrder, Overrides, Settings};
use crate::intake::fuzz::config;
use crate::intake::{Body, Document, Hints, SourceKind};
use crate::plan::{self, SharingChoices};
use crate::privacy::{self, DetectorConfig};

/// Text that looks like a receipt's often enough to reach deep into the
/// rules: amounts, dates, labels and the characters that are more than one
/// byte long in UTF-8 (`°`, `€`, `ß`, combining marks, emoji, RTL marks).
fn receipt_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("TOTAL ".to_string()),
        Just("Summe ".to_string()),
        Just("RX no ".to_string()),
        Just("10X10°S ".to_string()),
        Just("3,50 € ".to_string()),
        Just("12.34 ".to_string()),
        Just("07.04.2020 ".to_string()),
        Just("Tel: +49 30 123456 ".to_string()),
        Just("VISA ****1234 ".to_string()),
        Just("DE89 3704 0044 0532 0130 00 ".to_string()),
        Just("\n".to_string()),
        "[0-9.,:/ -]{1,8}",
        "[a-zA-Zäöüß°€£µ\u{301}\u{202e}\u{1F600} ]{1,10}",
        "\\PC{0,12}",
    ];
    prop::collection::vec(piece, 0..40).prop_map(|pieces| pieces.concat())
}

fn settings() -> Settings {
    Settings {
        default_currency: "EUR".into(),
        date_order: Some(DateOrder::DayFirst),
        today: chrono::NaiveDate::from_ymd_opt(2026, 3, 20).unwrap(),
    }
}

fn text_document(text: String) -> Document {
    Document {
        kind: SourceKind::Text,
        digest: [0; 32],
        body: Body::Text(text),
        hints: Hints::default(),
    }
}

/// Extraction, detection and planning of one text: panics propagate.
fn through_the_pipeline(text: String) {
    let document = text_document(text);
    let fields = extract::extract(&document, &Overrides::default(), &settings());
    if let Body::Text(text) = &document.body {
        let reading = crate::intake::Reading {
            text: text.clone(),
            words: Vec::new(),
            size: (0, 0),
        };
        let _ = extract::is_unsure(&reading, &settings());
    }
    let findings = privacy::detect_with(&document, &DetectorConfig::default());
    let _ = plan::build_unchecked(document, fields, &findings, &SharingChoices::default());
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn any_unicode_goes_through_extraction_and_detection(text in "\\PC{0,300}") {
        through_the_pipeline(text);
    }

    #[test]
    fn receipt_like_text_goes_through_extraction_and_detection(text in receipt_text()) {
        through_the_pipeline(text);
    }
}
