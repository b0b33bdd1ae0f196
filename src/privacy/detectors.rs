//! Text detectors: e-mail addresses and payment card numbers.

use std::ops::Range;

use super::{Finding, Kind};

pub fn in_text(text: &str) -> Vec<Finding> {
    let mut findings: Vec<Finding> = emails(text)
        .into_iter()
        .map(|span| Finding {
            kind: Kind::Email,
            span,
        })
        .chain(cards(text).into_iter().map(|span| Finding {
            kind: Kind::Card,
            span,
        }))
        .collect();
    findings.sort_by_key(|f| f.span.start);
    findings
}

/// `local@domain.tld` with a dot in the domain.
fn emails(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let is_local = |b: u8| b.is_ascii_alphanumeric() || b"._%+-".contains(&b);
    let is_domain = |b: u8| b.is_ascii_alphanumeric() || b".-".contains(&b);
    let mut found = Vec::new();
    for (at, _) in text.match_indices('@') {
        let start = (0..at).rev().take_while(|&i| is_local(bytes[i])).last();
        let end = (at + 1..bytes.len())
            .take_while(|&i| is_domain(bytes[i]))
            .last();
        if let (Some(start), Some(end)) = (start, end) {
            let domain = text[at + 1..=end].trim_end_matches('.');
            if domain.contains('.') && !domain.starts_with('.') {
                found.push(start..at + 1 + domain.len());
            }
        }
    }
    found
}

/// Runs of 13 to 19 digits, spaces or dashes allowed between them, that pass
/// the Luhn check.
fn cards(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() || (i > 0 && bytes[i - 1].is_ascii_digit()) {
            i += 1;
            continue;
        }
        let mut digits = Vec::new();
        let mut end = i;
        let mut j = i;
        while j < bytes.len() {
            if bytes[j].is_ascii_digit() {
                digits.push(bytes[j] - b'0');
                end = j + 1;
            } else if !(bytes[j] == b' ' || bytes[j] == b'-')
                || !bytes.get(j + 1).is_some_and(u8::is_ascii_digit)
            {
                break;
            }
            j += 1;
        }
        if (13..=19).contains(&digits.len()) && luhn_valid(&digits) {
            found.push(i..end);
        }
        i = end.max(i + 1);
    }
    found
}

pub fn luhn_valid(digits: &[u8]) -> bool {
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| {
            let d = u32::from(d);
            if i % 2 == 1 {
                if d * 2 > 9 { d * 2 - 9 } else { d * 2 }
            } else {
                d
            }
        })
        .sum();
    !digits.is_empty() && sum.is_multiple_of(10)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(Kind, &str)> {
        in_text(text)
            .into_iter()
            .map(|f| (f.kind, &text[f.span]))
            .collect()
    }

    #[test]
    fn finds_emails() {
        assert_eq!(
            kinds("mail jane.doe+r@shop.example.com."),
            vec![(Kind::Email, "jane.doe+r@shop.example.com")]
        );
        assert!(kinds("meet @ noon, user@localhost").is_empty());
    }

    #[test]
    fn finds_cards_that_pass_luhn() {
        assert_eq!(
            kinds("VISA 4111 1111 1111 1111 ok"),
            vec![(Kind::Card, "4111 1111 1111 1111")]
        );
        assert!(kinds("ref 4111 1111 1111 1112").is_empty());
        assert!(kinds("TOTAL 1234.56 on 2026-03-01").is_empty());
    }

    #[test]
    fn luhn_known_values() {
        assert!(luhn_valid(&[7, 9, 9, 2, 7, 3, 9, 8, 7, 1, 3]));
        assert!(!luhn_valid(&[7, 9, 9, 2, 7, 3, 9, 8, 7, 1, 4]));
    }
}
