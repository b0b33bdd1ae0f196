//! A value found once is withheld wherever the picture prints it again.
//!
//! Receipts print an e-mail address in the header and the footer, a card
//! number on the shop's copy and the slip, the cashier's name after a label
//! and alone under the time. A detector that needs the label or a clean
//! reading finds only some of these; every reading is searched for the
//! values found anywhere, as OCR-tolerant word runs (letters and digits
//! only, upper case; digits only for a phone).

use super::Kind;
use super::found::Found;
use super::text::is_receipt_word;
use crate::intake::{Picture, Word};

/// A value to look for, folded as its kind is compared.
struct Needle {
    kind: Kind,
    folded: String,
}

/// Findings for the places where a found value is printed again and not
/// yet found there.
pub(super) fn printed_again(picture: &Picture, found: &[Found]) -> Vec<Found> {
    let mut needles: Vec<Needle> = Vec::new();
    for f in found {
        let Some(text) = picture
            .reading(f.reading)
            .and_then(|r| r.text.get(f.span.clone()))
        else {
            continue;
        };
        if let Some(folded) = needle(f.kind, text)
            && !needles
                .iter()
                .any(|n| n.kind == f.kind && n.folded == folded)
        {
            needles.push(Needle {
                kind: f.kind,
                folded,
            });
        }
    }
    let mut out: Vec<Found> = Vec::new();
    for (n, reading) in picture.all_readings().enumerate() {
        for row in rows(&reading.words) {
            for needle in &needles {
                for run in runs(row, needle) {
                    let span = run[0].span.start..run[run.len() - 1].span.end;
                    let taken = found.iter().chain(&out).any(|f| {
                        f.reading == n && f.span.start < span.end && span.start < f.span.end
                    });
                    if !taken {
                        out.push(Found {
                            kind: needle.kind,
                            reading: n,
                            span,
                            boxes: run.iter().map(|w| w.bbox).collect(),
                        });
                    }
                }
            }
        }
    }
    out
}

/// What of a found value is worth looking for again: none when it is too
/// short or too common to tell apart from other text.
fn needle(kind: Kind, text: &str) -> Option<String> {
    let folded = fold(kind, text);
    let long_enough = match kind {
        Kind::Phone => folded.len() >= 7,
        Kind::Name => folded.len() >= 4 && !text.split_whitespace().all(is_receipt_word),
        Kind::Email | Kind::Card | Kind::Iban | Kind::Loyalty => folded.len() >= 6,
        Kind::Address | Kind::Health => false,
    };
    long_enough.then_some(folded)
}

fn fold(kind: Kind, text: &str) -> String {
    let keep = |c: &char| match kind {
        Kind::Phone => c.is_ascii_digit(),
        _ => c.is_alphanumeric(),
    };
    text.chars()
        .filter(keep)
        .flat_map(char::to_uppercase)
        .collect()
}

/// The words of each row.
fn rows(words: &[Word]) -> Vec<&[Word]> {
    words.chunk_by(|a, b| a.row == b.row).collect()
}

