//! IBANs: a country code, two check digits and the account, as long as that
//! country's IBANs are, printed whole or in groups, passing the mod-97 check.
//! OCR's `O` for `0` is read back where it sits among digits.

use std::ops::Range;

use super::text::{Line, Page};

pub(super) fn find(page: &Page) -> Vec<Range<usize>> {
    page.lines
        .iter()
        .flat_map(|line| in_line(line).into_iter().map(|r| line.global(r)))
        .collect()
}

/// IBAN length by country (the SWIFT registry).
#[rustfmt::skip]
const LENGTHS: &[(&str, usize)] = &[
    ("AD", 24), ("AE", 23), ("AL", 28), ("AT", 20), ("AZ", 28), ("BA", 20), ("BE", 16), ("BG", 22),
    ("BH", 22), ("BI", 27), ("BR", 29), ("BY", 28), ("CH", 21), ("CR", 22), ("CY", 28), ("CZ", 24),
    ("DE", 22), ("DJ", 27), ("DK", 18), ("DO", 28), ("EE", 20), ("EG", 29), ("ES", 24), ("FI", 18),
    ("FK", 18), ("FO", 18), ("FR", 27), ("GB", 22), ("GE", 22), ("GI", 23), ("GL", 18), ("GR", 27),
    ("GT", 28), ("HR", 21), ("HU", 28), ("IE", 22), ("IL", 23), ("IQ", 23), ("IS", 26), ("IT", 27),
    ("JO", 30), ("KW", 30), ("KZ", 20), ("LB", 28), ("LC", 32), ("LI", 21), ("LT", 20), ("LU", 20),
    ("LV", 21), ("LY", 25), ("MC", 27), ("MD", 24), ("ME", 22), ("MK", 19), ("MN", 20), ("MR", 27),
    ("MT", 31), ("MU", 30), ("NI", 28), ("NL", 18), ("NO", 15), ("OM", 23), ("PK", 24), ("PL", 28),
    ("PS", 29), ("PT", 25), ("QA", 29), ("RO", 24), ("RS", 22), ("RU", 33), ("SA", 24), ("SC", 31),
    ("SD", 18), ("SE", 24), ("SI", 19), ("SK", 24), ("SM", 27), ("SO", 23), ("ST", 25), ("SV", 28),
    ("TL", 23), ("TN", 24), ("TR", 26), ("UA", 29), ("VA", 22), ("VG", 24), ("XK", 20), ("YE", 30),
];

fn length_for(country: &str) -> Option<usize> {
    LENGTHS
        .iter()
        .find(|(code, _)| code.eq_ignore_ascii_case(country))
        .map(|&(_, len)| len)
}

/// Whether `iban` (letters and digits only, any case) is as long as its
/// country's IBANs and passes the mod-97 check.
pub fn iban_valid(iban: &str) -> bool {
    let bytes = iban.as_bytes();
    if bytes.len() < 15 || !bytes.iter().all(u8::is_ascii_alphanumeric) {
        return false;
    }
    if !bytes[..2].iter().all(u8::is_ascii_alphabetic)
        || !bytes[2..4].iter().all(u8::is_ascii_digit)
    {
        return false;
    }
    if length_for(&iban[..2]) != Some(bytes.len()) {
        return false;
    }
    let mut remainder: u32 = 0;
    for &b in bytes[4..].iter().chain(&bytes[..4]) {
        let value = if b.is_ascii_digit() {
            u32::from(b - b'0')
        } else {
            u32::from(b.to_ascii_uppercase() - b'A') + 10
        };
        remainder = if value >= 10 {
            (remainder * 100 + value) % 97
        } else {
            (remainder * 10 + value) % 97
        };
    }
    remainder == 1
}

fn in_line(line: &Line) -> Vec<Range<usize>> {
    let text = line.text.as_bytes();
    let mut out: Vec<Range<usize>> = Vec::new();
    for start in 0..text.len().saturating_sub(3) {
        if out.last().is_some_and(|r| r.end > start) {
            continue;
        }
        let word_start = start == 0 || !text[start - 1].is_ascii_alphanumeric();
        if !word_start
            || !text[start].is_ascii_alphabetic()
            || !text[start + 1].is_ascii_alphabetic()
        {
            continue;
        }
        let Some(len) = length_for(&line.text[start..start + 2]) else {
            continue;
        };
        // As printed; with OCR's letters read as digits where they touch
        // digits; then with every `O` and `l` read as a digit, for an
        // account that OCR read as letters throughout.
        let mut forced = text.to_vec();
        for b in &mut forced[start + 2..] {
            *b = match *b {
                b'O' | b'o' => b'0',
                b'I' | b'l' | b'|' => b'1',
                other => other,
            };
        }
        for view in [text, &line.digits[..], &forced[..]] {
            if let Some(end) = read(view, start, len) {
                let compact: String = view[start..end]
                    .iter()
                    .filter(|b| b.is_ascii_alphanumeric())
                    .map(|&b| char::from(b))
                    .collect();
                if iban_valid(&compact) {
                    out.push(start..end);
                    break;
                }
            }
        }
    }
    out
}

