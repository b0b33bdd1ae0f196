//! Loyalty, member and customer numbers: the value after a label such as
//! `MEMBER NO`, `VALUED CUSTOMER`, `LOYALTY CARD`, `ACCOUNT NO.`, `CUST #`,
//! `Kundennummer`, `PAYBACK`, `N° client`, `carte de fidélité`: a word of up
//! to 24 characters holding at least four digits (masked digits count), on
//! the same line or alone at the start of the next.
//!
//! `CARD NUMBER` names a loyalty card only where the receipt speaks of
//! points, members or rewards around it; otherwise it is a payment card,
//! which the card detector handles.
//!
//! Where the label is lost (OCR garbled it, or the scheme prints only its
//! name above the number), a long number is still a member's when it
//! stands beside loyalty words: ten digits or more, on a line within
//! [`BESIDE_LOYALTY`] lines of `points`, `member` or `bonus`. No price,
//! date or time has that many digits, and a receipt number or phone
//! painted by mistake costs the panel nothing it pays for.

use std::ops::Range;
use std::sync::OnceLock;

use super::card::speaks_of_loyalty;
use super::text::{End, Labels, Line, Page, digit_runs};

/// How many lines from loyalty words a long number counts as a member's,
/// and `CARD NUMBER` as a loyalty card's label.
const BESIDE_LOYALTY: usize = 2;
const CARD_NUMBER_BESIDE_LOYALTY: usize = 3;

/// The fewest digits of a member's number known by the loyalty words
/// around it alone.
const LONG_NUMBER_DIGITS: usize = 10;