/// The shortest runs of words in `row` that print the needle: for a short
/// one, runs that fold to exactly it; for a name, runs that end with it (a
/// label glued on in front, `CASHIER:SALMAN`, and never the shop
/// `RESTORAN SALMANBISTRO`); for a long number, runs holding it.
fn runs<'a>(row: &'a [Word], needle: &Needle) -> Vec<&'a [Word]> {
    let wanted = needle.folded.as_str();
    let short = wanted.len() < 6;
    let name = needle.kind == Kind::Name;
    let mut out: Vec<&[Word]> = Vec::new();
    let mut from = 0;
    while from < row.len() {
        let mut folded = String::new();
        let mut hit = None;
        for (end, word) in row.iter().enumerate().skip(from) {
            folded.push_str(&fold(needle.kind, &word.text));
            if folded.len() >= wanted.len() {
                let matches = match (short, name) {
                    (true, _) => folded == wanted,
                    (false, true) => folded.ends_with(wanted),
                    (false, false) => folded.contains(wanted),
                };
                hit = matches.then_some(end);
                break;
            }
        }
        match hit {
            Some(end) => {
                // The run starts at the last word it still needs.
                let start = (from..=end)
                    .rev()
                    .find(|&s| {
                        let tail: String = row[s..=end]
                            .iter()
                            .map(|w| fold(needle.kind, &w.text))
                            .collect();
                        tail.contains(wanted)
                    })
                    .unwrap_or(from);
                out.push(&row[start..=end]);
                from = end + 1;
            }
            None => from += 1,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::intake::Reading;

    fn reading(rows: &[&str]) -> Reading {
        Reading {
            size: (400, 200),
            ..crate::intake::drawn::grid(rows, 60, 50)
        }
    }

    #[test]
    fn a_value_printed_twice_is_found_twice() {
        let picture = Picture {
            pixels: image::DynamicImage::new_luma8(400, 200),
            readings: vec![reading(&[
                "CASHIER : ALEX",
                "TOTAL 9.90",
                "06/07/16 13:54",
                "ALEX",
                "mail JANE @ SHOP , COM now",
                "call 03-7956 1234",
            ])],
            looks: Vec::new(),
            photo: false,
        };
        let text = &picture.readings[0].text;
        let at = |s: &str| {
            let i = text.find(s).unwrap();
            i..i + s.len()
        };
        let found = [
            (Kind::Name, at("ALEX")),
            (Kind::Email, at("mail")),
            (Kind::Phone, at("TOTAL")),
        ]
        .map(|(kind, span)| Found {
            kind,
            reading: 0,
            span,
            boxes: Vec::new(),
        });
        let mut found = found.to_vec();
        // The e-mail and phone were found elsewhere as `jane@shop.com` and
        // `0379561234`: give their values through spans of a second reading.
        let mut second = picture;
        second.readings.push(reading(&["jane@shop.com 0379561234"]));
        found[1] = Found {
            kind: Kind::Email,
            reading: 1,
            span: 0..13,
            boxes: Vec::new(),
        };
        found[2] = Found {
            kind: Kind::Phone,
            reading: 1,
            span: 14..24,
            boxes: Vec::new(),
        };
        let again = printed_again(&second, &found);
        let texts: Vec<(Kind, usize, &str)> = again
            .iter()
            .map(|f| {
                let text = &second.reading(f.reading).unwrap().text;
                (f.kind, f.reading, &text[f.span.clone()])
            })
            .collect();
        assert_eq!(
            texts,
            [
                (Kind::Name, 0, "ALEX"),
                (Kind::Email, 0, "JANE @ SHOP , COM"),
                (Kind::Phone, 0, "03-7956 1234"),
            ]
        );
    }

    #[test]
    fn a_name_is_printed_again_only_at_the_end_of_a_word() {
        let picture = Picture {
            pixels: image::DynamicImage::new_luma8(400, 200),
            readings: vec![reading(&[
                "RESTORAN SALMANBISTRO",
                "CASHIER : SALMAN",
                "CASHIER:SALMAN",
            ])],
            looks: Vec::new(),
            photo: false,
        };
        let text = &picture.readings[0].text;
        let at = text.find(": SALMAN").unwrap() + 2;
        let found = [Found {
            kind: Kind::Name,
            reading: 0,
            span: at..at + 6,
            boxes: Vec::new(),
        }];
        let again = printed_again(&picture, &found);
        let texts: Vec<&str> = again.iter().map(|f| &text[f.span.clone()]).collect();
        assert_eq!(texts, ["CASHIER:SALMAN"]);
    }

    #[test]
    fn short_or_common_values_are_not_looked_for() {
        assert_eq!(needle(Kind::Name, "CASH"), None);
        assert_eq!(needle(Kind::Name, "ASH"), None);
        assert_eq!(needle(Kind::Phone, "12345"), None);
        assert_eq!(needle(Kind::Name, "Alex"), Some("ALEX".into()));
    }
}
