//! A reading's words regrouped by column, so that a label and its value
//! that stand one above the other read as one line after another.
//!
//! OCR gives a picture's text row by row: `ATTENDED BY` in the right column
//! of one row, and below it `PRODUCT & SERVICE   FONG MUN LOONG`, the left
//! column's words first. Read that way the name is not on the line after
//! its label. Split at the wide gaps between words, each row falls into
//! pieces; the pieces are then written column by column, top to bottom,
//! with a blank line wherever a column skips a row. The detectors read
//! this text as they read any other, and a finding in it is the words it
//! touches.

use std::ops::Range;

use crate::intake::{Reading, Word, median};

/// The column view of a reading: its text, and for each of the reading's
/// words that it holds, where it is in that text.
pub(crate) struct Columns {
    pub text: String,
    /// (range in [`Columns::text`], index in [`Reading::words`]).
    pub words: Vec<(Range<usize>, usize)>,
}

impl Columns {
    /// The reading's words that `span` of the column text touches.
    pub fn words_in(&self, span: &Range<usize>) -> Vec<usize> {
        self.words
            .iter()
            .filter(|(r, _)| r.start < span.end && span.start < r.end)
            .map(|&(_, i)| i)
            .collect()
    }
}

/// A run of words on one row with no wide gap between them.
struct Piece {
    row: usize,
    left: u32,
    top: u32,
    words: Vec<usize>,
}

/// The column view, or `None` when no row has a wide gap: then it is the
/// reading's own text.
pub(crate) fn columns(reading: &Reading) -> Option<Columns> {
    let pieces = pieces(&reading.words);
    let rows_split = pieces.windows(2).any(|p| p[0].row == p[1].row);
    if !rows_split {
        return None;
    }
    let height = median_height(&reading.words);
    // Pieces whose left edges are within two letters' height of the first
    // piece of a column belong to it.
    let mut order: Vec<&Piece> = pieces.iter().collect();
    order.sort_by_key(|p| (p.left, p.top));
    let mut columns: Vec<Vec<&Piece>> = Vec::new();
    for piece in order {
        match columns.last_mut() {
            Some(column) if piece.left <= column[0].left + 2 * height => column.push(piece),
            _ => columns.push(vec![piece]),
        }
    }
    let mut out = Columns {
        text: String::new(),
        words: Vec::new(),
    };
    for mut column in columns {
        column.sort_by_key(|p| (p.row, p.left));
        let mut last_row = None;
        for piece in column {
            if !out.text.is_empty() {
                out.text.push('\n');
                if last_row.is_none_or(|r: usize| piece.row > r + 1) {
                    out.text.push('\n');
                }
            }
            last_row = Some(piece.row);
            for (k, &i) in piece.words.iter().enumerate() {
                if k > 0 {
                    out.text.push(' ');
                }
                let start = out.text.len();
                out.text.push_str(&reading.words[i].text);
                out.words.push((start..out.text.len(), i));
            }
        }
    }
    Some(out)
}

/// Each row's words cut where the gap between two words is wider than
/// twice their height: a space between words is narrower than a letter is
/// tall, a gap between columns wider.
fn pieces(words: &[Word]) -> Vec<Piece> {
    let mut pieces: Vec<Piece> = Vec::new();
    for (i, word) in words.iter().enumerate() {
        let [left, top, _, h] = word.bbox;
        let joins = pieces.last().is_some_and(|p| {
            let prev = &words[*p.words.last().expect("a piece has words")];
            let prev_end = prev.bbox[0] + prev.bbox[2];
            let tall = h.max(prev.bbox[3]).max(1);
            p.row == word.row && left <= prev_end + 2 * tall
        });
        match pieces.last_mut() {
            Some(piece) if joins => {
                piece.words.push(i);
                piece.top = piece.top.min(top);
            }
            _ => pieces.push(Piece {
                row: word.row,
                left,
                top,
                words: vec![i],
            }),
        }
    }
    pieces
}

fn median_height(words: &[Word]) -> u32 {
    let mut heights: Vec<u32> = words.iter().map(|w| w.bbox[3]).collect();
    median(&mut heights).unwrap_or(10).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::intake::drawn::reading;

    #[test]
    fn a_value_below_its_label_follows_it_in_the_column_view() {
        let reading = reading(&[
            &[(10, "INVOICE"), (74, "12"), (300, "ATTENDED"), (372, "BY")],
            &[
                (10, "PRODUCT"),
                (74, "&"),
                (90, "SERVICE"),
                (302, "FONG"),
                (340, "MUN"),
            ],
            &[(10, "IN"), (30, "GOOD"), (70, "ORDER")],
        ]);
        let columns = columns(&reading).expect("rows with gaps");
        assert_eq!(
            columns.text,
            "INVOICE 12\nPRODUCT & SERVICE\nIN GOOD ORDER\n\nATTENDED BY\nFONG MUN"
        );
        let at = columns.text.find("FONG").unwrap();
        let words = columns.words_in(&(at..at + 8));
        assert_eq!(words, [7, 8]);
    }

    #[test]
    fn rows_without_gaps_have_no_column_view() {
        let reading = reading(&[&[(10, "TOTAL"), (60, "9.90")], &[(10, "CASH")]]);
        assert!(columns(&reading).is_none());
    }
}
