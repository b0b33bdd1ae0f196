//! Payment cards, three ways:
//! - a whole number: 13 to 19 digits (spaces or dashes between groups) that
//!   pass the Luhn check and start the way a card network's numbers start;
//! - a masked number: `XXXXXXXXXXXX4318`, `**** **** **** 1234`,
//!   `46 XXXXXXXX 1819`, `xxxx-xxxx-xxxx-4318`, `############9165`;
//! - a network followed by the last four digits: `MASTER 5148`, `CC*7185`.
//!
//! Barcodes (EAN-13) and loyalty cards that happen to pass Luhn are left to
//! the loyalty detector, which knows them by their label.

use std::ops::Range;
use std::sync::OnceLock;

use super::text::{End, Labels, Line, Page, digit_runs, fold};

pub(super) fn find(page: &Page) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    for (i, line) in page.lines.iter().enumerate() {
        let previous = i.checked_sub(1).map(|p| &page.lines[p]);
        // A loyalty word before the number, or a line above that is only a
        // loyalty label (`SHELL LOYALTY CARD`), makes it a loyalty card.
        let loyalty = |start: usize| {
            mentions(loyalty_words(), &line.text[..start])
                || previous.is_some_and(|p| {
                    !p.text.bytes().any(|b| b.is_ascii_digit()) && mentions(loyalty_words(), p.text)
                })
        };
        let mut spans = whole_numbers(line);
        spans.extend(masked(line));
        spans.extend(network_and_last_four(line));
        spans.retain(|r| !loyalty(r.start));
        out.extend(spans.into_iter().map(|r| line.global(r)));
    }
    out
}

/// The Luhn check over a number's digits (each 0–9).
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

/// Whether a number starts and is as long as some card network's numbers:
/// Visa, Mastercard, Amex, Diners, Discover, JCB, UnionPay, Maestro, RuPay,
/// Mir.
fn network_plausible(digits: &[u8]) -> bool {
    let n = digits.len();
    let prefix = |k: usize| {
        digits[..k.min(n)]
            .iter()
            .fold(0u32, |acc, &d| acc * 10 + u32::from(d))
    };
    let (p1, p2, p3, p4) = (prefix(1), prefix(2), prefix(3), prefix(4));
    match p1 {
        4 => matches!(n, 13 | 16 | 19),
        5 => (51..=55).contains(&p2) && n == 16 || (p2 == 50 || p2 >= 56) && (13..=19).contains(&n),
        2 => {
            (2221..=2720).contains(&p4) && n == 16
                || (2200..=2204).contains(&p4) && (16..=19).contains(&n)
        }
        3 => {
            (p2 == 34 || p2 == 37) && n == 15
                || ((300..=305).contains(&p3) || p2 == 36 || p2 == 38 || p2 == 39)
                    && (14..=19).contains(&n)
                || (3528..=3589).contains(&p4) && (16..=19).contains(&n)
        }
        6 => (13..=19).contains(&n),
        8 => (p2 == 81 || p2 == 82) && (16..=19).contains(&n),
        _ => false,
    }
}

/// Whether digit groups are grouped the way cards are printed: whole,
/// in fours (the last group shorter), or Amex's and Diners' 4-6-5 and 4-6-4.
fn grouping_plausible(sizes: &[usize]) -> bool {
    match sizes {
        [_] => true,
        [4, 6, 5] | [4, 6, 4] => true,
        [init @ .., last] => init.iter().all(|&s| s == 4) && (1..=4).contains(last),
        [] => false,
    }
}

/// The EAN-13 check: the barcode under most products.
fn ean13_valid(digits: &[u8]) -> bool {
    digits.len() == 13 && {
        let sum: u32 = digits[..12]
            .iter()
            .enumerate()
            .map(|(i, &d)| u32::from(d) * if i % 2 == 0 { 1 } else { 3 })
            .sum();
        (10 - sum % 10) % 10 == u32::from(digits[12])
    }
}

