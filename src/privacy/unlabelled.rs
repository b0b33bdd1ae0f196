//! Person names printed without a label that says so.
//!
//! Most names left on a shared receipt stand where no `CASHIER:` names
//! them: the proprietor's name printed above the shop's (`TAN AH KOW` over
//! `KOW TRADING SDN BHD`), a member's name beside the points, the
//! cashier's name alone under the time, a name after a till's own code
//! (`VE05: AZLAN`). Each line that could be such a name (one to four
//! words of letters, or the words after a short code and a colon) is
//! described by numbers: how much its words look like a name
//! ([`name_word_counts`]: known given and family names, romanised
//! syllables, receipt, trade or address words), whether it stands where
//! receipts print a person, where on the page it stands and what its
//! neighbours say. A logistic model weighs them; a line is taken for a
//! name when its probability reaches the threshold and it holds at least
//! one known name, so that a shop's brand (`A PIE THING`) or OCR's noise
//! stays.
//!
//! The weights and the threshold are learned from the tune part of the
//! scanned development receipts by `cargo run --example train_name_lines`,
//! which writes the features it learned from to `training/name_lines.tsv`
//! (numbers and labels only) and the model to `name_lines.json`; a test
//! refits the table and finds the committed model. The threshold is the
//! lowest at which the table's precision stays at [`MIN_PRECISION`]:
//! painting a line that is no name can hide the shop or the total.

use std::ops::Range;
use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

use super::card::speaks_of_loyalty;
use super::name_words::{is_company_word, name_word_counts};
use super::text::{Line, Page};
use crate::logistic::{self, Model};

/// The features of a candidate line, in the order of the weights.
pub const FEATURES: &[&str] = &[
    "known_names",
    "syllables",
    "other_words",
    "words",
    "one_word",
    "header",
    "beside_points",
    "under_time",
    "after_code",
    "foot",
    "from_top",
    "all_caps",
    "under_a_label",
];

/// Where the count of known name words stands among the features.
const KNOWN_NAMES: usize = 0;

/// How many lines from the top a proprietor's name may stand, and from
/// the bottom a lone name.
const HEADER_LINES: usize = 3;
const FOOT_LINES: usize = 4;

/// The precision on the training table the threshold must keep.
pub const MIN_PRECISION: f64 = 0.9;

/// The learned scorer: weights and the probability a line must reach.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NameLineModel {
    pub model: Model,
    pub threshold: f64,
}

static MODEL: LazyLock<NameLineModel> = LazyLock::new(|| {
    serde_json::from_str(include_str!("name_lines.json")).expect("name_lines.json is valid")
});

/// A line, or the name-like part of one, that could be a name printed
/// without a label: its byte range in the whole text and its features.
#[derive(Debug, Clone)]
pub struct NameLine {
    pub span: Range<usize>,
    pub features: Vec<f32>,
}

pub(super) fn find(page: &Page) -> Vec<Range<usize>> {
    let model = &*MODEL;
    candidates(page)
        .into_iter()
        // A line without one known name is never taken, however its
        // syllables score: OCR's noise (`eee eee ee`) is all syllables.
        .filter(|c| c.features[KNOWN_NAMES] >= 1.0)
        .filter(|c| f64::from(model.model.probability(&c.features)) >= model.threshold)
        .map(|c| c.span)
        .collect()
}

/// Every candidate name line of `text` with its features.
pub fn name_lines(text: &str) -> Vec<NameLine> {
    candidates(&Page::new(text))
}

fn candidates(page: &Page) -> Vec<NameLine> {
    let filled: Vec<&Line> = page.lines.iter().filter(|l| !l.is_blank()).collect();
    let mut out = Vec::new();
    for (k, line) in filled.iter().enumerate() {
        let prev = k.checked_sub(1).map(|p| filled[p]);
        let next = filled.get(k + 1).copied();
        let (range, words, code) = match whole_line_name(line) {
            Some((range, words)) => (range, words, false),
            None => match after_code(line) {
                Some((range, words)) => (range, words, true),
                None => continue,
            },
        };
        let counts = name_word_counts(&words);
        let flag = |b: bool| if b { 1.0 } else { 0.0 };
        let header = k < HEADER_LINES && next.is_some_and(names_a_company);
        let beside_points = [prev, next].into_iter().flatten().any(speaks_of_loyalty);
        let under_time = prev.is_some_and(prints_a_time);
        let foot = k + FOOT_LINES >= filled.len();
        let from_top = k as f32 / (filled.len().max(2) - 1) as f32;
        let all_caps = words.iter().all(|w| !w.chars().any(char::is_lowercase));
        let under_a_label = prev.is_some_and(|p| p.text.trim_end().ends_with(':'));
        let features = vec![
            counts.known as f32,
            counts.syllables as f32,
            counts.other as f32,
            words.len() as f32,
            flag(words.len() == 1),
            flag(header),
            flag(beside_points),
            flag(under_time),
            flag(code),
            flag(foot),
            from_top,
            flag(all_caps),
            flag(under_a_label),
        ];
        debug_assert_eq!(features.len(), FEATURES.len());
        debug_assert_eq!(FEATURES[KNOWN_NAMES], "known_names");
        out.push(NameLine {
            span: line.global(range),
            features,
        });
    }
    out
}

