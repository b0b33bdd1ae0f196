//! IBANs in OCR text. Finding them is this module's job: a run that starts
//! a word with two letters, printed whole or in groups, with OCR's `O` for
//! `0` read back where it sits among digits. Whether a run is an IBAN — its
//! country's length and format and the mod-97 check — the `iban_validate`
//! crate decides from the SWIFT registry.

use std::ops::Range;

use ::iban::{Iban, IbanLike, ParseIbanError};

use super::text::{Line, Page};

pub(super) fn find(page: &Page) -> Vec<Range<usize>> {
    page.lines
        .iter()
        .flat_map(|line| in_line(line).into_iter().map(|r| line.global(r)))
        .collect()
}

/// The shortest and longest IBANs, in letters and digits (ISO 13616).
const SHORTEST: usize = 15;
const LONGEST: usize = 34;

/// Countries whose banks print IBANs but whose entry the registry's
/// machine-readable edition, and so the crate, leaves out: (country, length).
/// Their IBANs are held to that length and the mod-97 check.
const OUTSIDE_THE_REGISTRY_FILE: &[(&str, usize)] = &[("PK", 24)];

/// Whether `iban` (letters and digits only, any case) is a valid IBAN: as
/// long as its country's, in its country's format, passing the mod-97 check.
pub fn iban_valid(iban: &str) -> bool {
    if !iban.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return false;
    }
    match iban.to_ascii_uppercase().parse::<Iban>() {
        Ok(_) => true,
        Err(ParseIbanError::UnknownCountry(base)) => {
            let compact = base.electronic_str();
            OUTSIDE_THE_REGISTRY_FILE
                .iter()
                .any(|&(country, len)| base.country_code() == country && compact.len() == len)
        }
        Err(_) => false,
    }
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
        if let Some(end) = [text, &line.digits[..], &forced[..]]
            .into_iter()
            .find_map(|view| iban_end(view, start))
        {
            out.push(start..end);
        }
    }
    out
}

/// Where an IBAN that starts at `start` ends: reads letters and digits,
/// allowing one space or dash between them, and asks at each end of a word
/// whether what it read so far is an IBAN.
fn iban_end(view: &[u8], start: usize) -> Option<usize> {
    let mut compact = String::with_capacity(LONGEST);
    let mut i = start;
    while compact.len() < LONGEST {
        let b = *view.get(i)?;
        if b.is_ascii_alphanumeric() {
            compact.push(char::from(b));
            i += 1;
            let word_ends = !view.get(i).is_some_and(u8::is_ascii_alphanumeric);
            if word_ends && compact.len() >= SHORTEST && iban_valid(&compact) {
                return Some(i);
            }
        } else if matches!(b, b' ' | b'-')
            && compact.len() >= 2
            && view.get(i + 1).is_some_and(u8::is_ascii_alphanumeric)
        {
            i += 1;
        } else {
            return None;
        }
    }
    None
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

    #[test]
    fn holds_each_country_to_its_format() {
        // A British account starts with its bank's four letters: the same
        // length in digits passes the mod-97 check but is no IBAN.
        assert!(mod_97_passes("GB58123460161331926819"));
        assert!(ibans("IBAN GB58 1234 6016 1331 9268 19").is_empty());
    }

    #[test]
    fn finds_ibans_the_registry_file_leaves_out() {
        assert_eq!(
            ibans("IBAN PK36 SCBL 0000 0011 2345 6702"),
            ["PK36 SCBL 0000 0011 2345 6702"]
        );
        assert!(ibans("IBAN PK36 SCBL 0000 0011 2345 670").is_empty());
    }

    /// The mod-97 check alone, written out to build cases the crate must
    /// refuse for other reasons.
    fn mod_97_passes(iban: &str) -> bool {
        let moved = format!("{}{}", &iban[4..], &iban[..4]);
        moved.chars().fold(0u32, |rest, c| {
            let value = c.to_digit(36).expect("letters and digits");
            (rest * if value >= 10 { 100 } else { 10 } + value) % 97
        }) == 1
    }

    /// BBAN shapes as the registry writes them (`4a14n`: four letters, then
    /// fourteen digits; `c`: either), from the shortest IBAN to the
    /// longest, covering every mix of letters and digits the registry uses.
    const SHAPES: &[(&str, &str)] = &[
        ("NO", "11n"),
        ("BE", "12n"),
        ("NL", "4a10n"),
        ("CH", "5n12c"),
        ("DE", "18n"),
        ("GB", "4a14n"),
        ("PK", "4a16c"),
        ("FR", "10n11c2n"),
        ("IT", "1a10n12c"),
        ("AZ", "4a20c"),
        ("PL", "24n"),
        ("BR", "23n1a1c"),
        ("MU", "4a19n3a"),
        ("MT", "4a5n18c"),
        ("SC", "4a20n3a"),
        ("LC", "4a24c"),
        ("RU", "14n15c"),
    ];

    const DIGITS: &[u8] = b"0123456789";
    // Without `I` and `O`, which OCR's digit views may read as digits.
    const LETTERS: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ";
    const EITHER: &[u8] = b"0123456789ABCDEFGHJKLMNPQRSTUVWXYZ";

    fn classes(shape: &str) -> Vec<&'static [u8]> {
        let mut out = Vec::new();
        let mut count = 0;
        for c in shape.chars() {
            if let Some(d) = c.to_digit(10) {
                count = count * 10 + d as usize;
                continue;
            }
            let class = match c {
                'n' => DIGITS,
                'a' => LETTERS,
                _ => EITHER,
            };
            out.extend(std::iter::repeat_n(class, count));
            count = 0;
        }
        out
    }

    fn valid_iban() -> impl Strategy<Value = String> {
        proptest::sample::select(SHAPES).prop_flat_map(|(country, shape)| {
            classes(shape)
                .into_iter()
                .map(proptest::sample::select)
                .collect::<Vec<_>>()
                .prop_map(move |bban| {
                    let bban = String::from_utf8(bban).unwrap();
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
            let digits: Vec<usize> = (2..bytes.len()).filter(|&i| bytes[i].is_ascii_digit()).collect();
            let i = *at.get(&digits);
            bytes[i] = b'0' + (bytes[i] - b'0' + by) % 10;
            let iban = String::from_utf8(bytes).unwrap();
            let text = format!("IBAN {iban}");
            prop_assert!(ibans(&text).is_empty(), "{}", text);
        }
    }
}
