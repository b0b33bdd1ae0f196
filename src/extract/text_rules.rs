//! Simple rules for plain-text e-receipts.

use chrono::NaiveDate;

use crate::money::Money;

#[derive(Debug, Default)]
pub struct Read {
    pub merchant: Option<String>,
    pub purchase_date: Option<NaiveDate>,
    pub total: Option<Money>,
}

/// Reads `body`: the whole of a text receipt, or an e-mail's body.
pub fn read(body: &str, default_currency: &str) -> Read {
    Read {
        merchant: body
            .lines()
            .map(str::trim)
            .find(|line| line.chars().any(char::is_alphabetic))
            .map(|line| line.chars().take(80).collect()),
        purchase_date: body.lines().find_map(find_date),
        total: find_total(body, default_currency),
    }
}

/// The part of an e-mail after its header.
pub fn email_body(text: &str) -> &str {
    text.split_once("\n\n")
        .map_or(text, |(_, body)| body)
        .trim_start()
}

/// The first date in a line: `2026-03-01`, `01.03.2026` or `01/03/2026`
/// (day first).
fn find_date(line: &str) -> Option<NaiveDate> {
    line.split(|c: char| c.is_whitespace() || c == ',')
        .find_map(|word| {
            let word = word.trim_matches(|c: char| !c.is_ascii_digit());
            NaiveDate::parse_from_str(word, "%Y-%m-%d")
                .or_else(|_| NaiveDate::parse_from_str(word, "%d.%m.%Y"))
                .or_else(|_| NaiveDate::parse_from_str(word, "%d/%m/%Y"))
                .ok()
        })
}

/// The amount on the last line that says "total" but not "subtotal".
fn find_total(text: &str, default_currency: &str) -> Option<Money> {
    text.lines().rev().find_map(|line| {
        let lower = line.to_lowercase();
        let is_total = ["total", "summe", "montant", "amount due"]
            .iter()
            .any(|w| lower.contains(w))
            && !lower.contains("subtotal")
            && !lower.contains("sub total");
        if !is_total {
            return None;
        }
        let start = line.find(|c: char| c.is_ascii_digit() || "$€£".contains(c))?;
        Money::parse(line[start..].trim_end_matches([':', '.']), default_currency).ok()
    })
}

/// Lower case, single spaces, no punctuation: how merchants are compared.
pub fn normalise_merchant(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_lowercase().next().unwrap_or(c)
            } else {
                ' '
            }
        })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_simple_receipt() {
        let text = "\n  Corner Shop Ltd\n12 High St\nDate: 05/03/2026 14:02\nMilk 1.20\nSubtotal 3.20\nTOTAL 3.50 EUR\n";
        let read = read(text, "USD");
        assert_eq!(read.merchant.as_deref(), Some("Corner Shop Ltd"));
        assert_eq!(read.purchase_date, NaiveDate::from_ymd_opt(2026, 3, 5));
        assert_eq!(
            read.total,
            Some(Money {
                minor: 350,
                currency: "EUR".into()
            })
        );
    }

    #[test]
    fn reads_past_mail_headers() {
        let text = "From: receipts@shop.example\nSubject: Receipt\n\nBakery Rose\n2026-02-01\nTotal: $4.10\n";
        let read = read(email_body(text), "EUR");
        assert_eq!(read.merchant.as_deref(), Some("Bakery Rose"));
        assert_eq!(
            read.total,
            Some(Money {
                minor: 410,
                currency: "USD".into()
            })
        );
    }

    #[test]
    fn a_blank_line_does_not_cut_a_text_receipt() {
        let read = read(
            "Blank Line Bakery\n5 Mill Lane\n\nBread 2.00\nTOTAL 2.00\n",
            "USD",
        );
        assert_eq!(read.merchant.as_deref(), Some("Blank Line Bakery"));
    }

    #[test]
    fn normalises_merchants() {
        assert_eq!(
            normalise_merchant("  WHOLE  Foods-Market! "),
            "whole foods market"
        );
        assert_eq!(normalise_merchant("Amazon 4-star"), "amazon 4 star");
    }
}
