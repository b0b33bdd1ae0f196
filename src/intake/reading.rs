//! What OCR read in a picture: its words with their boxes in the upright
//! picture's pixels, and the text they make, row by row.

use std::ops::Range;
use std::time::Instant;

use anyhow::Result;
use image::{DynamicImage, GrayImage};

use super::ocr::{RawWord, Started};
use super::prepare::{Preparation, Prepared};

/// An upright picture and what OCR read in it.
pub struct Picture {
    pub pixels: DynamicImage,
    /// One reading per OCR pass, the first pass first; empty when the
    /// picture was not read (no OCR installed and every field given).
    pub readings: Vec<Reading>,
    /// Readings made only to find personal data, never to read fields: the
    /// picture as it is, without the preparation that helps fields.
    pub looks: Vec<Reading>,
    /// A photo: a receipt was found in it and `pixels` are that receipt,
    /// flattened.
    pub photo: bool,
}

impl Picture {
    /// The words of every pass: each place that printed something.
    pub fn words(&self) -> impl Iterator<Item = &Word> {
        self.all_readings().flat_map(|r| r.words.iter())
    }

    /// Every reading, the field readings first and then the looks; a
    /// reading's place in this order is its number.
    pub fn all_readings(&self) -> impl Iterator<Item = &Reading> {
        self.readings.iter().chain(&self.looks)
    }

    /// Reading number `n` of [`Picture::all_readings`].
    pub fn reading(&self, n: usize) -> Option<&Reading> {
        self.all_readings().nth(n)
    }
}

/// How a privacy look prepares a picture: not at all (no crop, no scale,
/// no straightening), read as one column of lines. What a preparation
/// drops as noise can be a faint line that prints a card number again.
pub fn look_preparation() -> Preparation {
    Preparation {
        keep_glyphs: (0.0, f32::MAX),
        deskew_min_degrees: 0.0,
        binarise: false,
        crop: false,
        clear_borders: false,
        psm: 4,
        ..Preparation::default()
    }
}