/// Reads `len` letters and digits from `start`, allowing one space or dash
/// between them, and returns where they end if the word ends there too.
fn read(view: &[u8], start: usize, len: usize) -> Option<usize> {
    let mut count = 0;
    let mut i = start;
    while count < len {
        let b = *view.get(i)?;
        if b.is_ascii_alphanumeric() {
            count += 1;
            i += 1;
        } else if matches!(b, b' ' | b'-')
            && count >= 2
            && view.get(i + 1).is_some_and(u8::is_ascii_alphanumeric)
        {
            i += 1;
        } else {
            return None;
        }
    }
    (!view.get(i).is_some_and(u8::is_ascii_alphanumeric)).then_some(i)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::privacy::Kind;
    use crate::privacy::tests::found_of;

    fn ibans(text: &str) -> Vec<&str> {
        found_of(Kind::Iban, text)
    }

    #[test]
    fn finds_ibans_whole_and_grouped() {
        assert_eq!(
            ibans("IBAN: DE89 3704 0044 0532 0130 00 BIC COBADEFFXXX"),
            ["DE89 3704 0044 0532 0130 00"]
        );
        assert_eq!(
            ibans("iban de89370400440532013000."),
            ["de89370400440532013000"]
        );
        assert_eq!(
            ibans("FR76 3000 6000 0112 3456 7890 189"),
            ["FR76 3000 6000 0112 3456 7890 189"]
        );
        assert_eq!(
            ibans("GB29 NWBK 6016 1331 9268 19"),
            ["GB29 NWBK 6016 1331 9268 19"]
        );
        assert_eq!(
            ibans("DE89 37O4 OO44 O532 O13O OO"),
            ["DE89 37O4 OO44 O532 O13O OO"]
        );
    }

    #[test]
    fn refuses_wrong_checks_lengths_and_words() {
        for text in [
            "DE89 3704 0044 0532 0130 01",
            "DE89 3704 0044 0532 0130 0",
            "DE89 3704 0044 0532 0130 000",
            "GST NO: 000584089600",
            "DE 12 Apples",
            "XX89370400440532013000",
        ] {
            assert!(ibans(text).is_empty(), "{text}");
        }
    }

    fn valid_iban() -> impl Strategy<Value = String> {
        proptest::sample::select(LENGTHS.to_vec()).prop_flat_map(|(country, len)| {
            proptest::collection::vec(0u8..10, len - 4).prop_map(move |bban| {
                let bban: String = bban.iter().map(|d| char::from(b'0' + d)).collect();
                (0..100)
                    .map(|check| format!("{country}{check:02}{bban}"))
                    .find(|iban| iban_valid(iban))
                    .unwrap()
            })
        })
    }

    fn grouped(iban: &str) -> String {
        iban.as_bytes()
            .chunks(4)
            .map(|c| std::str::from_utf8(c).unwrap())
            .collect::<Vec<_>>()
            .join(" ")
    }

    proptest! {
        #[test]
        fn every_valid_iban_is_found(iban in valid_iban(), spaced in any::<bool>()) {
            let printed = if spaced { grouped(&iban) } else { iban.clone() };
            let text = format!("Bank transfer to IBAN {printed} please");
            prop_assert_eq!(ibans(&text), vec![printed.as_str()]);
        }

        #[test]
        fn one_wrong_digit_is_not_an_iban(iban in valid_iban(), at in any::<prop::sample::Index>(), by in 1u8..10) {
            let mut bytes = iban.into_bytes();
            let i = 2 + at.index(bytes.len() - 2);
            bytes[i] = b'0' + (bytes[i] - b'0' + by) % 10;
            let iban = String::from_utf8(bytes).unwrap();
            let text = format!("IBAN {iban}");
            prop_assert!(ibans(&text).is_empty(), "{}", text);
        }
    }
}
