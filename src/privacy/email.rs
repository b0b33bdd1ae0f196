//! E-mail addresses: `local@domain.tld`, with a dot in the domain and a
//! top-level domain of letters. OCR's stray space on either side of the `@`
//! is forgiven, and so is a `0` for an `o` in the top-level domain.

use std::ops::Range;

use super::text::Page;

pub(super) fn find(page: &Page) -> Vec<Range<usize>> {
    page.lines
        .iter()
        .flat_map(|line| in_line(line.text).into_iter().map(|r| line.global(r)))
        .collect()
}

fn in_line(line: &str) -> Vec<Range<usize>> {
    let bytes = line.as_bytes();
    let is_local = |b: u8| b.is_ascii_alphanumeric() || b"._%+-'".contains(&b);
    let is_domain = |b: u8| b.is_ascii_alphanumeric() || b".-".contains(&b);
    let mut found: Vec<Range<usize>> = Vec::new();
    for (at, _) in line.match_indices('@') {
        if found.last().is_some_and(|r| r.end > at) {
            continue;
        }
        // One stray space on either side of the `@`, as OCR leaves it.
        let local_end = if at >= 2 && bytes[at - 1] == b' ' && is_local(bytes[at - 2]) {
            at - 1
        } else {
            at
        };
        let domain_start = if bytes.get(at + 1) == Some(&b' ')
            && bytes.get(at + 2).is_some_and(|&b| is_domain(b))
        {
            at + 2
        } else {
            at + 1
        };
        let start = (0..local_end)
            .rev()
            .take_while(|&i| is_local(bytes[i]))
            .last();
        let end = (domain_start..bytes.len())
            .take_while(|&i| is_domain(bytes[i]))
            .last();
        let (Some(start), Some(end)) = (start, end) else {
            continue;
        };
        let start = start + line[start..local_end].len()
            - line[start..local_end]
                .trim_start_matches(['.', '-', '\''])
                .len();
        let domain = line[domain_start..=end].trim_end_matches(['.', '-']);
        if start < local_end && domain_ok(domain) {
            found.push(start..domain_start + domain.len());
        }
    }
    found
}

/// A domain with at least two labels and a top-level domain of two or more
/// letters (`0` read as `o`).
fn domain_ok(domain: &str) -> bool {
    let labels: Vec<&str> = domain.split('.').collect();
    if labels.len() < 2 || labels.iter().any(|l| l.is_empty()) {
        return false;
    }
    let tld = labels[labels.len() - 1];
    tld.len() >= 2
        && tld.bytes().all(|b| b.is_ascii_alphabetic() || b == b'0')
        && tld.bytes().any(|b| b.is_ascii_alphabetic())
}

#[cfg(test)]
mod tests {
    use crate::privacy::Kind;
    use crate::privacy::tests::found;

    fn emails(text: &str) -> Vec<&str> {
        found(text)
            .into_iter()
            .filter(|(k, _)| *k == Kind::Email)
            .map(|(_, v)| v)
            .collect()
    }

    #[test]
    fn finds_emails() {
        assert_eq!(
            emails("mail jane.doe+r@shop.example.com."),
            ["jane.doe+r@shop.example.com"]
        );
        assert_eq!(
            emails("EMAIL : IVAN_KONG12@HOTMAIL.COM"),
            ["IVAN_KONG12@HOTMAIL.COM"]
        );
        assert_eq!(
            emails("*CUSTOMERSERVICE@DELUXEGROUPS.COM"),
            ["CUSTOMERSERVICE@DELUXEGROUPS.COM"]
        );
        assert_eq!(emails("a@b.co, c@d.de"), ["a@b.co", "c@d.de"]);
    }

    #[test]
    fn forgives_ocr_spacing_and_zero_for_o() {
        assert_eq!(emails("INFO @ COSWAY.COM.MY"), ["INFO @ COSWAY.COM.MY"]);
        assert_eq!(emails("jane@example.c0m"), ["jane@example.c0m"]);
    }

    #[test]
    fn ignores_what_is_not_an_address() {
        for text in [
            "meet @ noon, user@localhost",
            "LIKE US @ FACEBOOK: BANHMIKL",
            "QTY @ U/(RM)",
            "2 @RM18.90",
            "65045039@2.33",
            "& TWITTER @APIETHING",
            "SR @ A",
            "WWW.DOMINOS.COM.MY",
        ] {
            assert!(emails(text).is_empty(), "{text}");
        }
    }
}
