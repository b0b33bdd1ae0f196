//! Rows read again on their own.
//!
//! Reading a whole photo, Tesseract garbles some short lines that it reads
//! right in a cut of the few lines around them (`8/24/2017 5:29 PM` read
//! as `SStiabir 5:28 PE` in the page): what lost them was the page's
//! layout analysis, not the pixels. Extraction names the rows of a first
//! reading worth another look; each is cut out of the upright picture
//! with a margin, enlarged when its letters are small and read as a
//! block, and the words read on the row's own line take its place when
//! extraction finds them better. All the rows of a batch are read by one
//! Tesseract process.

use std::sync::Arc;
use std::time::Instant;

use anyhow::Result;
use image::GrayImage;
use image::imageops::{self, FilterType};

use super::ocr::{self, OcrSettings};
use super::prepare::Prepared;
use super::reading::{self, Reading, Word, median};

/// Which rows of a first reading to read again, and whether a row read
/// again (second argument) is better than the row as the page read it.
#[derive(Clone)]
pub struct LineRereads {
    pub rows: RowsToReread,
    pub better: BetterRow,
}

pub type RowsToReread = Arc<dyn Fn(&Reading) -> Vec<usize> + Send + Sync>;
pub type BetterRow = Arc<dyn Fn(&str, &str) -> bool + Send + Sync>;

/// Tesseract's page segmentation for one block of text: the cut holds
/// parts of the rows above and below, and read as a single line (7) a
/// row between others often gives nothing.
const ONE_BLOCK: u8 = 6;

/// Letters shorter than this, in pixels, are enlarged before the row is
/// read: Tesseract reads small print best at about twice its height.
const SMALL_LETTERS: u32 = 30;

