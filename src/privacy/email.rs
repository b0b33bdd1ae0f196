//! E-mail addresses: `local@domain.tld`, with a dot in the domain and a
//! top-level domain of letters. OCR's ways with an address are forgiven: a
//! stray space on either side of the `@` or a dot, `©` for the `@`, a comma
//! for the dot before a common top-level domain, `0` for an `o` in it.

use std::ops::Range;

use super::text::Page;

pub(super) fn find(page: &Page) -> Vec<Range<usize>> {
    page.lines
        .iter()
        .flat_map(|line| in_read_line(line.text).into_iter().map(|r| line.global(r)))
        .collect()
}

/// Top-level domains (and the `co`/`com` of `.co.uk`, `.com.my`) that a
/// comma may stand for the dot before.
const COMMON_TLDS: &[&str] = &[
    "com", "net", "org", "edu", "gov", "co", "my", "sg", "de", "fr", "uk", "au", "info", "biz",
];

/// [`in_line`] on the line as it was printed: the domain after each `@`
/// (or `©`) closed up, then each address found mapped back to the line.
fn in_read_line(line: &str) -> Vec<Range<usize>> {
    if !line.contains(['@', '©']) {
        return in_line(line);
    }
    // The closed-up text, and for each of its bytes the line's byte range
    // of the character it came from.
    let mut text = String::with_capacity(line.len());
    let mut from: Vec<Range<usize>> = Vec::with_capacity(line.len());
    let mut push = |text: &mut String, c: char, at: usize, len: usize| {
        text.push(c);
        from.extend(std::iter::repeat_n(at..at + len, c.len_utf8()));
    };
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let mut k = 0;
    let mut in_domain = false;
    while k < chars.len() {
        let (at, c) = chars[k];
        let len = c.len_utf8();
        if c == '@' || c == '©' {
            push(&mut text, '@', at, len);
            in_domain = true;
        } else if in_domain && c == ' ' {
            // A space inside the domain goes when a dot or comma is next to it.
            let next = chars[k + 1..]
                .iter()
                .find(|(_, n)| *n != ' ')
                .map(|&(_, n)| n);
            let prev = text.chars().next_back();
            let closes = matches!(next, Some('.' | ',')) || matches!(prev, Some('.' | '@'));
            if !closes {
                push(&mut text, ' ', at, len);
                in_domain = false;
            }
        } else if in_domain && c == ',' {
            let rest: String = chars[k + 1..]
                .iter()
                .map(|&(_, n)| n)
                .skip_while(|n| *n == ' ')
                .take_while(char::is_ascii_alphanumeric)
                .collect::<String>()
                .to_ascii_lowercase();
            if COMMON_TLDS.contains(&rest.as_str()) {
                push(&mut text, '.', at, len);
            } else {
                push(&mut text, ',', at, len);
                in_domain = false;
            }
        } else {
            in_domain &= c.is_alphanumeric() || c == '.' || c == '-';
            push(&mut text, c, at, len);
        }
        k += 1;
    }
    in_line(&text)
        .into_iter()
        .map(|r| from[r.start].start..from[r.end - 1].end)
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
    use crate::privacy::tests::found_of;

    fn emails(text: &str) -> Vec<&str> {
        found_of(Kind::Email, text)
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
        assert_eq!(
            emails("E-MAIL: jane © shop . example , com ok"),
            ["jane © shop . example , com"]
        );
        assert_eq!(emails("EMAIL:INFO@COSWAY,COM,MY"), ["INFO@COSWAY,COM,MY"]);
        assert_eq!(emails("mail x@y, thanks"), Vec::<&str>::new());
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