#[rustfmt::skip]
fn card_words() -> &'static Labels<()> {
    static WORDS: OnceLock<Labels<()>> = OnceLock::new();
    WORDS.get_or_init(|| {
        Labels::new(
            &[
                "card", "karte", "carte", "visa", "master", "mastercard", "credit", "debit",
                "kredit", "kreditkarte", "pan", "amex", "maestro", "girocard", "cb",
            ]
            .map(|w| (w, ())),
        )
    })
}

/// Words that make a number on their line (or the line before) a loyalty
/// card rather than a payment card.
#[rustfmt::skip]
pub(super) fn loyalty_words() -> &'static Labels<()> {
    static WORDS: OnceLock<Labels<()>> = OnceLock::new();
    WORDS.get_or_init(|| {
        Labels::new(
            &[
                "loyalty", "member", "membership", "points", "point", "reward", "rewards", "award",
                "bonus", "payback", "club", "clubcard", "fidelity", "fidélité", "fidelite", "treue",
                "treuekarte", "kundenkarte", "mitglied", "adhérent", "adherent", "nectar", "ecard",
            ]
            .map(|w| (w, ())),
        )
    })
}

/// Whether a line speaks of points, members or rewards.
pub(super) fn speaks_of_loyalty(line: &Line) -> bool {
    !loyalty_words()
        .find(line.text, &line.folded, End::Word)
        .is_empty()
}

fn mentions(labels: &Labels<()>, text: &str) -> bool {
    !labels.find(text, &fold(text), End::Word).is_empty()
}

/// Whole card numbers in a line.
fn whole_numbers(line: &Line) -> Vec<Range<usize>> {
    let view = &line.digits;
    let text = line.text.as_bytes();
    let mut out = Vec::new();
    for groups in digit_runs(view) {
        let (i, end_of_run) = (groups[0].0, groups[groups.len() - 1].1);
        let glued_left = i > 0
            && (text[i - 1].is_ascii_alphanumeric()
                || (matches!(text[i - 1], b'.' | b',') && i >= 2 && view[i - 2].is_ascii_digit()));
        let glued_right = text.get(end_of_run).is_some_and(|&b| {
            b.is_ascii_alphanumeric()
                || (matches!(b, b'.' | b',')
                    && view.get(end_of_run + 1).is_some_and(u8::is_ascii_digit))
        });
        let mut a = if glued_left { 1 } else { 0 };
        while a < groups.len() {
            let mut taken = None;
            for b in (a..groups.len()).rev() {
                if b == groups.len() - 1 && glued_right {
                    continue;
                }
                let window = &groups[a..=b];
                let sizes: Vec<usize> = window.iter().map(|g| g.1 - g.0).collect();
                if !grouping_plausible(&sizes) {
                    continue;
                }
                let digits: Vec<u8> = window
                    .iter()
                    .flat_map(|g| view[g.0..g.1].iter().map(|d| d - b'0'))
                    .collect();
                if !(13..=19).contains(&digits.len())
                    || !luhn_valid(&digits)
                    || !network_plausible(&digits)
                {
                    continue;
                }
                if ean13_valid(&digits) && !mentions(card_words(), line.text) {
                    continue;
                }
                taken = Some(b);
                out.push(window[0].0..window[window.len() - 1].1);
                break;
            }
            a = taken.map_or(a + 1, |b| b + 1);
        }
    }
    out
}

fn is_mask(c: char) -> bool {
    matches!(c, '*' | 'X' | 'x' | '#' | '•' | '●')
}

