//! A receipt's lines analysed once for every field: the text of each line
//! in lower case, its amounts, how sure OCR was of it and how large it was
//! printed, and the receipt's locale.

use chrono::NaiveDate;

use super::amounts::{Amount, find_amounts};
use super::dates::DateOrder;
use super::locale::{self, Locale};
use super::words::lower_line;
use crate::intake::{Reading, median};

/// A line of the receipt, how sure its reader was of it (0.0 to 1.0) and
/// the height of its letters relative to the receipt's usual letters (1.0
/// for typed text).
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub text: String,
    pub conf: f32,
    pub height: f32,
}

/// What the receipt's own text gives beside its lines.
#[derive(Debug, Clone, Default)]
pub struct Context {
    pub default_currency: String,
    /// The configured order of day and month; `None`: from the receipt.
    pub order: Option<DateOrder>,
    /// No purchase is later than this.
    pub latest: Option<NaiveDate>,
    /// A merchant named outside the text (an e-mail's sender).
    pub sender_name: Option<String>,
    pub sender_domain: Option<String>,
    pub sent: Option<NaiveDate>,
}

/// The receipt as every field's candidates are found in it.
pub struct Page<'a> {
    pub lines: Vec<Line>,
    pub lowers: Vec<String>,
    pub amounts: Vec<Vec<Amount>>,
    pub locale: Locale,
    pub cx: &'a Context,
}

impl<'a> Page<'a> {
    pub fn new(lines: &[Line], cx: &'a Context) -> Page<'a> {
        let lines: Vec<Line> = lines
            .iter()
            .filter(|l| !l.text.trim().is_empty())
            .cloned()
            .collect();
        let text = lines
            .iter()
            .map(|l| l.text.as_str())
            .collect::<Vec<_>>()
            .join("\n");
        Page {
            lowers: lines.iter().map(|l| lower_line(&l.text)).collect(),
            amounts: lines.iter().map(|l| find_amounts(&l.text)).collect(),
            locale: locale::infer(&text, cx.order, &cx.default_currency),
            lines,
            cx,
        }
    }

    pub fn text(&self) -> String {
        self.lines
            .iter()
            .map(|l| l.text.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    }

    pub fn latest(&self) -> NaiveDate {
        self.cx
            .latest
            .unwrap_or_else(|| NaiveDate::from_ymd_opt(2999, 12, 31).expect("valid"))
    }

    /// A line's place from top (0) to bottom (1).
    pub fn position(&self, row: usize) -> f32 {
        row as f32 / (self.lines.len().max(2) - 1) as f32
    }
}

/// Lines of plain text, each fully sure.
pub fn typed_lines(text: &str) -> Vec<Line> {
    text.lines()
        .map(|l| Line {
            text: l.trim().to_string(),
            conf: 1.0,
            height: 1.0,
        })
        .collect()
}

/// The rows of an OCR reading, each with its words' mean confidence and
/// median height against the median height of all words.
pub fn ocr_lines(reading: &Reading) -> Vec<Line> {
    let rows = reading.text.lines().count();
    let mut confs = vec![(0.0f32, 0u32); rows];
    let mut heights: Vec<Vec<u32>> = vec![Vec::new(); rows];
    for word in &reading.words {
        if word.row < rows {
            confs[word.row].0 += word.conf;
            confs[word.row].1 += 1;
            heights[word.row].push(word.bbox[3]);
        }
    }
    let mut all: Vec<u32> = reading.words.iter().map(|w| w.bbox[3]).collect();
    let usual = median(&mut all).unwrap_or(0).max(1) as f32;
    reading
        .text
        .lines()
        .enumerate()
        .map(|(i, text)| Line {
            text: text.to_string(),
            conf: Some(confs[i])
                .filter(|c| c.1 > 0)
                .map_or(0.5, |c| c.0 / c.1 as f32 / 100.0),
            height: match median(&mut heights[i]).unwrap_or(0) {
                0 => 1.0,
                h => h as f32 / usual,
            },
        })
        .collect()
}
