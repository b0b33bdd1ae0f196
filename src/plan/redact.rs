//! Burning withheld data out of what is shared: boxes painted over on a
//! picture, spans replaced by a marker of their kind in text.

use std::ops::Range;

use image::{DynamicImage, GenericImage, Luma, Rgb};

use crate::extract::Item;

use super::encode::opaque;

/// The grey a withheld box is filled with. Light enough that a reader's
/// binarisation takes it for paper: a black block makes Tesseract's page
/// layout see a picture or inverted text, and on a scan it then reads
/// nothing of the lines around it (the total and the date among them).
/// Dark enough to show a person that something was taken out.
pub const PAINT: u8 = 200;

/// The picture without transparency, with each box filled with [`PAINT`]
/// and grown on every side by a quarter of its height (at least 3 pixels),
/// so that the edges of letters OCR boxed tightly are covered too.
pub fn paint(pixels: &DynamicImage, boxes: &[[u32; 4]]) -> DynamicImage {
    let mut picture = opaque(pixels);
    let (width, height) = (picture.width(), picture.height());
    for &[left, top, w, h] in boxes {
        let pad = (h / 4).max(3);
        let x0 = left.saturating_sub(pad);
        let y0 = top.saturating_sub(pad);
        let x1 = left.saturating_add(w).saturating_add(pad).min(width);
        let y1 = top.saturating_add(h).saturating_add(pad).min(height);
        for y in y0..y1 {
            for x in x0..x1 {
                match &mut picture {
                    DynamicImage::ImageLuma8(grey) => grey.put_pixel(x, y, Luma([PAINT])),
                    DynamicImage::ImageRgb8(rgb) => rgb.put_pixel(x, y, Rgb([PAINT; 3])),
                    other => other.put_pixel(x, y, image::Rgba([PAINT, PAINT, PAINT, 255])),
                }
            }
        }
    }
    picture
}

/// `text` with each span replaced by `[marker]`. Spans may overlap and
/// come in any order.
pub fn redact_text(text: &str, spans: &[(&str, Range<usize>)]) -> String {
    let mut spans: Vec<&(&str, Range<usize>)> = spans.iter().collect();
    spans.sort_by_key(|(_, span)| (span.start, std::cmp::Reverse(span.end)));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (marker, span) in spans {
        if span.end <= at {
            continue;
        }
        let start = span.start.max(at);
        out.push_str(&text[at..start]);
        if start == span.start {
            out.push('[');
            out.push_str(marker);
            out.push(']');
        }
        at = span.end;
    }
    out.push_str(&text[at..]);
    out
}

/// The lines of `text` that print one of `items`: where a line item's
/// description is found, its whole line (quantity and price too).
pub fn item_lines(text: &str, items: &[Item]) -> Vec<Range<usize>> {
    let wanted: Vec<String> = items
        .iter()
        .map(|item| fold(&item.description))
        .filter(|d| d.chars().filter(|c| c.is_alphanumeric()).count() >= 3)
        .collect();
    let mut lines = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        let folded = fold(body);
        if wanted.iter().any(|d| folded.contains(d.as_str())) {
            lines.push(at..at + body.len());
        }
        at += line.len();
    }
    lines
}

/// Lower case with runs of spaces made one, for comparing what OCR read
/// with what was extracted from it.
fn fold(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_every_span_with_its_marker() {
        let text = "Paid 4111 1111 1111 1111, mail a@b.co";
        let spans = [("email", 31..37), ("card", 5..24)];
        assert_eq!(redact_text(text, &spans), "Paid [card], mail [email]");
    }

    #[test]
    fn overlapping_spans_leave_no_piece_of_either() {
        let text = "Aspirin 500 mg 4111 1111 1111 1111 end";
        let spans = [("health", 0..34), ("card", 15..34)];
        assert_eq!(redact_text(text, &spans), "[health] end");
        let spans = [("card", 15..34), ("health", 0..20)];
        assert_eq!(redact_text(text, &spans), "[health] end");
    }

    #[test]
    fn paints_padded_opaque_boxes_inside_the_picture() {
        let white = DynamicImage::ImageLuma8(image::GrayImage::from_pixel(50, 30, Luma([255])));
        let painted = paint(&white, &[[10, 10, 10, 8], [45, 25, 20, 20]]).to_luma8();
        assert_eq!(
            painted.get_pixel(7, 7).0,
            [PAINT],
            "padding covers the edge"
        );
        assert_eq!(painted.get_pixel(15, 14).0, [PAINT]);
        assert_eq!(painted.get_pixel(6, 14).0, [255]);
        assert_eq!(
            painted.get_pixel(49, 29).0,
            [PAINT],
            "a box past the edge is cut"
        );
        let rgba = DynamicImage::ImageRgba8(image::RgbaImage::new(20, 20));
        let painted = paint(&rgba, &[[5, 5, 4, 4]]);
        assert!(!painted.color().has_alpha());
        assert_eq!(painted.to_rgb8().get_pixel(6, 6).0, [PAINT; 3]);
    }

    #[test]
    fn finds_the_lines_of_items() {
        let text = "PHARMACY\nPanadol  Extra 12s   9.90\nBag 0.20\nTOTAL 10.10";
        let items = [
            Item {
                description: "PANADOL EXTRA 12S".into(),
                quantity: 1,
                amount_minor: 990,
            },
            Item {
                description: "x".into(),
                quantity: 1,
                amount_minor: 20,
            },
        ];
        let lines = item_lines(text, &items);
        assert_eq!(lines.len(), 1);
        assert_eq!(&text[lines[0].clone()], "Panadol  Extra 12s   9.90");
    }
}