/// Fits the scorer to a training table: a header `group label NAMES…`,
/// then one row per candidate line; the threshold is the lowest
/// probability at which the lines taken are right at least
/// [`MIN_PRECISION`] of the time.
pub fn fit_table(table: &str) -> NameLineModel {
    let (names, table_rows) = logistic::read_table(table);
    let rows: Vec<(bool, Vec<f64>)> = table_rows
        .into_iter()
        .map(|(_, label, values)| (label, values))
        .collect();
    let model = Model::fit(&names, &rows);
    let mut scored: Vec<(f64, bool)> = rows
        .iter()
        .map(|(label, x)| {
            let x: Vec<f32> = x.iter().map(|v| *v as f32).collect();
            (f64::from(model.probability(&x)), *label)
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    // A threshold takes every line scoring at least as much, ties too.
    let mut threshold = 1.0;
    let (mut right, mut taken) = (0usize, 0usize);
    for (k, (p, label)) in scored.iter().enumerate() {
        taken += 1;
        right += usize::from(*label);
        let last_of_tie = scored.get(k + 1).is_none_or(|next| next.0 < *p);
        if last_of_tie && right > 0 && right as f64 >= MIN_PRECISION * taken as f64 {
            threshold = *p;
        }
    }
    NameLineModel {
        model,
        threshold: (threshold * 1e4).floor() / 1e4,
    }
}

/// The line's words when the line is nothing but one to four words of
/// letters (with marks around them), and their range in the line.
fn whole_line_name<'a>(line: &Line<'a>) -> Option<(Range<usize>, Vec<&'a str>)> {
    let text = line.text;
    let edge = |c: char| c.is_whitespace() || ".,:;*-_|'\"()[]".contains(c);
    let body = text.trim_matches(edge);
    let start = text.len() - text.trim_start_matches(edge).len();
    let words: Vec<&str> = body.split_whitespace().collect();
    if words.is_empty() || words.len() > 4 {
        return None;
    }
    let letters = |w: &&str| w.chars().all(|c| c.is_alphabetic() || ".'-".contains(c));
    if !words.iter().all(letters) {
        return None;
    }
    Some((start..start + body.len(), words))
}

/// The words after a short code and a colon: `VE05: AZLAN(3737)`. The
/// code is one word with a digit, which no field label has.
fn after_code<'a>(line: &Line<'a>) -> Option<(Range<usize>, Vec<&'a str>)> {
    let text = line.text;
    let colon = text.find(':')?;
    let code = text[..colon].trim();
    let is_code = !code.is_empty()
        && !code.contains(char::is_whitespace)
        && code.len() <= 8
        && code.chars().any(|c| c.is_ascii_digit())
        && code.chars().any(char::is_alphabetic);
    if !is_code {
        return None;
    }
    let value_start = colon + 1 + (text[colon + 1..].len() - text[colon + 1..].trim_start().len());
    let mut words = Vec::new();
    let mut end = value_start;
    for (s, e) in super::text::words(&text[value_start..]) {
        let word = &text[value_start + s..value_start + e];
        // A staff number glued to the name: `AZLAN(3737)`.
        let core = word.split(['(', '[']).next().unwrap_or(word);
        if core.is_empty() || !core.chars().all(char::is_alphabetic) || words.len() == 4 {
            break;
        }
        words.push(core);
        end = value_start + s + core.len();
        if core.len() < word.len() {
            break;
        }
    }
    (!words.is_empty()).then_some((value_start..end, words))
}

/// Whether a line names a company: a legal form or trade word of one.
fn names_a_company(line: &Line) -> bool {
    line.text
        .split(|c: char| c.is_whitespace() || ".,()[]".contains(c))
        .any(|w| !w.is_empty() && is_company_word(w))
}

