//! Readings laid out by hand, for tests of what is done with word boxes:
//! rows 30 pixels apart, words 12 pixels tall and 8 pixels a letter wide,
//! as if OCR had read them from a 600-pixel-wide picture.

use super::{Reading, Word};

/// A reading of `rows`, each a list of (left edge, word).
pub(crate) fn reading(rows: &[&[(u32, &str)]]) -> Reading {
    let mut text = String::new();
    let mut words = Vec::new();
    for (row, line) in rows.iter().enumerate() {
        if row > 0 {
            text.push('\n');
        }
        for (k, &(left, word)) in line.iter().enumerate() {
            if k > 0 {
                text.push(' ');
            }
            let start = text.len();
            text.push_str(word);
            words.push(Word {
                text: word.into(),
                bbox: [
                    left,
                    10 + 30 * row as u32,
                    8 * word.chars().count() as u32,
                    12,
                ],
                conf: 90.0,
                block: 1,
                par: 1,
                line: row as u32,
                row,
                span: start..text.len(),
            });
        }
    }
    Reading {
        text,
        words,
        size: (600, 40 + 30 * rows.len() as u32),
    }
}