/// Reads the rows `rereads` asks for in each first reading again and
/// replaces those it finds better. `firsts[i]` is the reading of
/// `grays[i]`.
pub(super) fn reread_rows(
    grays: &[GrayImage],
    firsts: &mut [&mut Reading],
    rereads: &LineRereads,
    settings: &OcrSettings,
    deadline: Instant,
) -> Result<()> {
    let mut wanted: Vec<(usize, usize, Cut)> = Vec::new();
    for (i, first) in firsts.iter().enumerate() {
        for row in (rereads.rows)(first) {
            if let Some(cut) = cut_row(&grays[i], first, row) {
                wanted.push((i, row, cut));
            }
        }
    }
    if wanted.is_empty() {
        return Ok(());
    }
    let pages: Vec<(&Prepared, (u32, u32))> = wanted
        .iter()
        .map(|(i, _, cut)| (&cut.prepared, grays[*i].dimensions()))
        .collect();
    let readings = reading::ocr_passes(ocr::start(ONE_BLOCK, settings)?, &pages, deadline)?;
    for ((i, row, cut), again) in wanted.iter().zip(readings) {
        let first = &mut *firsts[*i];
        let Some(old) = first.text.lines().nth(*row) else {
            continue;
        };
        // Only the words on the row's own line (their middle within 0.4
        // of a letter's height of the row's): the cut holds parts of its
        // neighbours, which the page read already.
        let words: Vec<Word> = again
            .words
            .into_iter()
            .filter(|w| (w.bbox[1] + w.bbox[3] / 2).abs_diff(cut.middle) * 5 <= cut.height * 2)
            .collect();
        let new = words
            .iter()
            .map(|w| w.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        if words.is_empty() || !(rereads.better)(old, &new) {
            continue;
        }
        *first = replace_row(first, *row, words);
    }
    Ok(())
}

/// The row cut out of the picture: as wide as its words with a letter's
/// height at the sides, and a letter's height (the words' median height)
/// above and below the words' median middle, not their outline (a stray
/// mark read as a tall word would stretch the cut over the rows around);
/// enlarged when its letters are small.
fn cut_row(gray: &GrayImage, reading: &Reading, row: usize) -> Option<Cut> {
    let words: Vec<&Word> = reading.words.iter().filter(|w| w.row == row).collect();
    let mut heights: Vec<u32> = words.iter().map(|w| w.bbox[3]).collect();
    let mut middles: Vec<u32> = words.iter().map(|w| w.bbox[1] + w.bbox[3] / 2).collect();
    let height = median(&mut heights)?.max(1);
    let middle = median(&mut middles)?;
    let x0 = words.iter().map(|w| w.bbox[0]).min()?;
    let x1 = words.iter().map(|w| w.bbox[0] + w.bbox[2]).max()?;
    let (width, full_height) = gray.dimensions();
    let left = x0.saturating_sub(height);
    let top = middle.saturating_sub(height);
    let right = (x1 + height).min(width);
    let bottom = (middle + height).min(full_height);
    if right <= left || bottom <= top {
        return None;
    }
    let (w, h) = (right - left, bottom - top);
    let cut = imageops::crop_imm(gray, left, top, w, h).to_image();
    let scale: u32 = if height < SMALL_LETTERS { 2 } else { 1 };
    let image = if scale == 1 {
        cut
    } else {
        imageops::resize(&cut, w * scale, h * scale, FilterType::CatmullRom)
    };
    Some(Cut {
        prepared: Prepared {
            image,
            scale: scale as f32,
            origin: (left, top),
            angle: 0.0,
            crop_size: (w, h),
            glyph_height: height as f32,
        },
        middle,
        height,
    })
}

/// A row cut out of the picture, and where the row stands in the picture:
/// the middle of its words and their height.
struct Cut {
    prepared: Prepared,
    middle: u32,
    height: u32,
}

/// `reading` with the words of `row` replaced by `words`, its text and
/// the words' places in it written anew.
fn replace_row(reading: &Reading, row: usize, mut words: Vec<Word>) -> Reading {
    let count = reading
        .words
        .iter()
        .map(|w| w.row + 1)
        .chain([reading.text.lines().count()])
        .max()
        .unwrap_or(0);
    let mut rows: Vec<Vec<Word>> = vec![Vec::new(); count];
    for word in reading.words.iter().filter(|w| w.row != row) {
        rows[word.row].push(word.clone());
    }
    if let Some(replaced) = rows.get_mut(row) {
        words.sort_by_key(|w| w.bbox[0]);
        *replaced = words;
    }
    reading::write_rows(rows, reading.size)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(text: &str, left: u32, row: usize) -> Word {
        Word {
            text: text.into(),
            bbox: [left, 10 * row as u32, 8 * text.len() as u32, 10],
            conf: 90.0,
            block: 1,
            par: 1,
            line: row as u32,
            row,
            span: 0..0,
        }
    }

    fn reading(rows: &[&[&str]]) -> Reading {
        let mut words = Vec::new();
        for (r, row) in rows.iter().enumerate() {
            let mut left = 0;
            for w in row.iter() {
                words.push(word(w, left, r));
                left += 100;
            }
        }
        replace_row(
            &Reading {
                text: "\n".repeat(rows.len().saturating_sub(1)),
                words: words.clone(),
                size: (800, 600),
            },
            usize::MAX,
            Vec::new(),
        )
    }

    #[test]
    fn a_row_read_again_takes_its_place() {
        let page = reading(&[&["CAFE"], &["SStiabir", "5:28", "PE"], &["TOTAL", "9.00"]]);
        assert_eq!(page.text, "CAFE\nSStiabir 5:28 PE\nTOTAL 9.00");
        let again = vec![
            word("5:29", 120, 0),
            word("8/24/2017", 10, 0),
            word("PM", 200, 0),
        ];
        let fixed = replace_row(&page, 1, again);
        assert_eq!(fixed.text, "CAFE\n8/24/2017 5:29 PM\nTOTAL 9.00");
        for w in &fixed.words {
            assert_eq!(&fixed.text[w.span.clone()], w.text);
        }
        assert_eq!(fixed.words[1].row, 1);
        assert_eq!(fixed.words[4].row, 2);
    }

    #[test]
    fn a_row_is_cut_out_with_a_margin_and_enlarged_when_small() {
        let page = reading(&[&["CAFE"], &["8/24/2017", "5:29"]]);
        let gray = GrayImage::new(800, 600);
        let cut = cut_row(&gray, &page, 1).expect("a cut");
        let crop = &cut.prepared;
        // Words from x 0 to 132, y 10 to 20: a letter's height (10) at the
        // sides and on each side of the middle (15), twice the size.
        assert_eq!(crop.origin, (0, 5));
        assert_eq!(crop.crop_size, (142, 20));
        assert_eq!(crop.image.dimensions(), (284, 40));
        // A box found in the crop maps back into the picture.
        assert_eq!(
            crop.to_picture((20, 10, 40, 20), (800, 600)),
            [10, 10, 20, 10]
        );
        assert!(cut_row(&gray, &page, 5).is_none());
    }
}
