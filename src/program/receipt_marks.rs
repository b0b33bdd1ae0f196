//! The marks that tell two purchases apart when merchant, date and total
//! agree: the time printed on the receipt and its receipt (transaction)
//! number.
//!
//! Two lattes bought at the same café on one day, at 08:05 and at 15:42,
//! are two purchases; the same receipt photographed twice is one. So a
//! receipt is a duplicate of another with the same merchant, date and total
//! only when no mark read on both differs. A mark read on one and not on
//! the other (a blurred photo) does not tell them apart.

use std::sync::LazyLock;

use regex::Regex;

use crate::intake::{Body, Document};

/// What was read of the marks; `None` where a mark was not found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReceiptMarks {
    /// `HH:MM`, 24-hour.
    pub time: Option<String>,
    /// The receipt number as printed, upper case, without spaces.
    pub number: Option<String>,
}

impl ReceiptMarks {
    /// The marks of a document's text (the first reading of a picture).
    pub fn of_document(document: &Document) -> ReceiptMarks {
        match &document.body {
            Body::Text(text) => ReceiptMarks::read(text),
            Body::Picture(picture) => picture
                .readings
                .first()
                .map(|r| ReceiptMarks::read(&r.text))
                .unwrap_or_default(),
            Body::Opaque => ReceiptMarks::default(),
        }
    }

    pub fn read(text: &str) -> ReceiptMarks {
        ReceiptMarks {
            time: printed_time(text),
            number: receipt_number(text),
        }
    }

    /// Whether the marks show two different purchases.
    pub fn differ(&self, other: &ReceiptMarks) -> bool {
        let differs =
            |a: &Option<String>, b: &Option<String>| matches!((a, b), (Some(a), Some(b)) if a != b);
        differs(&self.time, &other.time) || differs(&self.number, &other.number)
    }
}

/// The first time of day printed: `08:05`, `8:05 PM`, `15:42:10`.
fn printed_time(text: &str) -> Option<String> {
    static TIME: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?i)(?:^|[^\d:.])([01]?\d|2[0-3])[:h]([0-5]\d)(?::[0-5]\d)?(?:\s*([ap])\.?m\b)?",
        )
        .expect("valid")
    });
    TIME.captures_iter(text).find_map(|c| {
        let mut hour: u32 = c[1].parse().ok()?;
        let minute: u32 = c[2].parse().ok()?;
        match c.get(3).map(|m| m.as_str().to_ascii_lowercase()) {
            Some(ref p) if p == "p" && hour < 12 => hour += 12,
            Some(ref p) if p == "a" && hour == 12 => hour = 0,
            _ => {}
        }
        Some(format!("{hour:02}:{minute:02}"))
    })
}

/// The number after a receipt, transaction or invoice label: `Receipt
/// #1041`, `Trans: 0042-17`, `Beleg-Nr. 5521`, `Invoice No 88`.
fn receipt_number(text: &str) -> Option<String> {
    static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?i)\b(?:receipt|rcpt|trans(?:action)?|trx|txn|invoice|inv|bill|order|check|chk|ticket|bon|beleg|rechnung|facture|reçu)\b\.?[ \t]*(?:-?no\.?|-?nr\.?|num(?:ber)?\.?|id)?[ \t]*[:#]?[ \t]*#?[ \t]*([A-Z0-9][A-Z0-9\-/]{1,23})",
        )
        .expect("valid")
    });
    NUMBER.captures_iter(text).find_map(|c| {
        let number = c[1].trim_end_matches(['-', '/']).to_ascii_uppercase();
        // A number needs a digit: `Receipt Total` is no receipt number.
        number.bytes().any(|b| b.is_ascii_digit()).then_some(number)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_lattes_at_different_times_differ() {
        let morning =
            ReceiptMarks::read("Cafe Rosa\n2026-03-02 08:05\nReceipt #1041\nLatte 4.50\n");
        let afternoon =
            ReceiptMarks::read("Cafe Rosa\n2026-03-02 15:42\nReceipt #1187\nLatte 4.50\n");
        assert_eq!(morning.time.as_deref(), Some("08:05"));
        assert_eq!(morning.number.as_deref(), Some("1041"));
        assert!(morning.differ(&afternoon));
    }

    #[test]
    fn the_same_receipt_read_twice_does_not_differ() {
        let a = ReceiptMarks::read("Shop\n03/02/2026 3:42 PM\nTrans: 0042-17\n");
        let b = ReceiptMarks::read("Shop\n03/02/2026 15:42\nTRANS 0042-17\n");
        assert_eq!(a.time.as_deref(), Some("15:42"));
        assert_eq!(a.number.as_deref(), Some("0042-17"));
        assert!(!a.differ(&b));
        // A mark missing on one reading tells nothing.
        let blurred = ReceiptMarks::read("Shop\n03/02/2026\n");
        assert!(!a.differ(&blurred));
    }

    #[test]
    fn amounts_and_dates_are_no_marks() {
        let marks = ReceiptMarks::read("Total 12.50\nDate 2026-03-02\nReceipt Total 12.50\n");
        assert_eq!(marks, ReceiptMarks::default());
        let labelled = ReceiptMarks::read("Receipt s0-0711\nBeleg-Nr. 5521\n");
        assert_eq!(labelled.number.as_deref(), Some("S0-0711"));
    }
}
