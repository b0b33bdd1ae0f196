//! Readings and pictures laid out by hand, for tests of what is done with
//! word boxes: rows 30 pixels apart, words 12 pixels tall, as if OCR had
//! read them.

use super::{Body, Document, Hints, Picture, Reading, SourceKind, Word};

/// A reading of `rows`, each a list of (left edge, word), the words 8
/// pixels a letter wide, from a 600-pixel-wide picture.
pub(crate) fn reading(rows: &[&[(u32, &str)]]) -> Reading {
    lay_out(
        rows.iter().map(|row| row.to_vec()),
        |word| 8 * word.chars().count() as u32,
        600,
    )
}

/// A reading of `lines`, their words (split at spaces) `width` pixels
/// wide and `pitch` pixels apart from the left edge, from a 400-pixel-wide
/// picture.
pub(crate) fn grid(lines: &[&str], pitch: u32, width: u32) -> Reading {
    lay_out(
        lines.iter().map(|line| {
            line.split(' ')
                .enumerate()
                .map(|(k, word)| (10 + pitch * k as u32, word))
                .collect()
        }),
        |_| width,
        400,
    )
}

/// A white picture the size of `reading`, read once as `reading`.
pub(crate) fn white_picture(reading: Reading) -> Document {
    let (w, h) = reading.size;
    let white = image::GrayImage::from_pixel(w, h, image::Luma([255]));
    Document {
        kind: SourceKind::Png,
        digest: [0; 32],
        body: Body::Picture(Picture {
            pixels: image::DynamicImage::ImageLuma8(white),
            readings: vec![reading],
            looks: Vec::new(),
            photo: false,
        }),
        hints: Hints::default(),
    }
}

fn lay_out<'a>(
    rows: impl Iterator<Item = Vec<(u32, &'a str)>>,
    width_of: impl Fn(&str) -> u32,
    picture_width: u32,
) -> Reading {
    let mut text = String::new();
    let mut words = Vec::new();
    let mut count = 0;
    for (row, line) in rows.enumerate() {
        count += 1;
        if row > 0 {
            text.push('\n');
        }
        for (k, (left, word)) in line.into_iter().enumerate() {
            if k > 0 {
                text.push(' ');
            }
            let start = text.len();
            text.push_str(word);
            words.push(Word {
                text: word.into(),
                bbox: [left, 10 + 30 * row as u32, width_of(word), 12],
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
        size: (picture_width, 40 + 30 * count),
    }
}