/// Whether a line prints a time of day: `13:54`, `8:13:39`.
fn prints_a_time(line: &Line) -> bool {
    let b = line.text.as_bytes();
    (0..b.len()).any(|i| {
        b[i] == b':'
            && i >= 1
            && b[i - 1].is_ascii_digit()
            && b.get(i + 1).is_some_and(u8::is_ascii_digit)
            && b.get(i + 2).is_some_and(u8::is_ascii_digit)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::privacy::Kind;
    use crate::privacy::tests::found_of;

    fn names(text: &str) -> Vec<&str> {
        found_of(Kind::Name, text)
    }

    #[test]
    fn a_proprietor_above_the_shop_is_a_name() {
        let text = "LIM AH SENG\nSENG HUAT HARDWARE SDN BHD\nNO 5, JALAN MAWAR\nTOTAL 9.90";
        assert_eq!(names(text), ["LIM AH SENG"]);
    }

    #[test]
    fn a_brand_above_the_company_stays() {
        for text in [
            "A PIE THING\nFOUR SEASONS SDN BHD\nTOTAL 9.90",
            "GOLDEN BAKERY\nGOLDEN BAKERY ENTERPRISE\n",
            "TEO HENG STATIONERY & BOOKS\n(0012345-M)",
        ] {
            assert!(names(text).is_empty(), "{text}: {:?}", names(text));
        }
    }

    #[test]
    fn a_name_beside_the_points_or_under_the_time_is_a_name() {
        let text = "TOTAL 12.00\nGOH SIEW MEI\nPOINTS : 1,200\n";
        assert_eq!(names(text), ["GOH SIEW MEI"]);
        // Where receipts print it: near the foot, under the time.
        let text = format!(
            "KEDAI MAKAN SDN BHD\nNO 5, JALAN MAWAR\n{}TOTAL 7.00\nCASH 20.00\n\
             06/07/16 13:54 #001\nKEVIN\nGST SUMMARY\nSR 1.00",
            "NASI LEMAK 5.00\n".repeat(12)
        );
        assert_eq!(names(&text), ["KEVIN"]);
        let text = "06/07/16 13:54\nCHICKEN RICE\n2 x 5.00";
        assert!(names(text).is_empty(), "{:?}", names(text));
    }

    #[test]
    fn a_name_after_a_till_code_is_a_name() {
        let text = format!(
            "KEDAI MAKAN SDN BHD\nNO 5, JALAN MAWAR\n47500 SUBANG JAYA\n{}\
             VE07: ROSLAN(1234)\nDD: 01/01/2020\n{}TOTAL 5.00",
            "GST ID : 000123456789\n".repeat(2),
            "NASI LEMAK 5.00\n".repeat(4)
        );
        assert_eq!(names(&text), ["ROSLAN"]);
        assert!(names("VE07: BREAD ROLL").is_empty());
        assert!(names("TABLE 5: 2 PAX").is_empty());
    }

    #[test]
    fn ocr_noise_of_syllables_is_no_name() {
        let text = "KEDAI MAKAN SDN BHD\neee eee eee ee\nTOTAL 5.00\nEEE EEE EE\nTHANK YOU";
        assert!(names(text).is_empty(), "{:?}", names(text));
    }

    #[test]
    fn a_lone_name_at_the_foot_needs_strong_words() {
        let foot = "THANK YOU\nPLEASE COME AGAIN\nWONG MEI LING";
        assert_eq!(names(foot), ["WONG MEI LING"]);
        let foot = "THANK YOU\nPLEASE COME AGAIN\nHAVE A NICE DAY";
        assert!(names(foot).is_empty(), "{:?}", names(foot));
    }

    #[test]
    fn the_threshold_keeps_the_precision_on_the_table() {
        // Ten right lines with a known name, ten wrong ones without, and two
        // wrong ones with a known name, which score as the right ones do.
        let mut table = String::from("group\tlabel\tknown\n");
        for g in 0..10 {
            table.push_str(&format!("{g}\t1\t1\n{g}\t0\t0\n"));
        }
        table.push_str("10\t0\t1\n11\t0\t1\n");
        let fitted = fit_table(&table);
        let p = |x: f32| f64::from(fitted.model.probability(&[x]));
        assert!(p(1.0) > p(0.0));
        // 10 of 12 lines with a known name are right: below 0.9, so no
        // threshold that takes them is allowed.
        assert!(fitted.threshold > p(1.0), "{fitted:?}");
        for g in 12..22 {
            table.push_str(&format!("{g}\t1\t1\n"));
        }
        // 20 of 22: at 0.9 precision the known-name lines are taken.
        let fitted = fit_table(&table);
        assert!(fitted.threshold <= f64::from(fitted.model.probability(&[1.0])));
    }

    #[test]
    fn retraining_reproduces_the_committed_model() {
        let fitted = fit_table(include_str!("training/name_lines.tsv"));
        let committed = &*MODEL;
        assert_eq!(fitted.model.features, committed.model.features);
        assert!((fitted.threshold - committed.threshold).abs() < 1e-3);
        for (got, want) in std::iter::once((&fitted.model.bias, &committed.model.bias))
            .chain(fitted.model.weights.iter().zip(&committed.model.weights))
        {
            assert!((got - want).abs() < 1e-3, "{fitted:?} vs {committed:?}");
        }
    }

    #[test]
    fn the_code_computes_the_features_the_weights_were_learned_on() {
        assert_eq!(MODEL.model.features, FEATURES);
        for line in name_lines("TAN AH KOW\nKOW TRADING SDN BHD\nVE05: AZLAN(3737)") {
            assert_eq!(line.features.len(), FEATURES.len());
        }
    }
}