/// Masked card numbers: up to six leading digits, four or more mask
/// characters, then the last three or four digits.
fn masked(line: &Line) -> Vec<Range<usize>> {
    let text = line.text;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let digit_at = |k: usize| {
        let (at, c) = chars[k];
        c.is_ascii() && line.digits[at].is_ascii_digit()
    };
    let symbol = |k: usize| digit_at(k) || is_mask(chars[k].1);
    let mut out = Vec::new();
    let mut k = 0;
    while k < chars.len() {
        let left_ok = k == 0 || !(chars[k - 1].1.is_alphanumeric() || is_mask(chars[k - 1].1));
        if !symbol(k) || !left_ok {
            k += 1;
            continue;
        }
        // Symbols, with single spaces or dashes between groups.
        let mut m = k;
        let mut pattern = Vec::new();
        let mut last = k;
        while m < chars.len() {
            if symbol(m) {
                pattern.push(if digit_at(m) { 'd' } else { 'm' });
                last = m;
                m += 1;
            } else if matches!(chars[m].1, ' ' | '-')
                && m + 1 < chars.len()
                && symbol(m + 1)
                && m > k
                && symbol(m - 1)
            {
                m += 1;
            } else {
                break;
            }
        }
        let end = chars[last].0 + chars[last].1.len_utf8();
        let rest = &text[end..];
        let glued = rest.starts_with(|c: char| c.is_alphanumeric())
            || (rest.starts_with(['.', ','])
                && rest[1..].starts_with(|c: char| c.is_ascii_digit()));
        let lead = pattern.iter().take_while(|&&p| p == 'd').count();
        let masks = pattern[lead..].iter().take_while(|&&p| p == 'm').count();
        let tail = pattern.len() - lead - masks;
        let tail_all_digits = pattern[lead + masks..].iter().all(|&p| p == 'd');
        if !glued
            && tail_all_digits
            && masks >= 4
            && lead <= 6
            && (3..=4).contains(&tail)
            && (8..=19).contains(&pattern.len())
        {
            out.push(chars[k].0..end);
        }
        k = m.max(k + 1);
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Network {
    /// A network's name: enough on its own before four digits.
    Named,
    /// A word that could mean other things (`CC`, `card`): needs a mask.
    Vague,
}

fn networks() -> &'static Labels<Network> {
    static NETWORKS: OnceLock<Labels<Network>> = OnceLock::new();
    NETWORKS.get_or_init(|| {
        use Network::*;
        Labels::new(&[
            ("visa", Named),
            ("mastercard", Named),
            ("master card", Named),
            ("master", Named),
            ("maestro", Named),
            ("amex", Named),
            ("american express", Named),
            ("diners", Named),
            ("discover", Named),
            ("jcb", Named),
            ("unionpay", Named),
            ("girocard", Named),
            ("card", Vague),
            ("karte", Vague),
            ("carte", Vague),
            ("cc", Vague),
            ("mc", Vague),
            ("ec", Vague),
            ("cb", Vague),
            ("debit", Vague),
            ("credit", Vague),
        ])
    })
}

/// A network's name, then (through masks or `ending`) the last four digits.
fn network_and_last_four(line: &Line) -> Vec<Range<usize>> {
    let text = line.text;
    let mut out = Vec::new();
    for hit in networks().find(text, &line.folded, End::Word) {
        let mut at = hit.end;
        let mut masked_at = None;
        let bytes = text.as_bytes();
        loop {
            let rest = &text[at..];
            let word_len = ["ending in", "ending", "endet auf", "nr.", "nr", "no.", "no"]
                .iter()
                .find(|w| {
                    rest.len() >= w.len()
                        && rest.is_char_boundary(w.len())
                        && rest[..w.len()].eq_ignore_ascii_case(w)
                        && !rest[w.len()..].starts_with(|c: char| c.is_alphanumeric())
                })
                .map(|w| w.len());
            if let Some(len) = word_len {
                at += len;
                continue;
            }
            match bytes.get(at) {
                Some(b' ' | b':' | b'.' | b'-') => at += 1,
                Some(b'*' | b'\'' | b'#' | b'x' | b'X') => {
                    masked_at.get_or_insert(at);
                    at += 1;
                }
                _ => break,
            }
        }
        if hit.value == Network::Vague && masked_at.is_none() {
            continue;
        }
        let digits = line.digits[at..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        let end = at + digits;
        let rest = &text[end..];
        let glued = rest.starts_with(|c: char| c.is_alphanumeric())
            || (rest.starts_with(['.', ',', ':'])
                && rest[1..].starts_with(|c: char| c.is_ascii_digit()));
        if digits == 4 && !glued {
            out.push(masked_at.unwrap_or(at)..end);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::privacy::Kind;
    use crate::privacy::tests::found_of;

    fn cards(text: &str) -> Vec<&str> {
        found_of(Kind::Card, text)
    }

    #[test]
    fn finds_whole_numbers_that_pass_luhn() {
        assert_eq!(
            cards("VISA 4111 1111 1111 1111 ok"),
            ["4111 1111 1111 1111"]
        );
        assert_eq!(cards("Paid 5500-0000-0000-0004"), ["5500-0000-0000-0004"]);
        assert_eq!(cards("AMEX 378282246310005."), ["378282246310005"]);
        assert_eq!(cards("K0NTO 4111 1111 1111 1lll"), ["4111 1111 1111 1lll"]);
        assert!(cards("ref 4111 1111 1111 1112").is_empty());
        // Luhn-valid by chance, but no card is printed 4-3-3-6.
        assert!(cards("6042 397 104 117806. 08.09.2017").is_empty());
        assert!(cards("TOTAL 1234.56 on 2026-03-01").is_empty());
    }

    #[test]
    fn leaves_barcodes_and_loyalty_cards_alone() {
        // EAN-13 barcodes that happen to pass Luhn.
        // German barcodes start 40-44 like a 13-digit Visa; these pass both checks.
        for barcode in ["4039621723216", "4018375751607 1 2.70", "SR-9556404118038"] {
            assert!(cards(barcode).is_empty(), "{barcode}");
        }
        assert_eq!(cards("VISA 4039621723216"), ["4039621723216"]);
        assert!(cards("SHELL LOYALTY CARD\n6018840059147765").is_empty());
        assert!(cards("CARD NUMBER 7897139011685960").is_empty());
        assert!(cards("PAYBACK Karte 308342****1234").is_empty());
        assert_eq!(
            cards("POINTS EARNED: 43\nVISA ************1234"),
            ["************1234"]
        );
        assert!(cards("*T3620000011000136498*").is_empty());
    }

    #[test]
    fn finds_masked_numbers() {
        for (text, want) in [
            ("CARD NO : ************9014", "************9014"),
            ("XXXXXXXXXXXX4318", "XXXXXXXXXXXX4318"),
            ("############9165", "############9165"),
            ("**** **** **** 1234", "**** **** **** 1234"),
            ("xxxx-xxxx-xxxx-4318 approved", "xxxx-xxxx-xxxx-4318"),
            ("CARD NO 46 XXXXXXXX 1819", "46 XXXXXXXX 1819"),
            ("ATTENDANT TAG CARD XXXXXXXXX0053", "XXXXXXXXX0053"),
            ("- ************7501", "************7501"),
            ("Karte ••••••••••••4242", "••••••••••••4242"),
        ] {
            assert_eq!(cards(text), [want], "{text}");
        }
    }

    #[test]
    fn masks_need_four_mask_characters_and_a_digit_tail() {
        for text in [
            "***",
            "****THANK YOU****",
            "9926016**",
            "#1011801-5",
            "XXL 1234",
            "*** 12.00",
        ] {
            assert!(cards(text).is_empty(), "{text}");
        }
    }

    #[test]
    fn finds_a_network_with_the_last_four_digits() {
        assert_eq!(cards("MASTER 5148 APP: 83650"), ["5148"]);
        assert_eq!(cards("PAID BY : CC*7185:RM111.90"), ["*7185"]);
        assert_eq!(cards("PAID BY : CC'7186:RM78.30"), ["'7186"]);
        assert_eq!(cards("Visa ending in 4242"), ["4242"]);
        for text in [
            "VISA 85.54",
            "EDC MASTER RM 41.95",
            "NAME CARD 1 X 148.00",
            "CARD 2018",
            "CREDIT 1000",
        ] {
            assert!(cards(text).is_empty(), "{text}");
        }
    }

    #[test]
    fn luhn_known_values() {
        assert!(luhn_valid(&[7, 9, 9, 2, 7, 3, 9, 8, 7, 1, 3]));
        assert!(!luhn_valid(&[7, 9, 9, 2, 7, 3, 9, 8, 7, 1, 4]));
        assert!(!luhn_valid(&[]));
    }

    /// Digits of a valid card: a network prefix, random digits, the Luhn
    /// check digit last.
    fn valid_card() -> impl Strategy<Value = Vec<u8>> {
        let prefixes: Vec<(Vec<u8>, usize)> = vec![
            (vec![4], 16),
            (vec![4], 19),
            (vec![5, 1], 16),
            (vec![5, 5], 16),
            (vec![2, 2, 2, 1], 16),
            (vec![3, 4], 15),
            (vec![3, 7], 15),
            (vec![6, 0, 1, 1], 16),
            (vec![3, 5, 3, 0], 16),
            (vec![6, 2], 19),
        ];
        proptest::sample::select(prefixes).prop_flat_map(|(prefix, len)| {
            proptest::collection::vec(0u8..10, len - prefix.len() - 1).prop_map(move |body| {
                let mut digits = prefix.clone();
                digits.extend(body);
                let check = (0..10u8)
                    .find(|&c| {
                        let mut all = digits.clone();
                        all.push(c);
                        luhn_valid(&all)
                    })
                    .unwrap();
                digits.push(check);
                digits
            })
        })
    }

    fn print(digits: &[u8], style: u8) -> String {
        let plain: String = digits.iter().map(|d| char::from(b'0' + d)).collect();
        match style % 3 {
            0 => plain,
            sep => {
                let sep = if sep == 1 { " " } else { "-" };
                plain
                    .as_bytes()
                    .chunks(4)
                    .map(|c| std::str::from_utf8(c).unwrap())
                    .collect::<Vec<_>>()
                    .join(sep)
            }
        }
    }

    proptest! {
        #[test]
        fn every_valid_card_is_found_whole(digits in valid_card(), style in 0u8..3) {
            let number = print(&digits, style);
            let text = format!("Paid with {number} thank you");
            prop_assert_eq!(cards(&text), vec![number.as_str()]);
        }

        #[test]
        fn one_wrong_digit_is_not_a_card(digits in valid_card(), style in 0u8..3, at in any::<prop::sample::Index>(), by in 1u8..10) {
            let mut digits = digits;
            let i = at.index(digits.len());
            digits[i] = (digits[i] + by) % 10;
            let number = print(&digits, style);
            let text = format!("Paid with {number} thank you");
            prop_assert!(!cards(&text).contains(&number.as_str()), "{}", text);
        }

        #[test]
        fn every_masked_form_is_found(
            mask in proptest::sample::select(vec!['*', 'X', 'x', '#']),
            grouped in any::<bool>(),
            sep in proptest::sample::select(vec![" ", "-"]),
            last in 0u16..10000,
        ) {
            let last = format!("{last:04}");
            let masked = if grouped {
                let group: String = std::iter::repeat_n(mask, 4).collect();
                format!("{group}{sep}{group}{sep}{group}{sep}{last}")
            } else {
                let group: String = std::iter::repeat_n(mask, 12).collect();
                format!("{group}{last}")
            };
            let text = format!("CARD NO: {masked} APPROVED");
            prop_assert_eq!(cards(&text), vec![masked.as_str()]);
        }

        #[test]
        fn amounts_dates_and_times_are_never_cards(
            amount in 0u32..100_000_000, cents in 0u8..100,
            day in 1u8..29, month in 1u8..13, year in 2000u16..2100,
            hour in 0u8..24, minute in 0u8..60,
        ) {
            let text = format!(
                "TOTAL RM {amount}.{cents:02}\nDATE {day:02}/{month:02}/{year} {hour:02}:{minute:02}\n{year}-{month:02}-{day:02}T{hour:02}:{minute:02}:00"
            );
            prop_assert!(cards(&text).is_empty(), "{}", text);
        }
    }
}