/// The text of one OCR pass and the words it is made of.
#[derive(Debug, Clone, PartialEq)]
pub struct Reading {
    /// Rows of words, top to bottom, words separated by a space and rows by
    /// a newline.
    pub text: String,
    pub words: Vec<Word>,
    /// The picture's size, in pixels, that the boxes refer to.
    pub size: (u32, u32),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Word {
    pub text: String,
    /// Left, top, width, height in the upright picture's pixels.
    pub bbox: [u32; 4],
    /// Tesseract's confidence, 0 to 100.
    pub conf: f32,
    /// Tesseract's block, paragraph and line numbers.
    pub block: u32,
    pub par: u32,
    pub line: u32,
    /// The row of the text this word is on, counted from 0.
    pub row: usize,
    /// Where the word is in [`Reading::text`].
    pub span: Range<usize>,
}

/// One OCR pass: a started Tesseract reads the prepared images, and the
/// boxes it finds are mapped back to each upright picture of the size
/// given with it.
pub fn ocr_passes(
    ocr: Started,
    pages: &[(&Prepared, (u32, u32))],
    deadline: Instant,
) -> Result<Vec<Reading>> {
    let images: Vec<&GrayImage> = pages.iter().map(|(p, _)| &p.image).collect();
    let found = ocr.recognise(&images, deadline)?;
    Ok(pages
        .iter()
        .zip(found)
        .map(|(&(prepared, size), raw)| assemble(raw, |b| prepared.to_picture(b, size), size))
        .collect())
}

/// The median of `values` (the upper one of an even count), `None` for
/// none: of word heights, mostly, which a stray mark read as a tall word
/// would throw off as a mean.
pub(crate) fn median(values: &mut [u32]) -> Option<u32> {
    values.sort_unstable();
    values.get(values.len() / 2).copied()
}

/// The preparation of a second pass: the same picture segmented as one
/// column of lines of varying size rather than one block. Measured on the
/// SROIE sample it corrects more totals than larger letters or a local
/// binarisation, at the cost of one pass at the same size.
pub fn second_preparation(first: &Preparation) -> Preparation {
    Preparation {
        psm: if first.psm == 4 { 6 } else { 4 },
        ..*first
    }
}

/// Words into rows: Tesseract's lines, with lines that sit side by side at
/// the same height (columns of one row) joined, sorted top to bottom.
pub fn assemble(
    raw: Vec<RawWord>,
    to_picture: impl Fn((i32, i32, i32, i32)) -> [u32; 4],
    size: (u32, u32),
) -> Reading {
    // Tesseract's lines, in its order.
    let mut lines: Vec<Vec<RawWord>> = Vec::new();
    for word in raw {
        match lines.last_mut() {
            Some(line)
                if line[0].block == word.block
                    && line[0].par == word.par
                    && line[0].line == word.line =>
            {
                line.push(word)
            }
            _ => lines.push(vec![word]),
        }
    }
    let extent = |line: &[RawWord]| {
        let mut tops: Vec<i32> = line.iter().map(|w| w.top).collect();
        let mut bottoms: Vec<i32> = line.iter().map(|w| w.top + w.height).collect();
        tops.sort_unstable();
        bottoms.sort_unstable();
        (tops[tops.len() / 2], bottoms[bottoms.len() / 2])
    };
    lines.sort_by_key(|l| {
        let (t, b) = extent(l);
        t + b
    });
    let mut rows: Vec<Vec<RawWord>> = Vec::new();
    for line in lines {
        let (t, b) = extent(&line);
        let joined = rows.last_mut().filter(|row| {
            let (rt, rb) = extent(row);
            let overlap = (b.min(rb) - t.max(rt)) as f32;
            let shorter = (b - t).min(rb - rt).max(1) as f32;
            let apart = line.iter().all(|w| {
                row.iter()
                    .all(|r| w.left >= r.left + r.width || w.left + w.width <= r.left)
            });
            overlap / shorter > 0.6 && apart
        });
        match joined {
            Some(row) => row.extend(line),
            None => rows.push(line),
        }
    }
    let rows = rows
        .into_iter()
        .map(|mut row| {
            row.sort_by_key(|w| w.left);
            row.into_iter()
                .map(|w| Word {
                    bbox: to_picture((w.left, w.top, w.width, w.height)),
                    span: 0..0,
                    text: w.text,
                    conf: w.conf,
                    block: w.block,
                    par: w.par,
                    line: w.line,
                    row: 0,
                })
                .collect()
        })
        .collect();
    write_rows(rows, size)
}

/// Rows of words, in order, as a reading: one line of text a row (an
/// empty one for a row without words), a space between words, and each
/// word given its row and its place in the text.
pub(super) fn write_rows(rows: Vec<Vec<Word>>, size: (u32, u32)) -> Reading {
    let mut text = String::new();
    let mut words = Vec::new();
    for (n, row) in rows.into_iter().enumerate() {
        if n > 0 {
            text.push('\n');
        }
        for (i, mut word) in row.into_iter().enumerate() {
            if i > 0 {
                text.push(' ');
            }
            let start = text.len();
            text.push_str(&word.text);
            word.span = start..text.len();
            word.row = n;
            words.push(word);
        }
    }
    Reading { text, words, size }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(text: &str, left: i32, top: i32, block: u32, line: u32) -> RawWord {
        RawWord {
            text: text.into(),
            left,
            top,
            width: 10 * text.len() as i32,
            height: 20,
            conf: 90.0,
            block,
            par: 1,
            line,
        }
    }

    #[test]
    fn joins_columns_of_one_row_and_keeps_spans() {
        let words = vec![
            raw("Milk", 0, 100, 1, 1),
            raw("Bread", 0, 130, 1, 2),
            raw("1.20", 300, 102, 2, 1),
            raw("2.50", 300, 131, 2, 2),
            raw("SHOP", 50, 10, 3, 1),
        ];
        let reading = assemble(
            words,
            |b| [b.0 as u32, b.1 as u32, b.2 as u32, b.3 as u32],
            (400, 400),
        );
        assert_eq!(reading.text, "SHOP\nMilk 1.20\nBread 2.50");
        for w in &reading.words {
            assert_eq!(&reading.text[w.span.clone()], w.text);
        }
        assert_eq!(reading.words[2].row, 1);
    }
}