pub(super) fn find(page: &Page) -> Vec<Range<usize>> {
    let loyal: Vec<bool> = page.lines.iter().map(speaks_of_loyalty).collect();
    let mut out = Vec::new();
    for (i, line) in page.lines.iter().enumerate() {
        if loyalty_within(&loyal, i, BESIDE_LOYALTY) {
            out.extend(long_numbers(line).into_iter().map(|r| line.global(r)));
        }
        for hit in labels().find(line.text, &line.folded, End::Word) {
            if hit.value == Label::CardNumber
                && !loyalty_within(&loyal, i, CARD_NUMBER_BESIDE_LOYALTY)
            {
                continue;
            }
            let after = skip_number_words(line.text, hit.end);
            let rest = &line.text[after..];
            if let Some(value) = value_at(line, after) {
                out.push(line.global(value));
            } else if rest.trim_matches(|c: char| !c.is_alphanumeric()).is_empty()
                && line.text[..hit.start].split_whitespace().count() <= 2
                && let Some(next) = page.lines.get(i + 1)
            {
                let lead = next.text.len() - next.text.trim_start().len();
                if let Some(value) = value_at(next, lead) {
                    out.push(next.global(value));
                }
            }
        }
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Label {
    Number,
    /// `CARD NUMBER`: loyalty only with loyalty words around.
    CardNumber,
}

#[rustfmt::skip]
fn labels() -> &'static Labels<Label> {
    static LABELS: OnceLock<Labels<Label>> = OnceLock::new();
    LABELS.get_or_init(|| {
        let mut list: Vec<(&str, Label)> = [
            "member", "membership", "member card", "loyalty", "loyalty card", "loyalty acc",
            "loyalty account", "customer", "valued customer", "customer code", "customer card",
            "cust", "client", "account", "acc", "a c", "rewards", "reward card", "points card",
            "clubcard", "club card", "nectar", "payback", "payback karte", "kunde", "kundennummer",
            "kundennr", "kunden nr", "kd nr", "kundenkarte", "mitglied", "mitgliedsnummer",
            "mitglieds", "bonuskarte", "treuekarte", "numéro client", "numero client", "n client",
            "no client", "carte fidélité", "carte de fidélité", "fidélité", "adhérent",
            "n adhérent", "ecard",
            // Fuel and shop loyalty schemes printed by name before the number.
            "mesra", "mesra card", "bonuslink", "bonuslink card", "petron miles", "shell card",
            "shell go", "journey card", "fleet card", "fleet", "ahli", "no ahli", "kad ahli",
        ]
        .map(|w| (w, Label::Number))
        .to_vec();
        list.extend(
            [
                "card number", "card no", "card", "karte", "kartennummer", "carte",
            ]
            .map(|w| (w, Label::CardNumber)),
        );
        Labels::new(&list)
    })
}

/// Whether a line within `lines` lines of line `i` speaks of loyalty
/// (`loyal`, one flag a line of the page).
fn loyalty_within(loyal: &[bool], i: usize, lines: usize) -> bool {
    let from = i.saturating_sub(lines);
    let to = (i + lines).min(loyal.len() - 1);
    loyal[from..=to].contains(&true)
}

/// Runs of digit groups joined by one space or dash, holding at least
/// [`LONG_NUMBER_DIGITS`] digits, that are not part of an amount or a
/// word: `6018 8800 1234 5678`, `7000-0012-3456`.
fn long_numbers(line: &Line) -> Vec<Range<usize>> {
    let text = line.text.as_bytes();
    let glued = |k: Option<usize>| {
        k.and_then(|k| text.get(k)).is_some_and(|&b| {
            b.is_ascii_alphabetic() || b == b'.' || b == b',' || b == b'/' || b == b':'
        })
    };
    digit_runs(&line.digits)
        .into_iter()
        .filter(|groups| groups.iter().map(|g| g.1 - g.0).sum::<usize>() >= LONG_NUMBER_DIGITS)
        .map(|groups| groups[0].0..groups[groups.len() - 1].1)
        .filter(|run| !glued(run.start.checked_sub(1)) && !glued(Some(run.end)))
        .collect()
}

/// Skips the separators and words that stand between a label and its
/// number: `NO.`, `NUM`, `NUMBER`, `NR`, `N°`, `ID`, `#`, `:`.
fn skip_number_words(text: &str, mut at: usize) -> usize {
    const WORDS: &[&str] = &[
        "number", "num", "nummer", "nr", "no", "n°", "id", "code", "acc", "numéro",
    ];
    loop {
        let rest = &text[at..];
        let trimmed = rest.trim_start_matches(|c: char| c.is_whitespace() || ":.#=-_°".contains(c));
        if trimmed.len() < rest.len() {
            at += rest.len() - trimmed.len();
            continue;
        }
        let word = WORDS.iter().find(|w| {
            trimmed.len() >= w.len()
                && trimmed.is_char_boundary(w.len())
                && trimmed[..w.len()].eq_ignore_ascii_case(w)
                && !trimmed[w.len()..].starts_with(|c: char| c.is_alphanumeric())
        });
        match word {
            Some(w) => at += w.len(),
            None => return at,
        }
    }
}

/// The number starting at `at`: a word of letters, digits and masks that
/// holds a digit, and the groups of two or more digits that follow it
/// one space apart (`6298 4300 1234 5678`, as cards print it or OCR splits
/// it); at least four digits or masked digits, at most 24 characters
/// besides the spaces; not an amount.
fn value_at(line: &Line, at: usize) -> Option<Range<usize>> {
    let text = line.text;
    let word_len = |from: usize| {
        let rest = &text[from..];
        let len = rest
            .char_indices()
            .find(|&(_, c)| !(c.is_alphanumeric() || c == '*' || c == '-' || c == '/'))
            .map_or(rest.len(), |(k, _)| k);
        rest[..len].trim_end_matches(['-', '/']).len()
    };
    let is_amount_after = |end: usize| {
        let after = &text[end..];
        after.starts_with(['.', ',']) && after[1..].starts_with(|c: char| c.is_ascii_digit())
    };
    let digits_in = |range: Range<usize>| {
        line.digits[range]
            .iter()
            .filter(|b| b.is_ascii_digit() || **b == b'*')
            .count()
    };
    let mut end = at + word_len(at);
    if digits_in(at..end) == 0 || is_amount_after(end) {
        return None;
    }
    while text[end..].starts_with(' ') {
        let next = end + 1;
        let len = word_len(next);
        if len < 2 || digits_in(next..next + len) < len || is_amount_after(next + len) {
            break;
        }
        end = next + len;
    }
    let chars = text[at..end].chars().filter(|&c| c != ' ').count();
    (chars <= 24 && digits_in(at..end) >= 4).then_some(at..end)
}

#[cfg(test)]
mod tests {
    use crate::privacy::Kind;
    use crate::privacy::tests::found_of;

    fn numbers(text: &str) -> Vec<&str> {
        found_of(Kind::Loyalty, text)
    }

    #[test]
    fn finds_numbers_after_their_labels() {
        for (text, want) in [
            ("VALUED CUSTOMER: 1370001392", "1370001392"),
            ("MEMBER NUM : 80148970", "80148970"),
            ("MEMBER 0000036581 POINTS EARNED: 11", "0000036581"),
            ("LOYALTY ACC.NUMBER 9926016**", "9926016**"),
            ("ACCOUNT NO.: 1000004587104", "1000004587104"),
            ("CUST #: C0001", "C0001"),
            ("SHELL LOYALTY CARD\n6018840059147765", "6018840059147765"),
            ("Kundennummer: 4711-0815", "4711-0815"),
            ("Kd.-Nr. 123456", "123456"),
            ("PAYBACK Karte 308342****1234", "308342****1234"),
            ("BONUSLINK CARD 6298 4300 1234 5678", "6298 4300 1234 5678"),
            ("MEMBER NO: 601 8840 059147", "601 8840 059147"),
            ("Payback-Nr.: 1234 5678 90", "1234 5678 90"),
            ("N° client : 00123456", "00123456"),
            ("Carte de fidélité 2900123456789", "2900123456789"),
            (
                "ECARD\nCARD NUMBER 7897139011685960\nAWARD BALANCE 412",
                "7897139011685960",
            ),
            // The label garbled, the scheme's words around the number.
            (
                "PETRON MILES\nCrd 7000 0012 3456 789\nPOINTS EARNED 12",
                "7000 0012 3456 789",
            ),
            (
                "MEMBER POINTS 120\n6018-8800-1234-5678",
                "6018-8800-1234-5678",
            ),
        ] {
            assert_eq!(numbers(text), [want], "{text}");
        }
    }

    #[test]
    fn leaves_other_numbers_alone() {
        for text in [
            "MEMBER POINTS : 0.00",
            "CUSTOMER SERVICE 1-300-22-2828",
            "CUSTOMER CARE LINE : 012-7092889",
            "BANK ACC MBB 5128 4851 2118",
            "POINT EARNED : 0",
            "CARD NO : 4111 1111 1111 1111",
            "NAME CARD",
            "MEMBER: WONG SHOO YUEN",
            "ACCOUNT 12.50",
            "MEMBER 12 34.50",
            "CUSTOMER'S PAYMENT\nCASH 50.00",
            "Vielen Dank an unsere Kunden\n33100 Paderborn",
            // Beside loyalty words, but no long number: an amount, a date
            // and time, a number glued to a word.
            "POINTS EARNED 12\nTOTAL 1234567890.00",
            "MEMBER POINTS 120\n12/03/2018 13:45:10",
            "BONUS\nINV1234567890123",
        ] {
            assert!(numbers(text).is_empty(), "{text}: {:?}", numbers(text));
        }
    }
}
