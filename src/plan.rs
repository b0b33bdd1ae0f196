//! Plan: the one place that decides what leaves the panelist's hands.
//!
//! From the document, its fields and its findings, the plan settles whether
//! the receipt may be submitted at all, which fields are kept, and the exact
//! bytes that are shared: a picture re-encoded from pixels (which drops every
//! piece of metadata and anything after the image) or text with each finding
//! replaced by a marker of its kind. The store records the plan as it is.

use std::collections::BTreeMap;
use std::io::Cursor;

use anyhow::{Context, Result};
use chrono::NaiveDate;
use image::{DynamicImage, ImageFormat, Rgb, RgbImage};

use crate::config::Program;
use crate::extract::Fields;
use crate::intake::{Body, Document, SourceKind};
use crate::privacy::Finding;
use crate::program::eligibility::{self, Ineligible};

pub struct SharePlan {
    pub fields: Fields,
    pub source_kind: &'static str,
    /// SHA-256 of the original file, kept in memory only; the store keeps a
    /// keyed hash of it.
    pub content_digest: [u8; 32],
    pub shared: Option<SharedContent>,
    pub withheld: BTreeMap<String, u64>,
}

pub struct SharedContent {
    pub mime: &'static str,
    pub bytes: Vec<u8>,
}

/// Everything that can stop a receipt before it reaches the store.
#[derive(Debug, thiserror::Error)]
pub enum Refusal {
    #[error(transparent)]
    Ineligible(#[from] Ineligible),
    #[error(transparent)]
    Failed(#[from] anyhow::Error),
}

pub fn build(
    document: Document,
    fields: Fields,
    findings: &[Finding],
    rules: &Program,
    today: NaiveDate,
) -> Result<SharePlan, Refusal> {
    eligibility::check(&fields, rules, today)?;
    let mut withheld = BTreeMap::new();
    for finding in findings {
        *withheld
            .entry(finding.kind.as_str().to_string())
            .or_insert(0) += 1;
    }
    let shared = match document.body {
        Body::Picture(picture) => Some(encode_picture(&picture.pixels, document.kind)?),
        Body::Text(text) => Some(SharedContent {
            mime: "text/plain; charset=utf-8",
            bytes: redact_text(&text, findings).into_bytes(),
        }),
        Body::Opaque => None,
    };
    Ok(SharePlan {
        fields,
        source_kind: document.kind.as_str(),
        content_digest: document.digest,
        shared,
        withheld,
    })
}

/// PNG stays lossless; every other picture becomes a baseline JPEG.
fn encode_picture(pixels: &DynamicImage, kind: SourceKind) -> Result<SharedContent> {
    let mut bytes = Vec::new();
    let (format, mime) = match kind {
        SourceKind::Png => (ImageFormat::Png, "image/png"),
        _ => (ImageFormat::Jpeg, "image/jpeg"),
    };
    opaque(pixels)
        .write_to(&mut Cursor::new(&mut bytes), format)
        .context("cannot encode the shared image")?;
    Ok(SharedContent { mime, bytes })
}

/// The picture as it looks on white, in grey when it has no colour: the
/// colour of fully transparent pixels, which nobody sees, is not shared.
fn opaque(pixels: &DynamicImage) -> DynamicImage {
    if !pixels.color().has_alpha() {
        return if pixels.color().has_color() {
            DynamicImage::ImageRgb8(pixels.to_rgb8())
        } else {
            DynamicImage::ImageLuma8(pixels.to_luma8())
        };
    }
    let mut rgb = RgbImage::new(pixels.width(), pixels.height());
    for (x, y, pixel) in pixels.to_rgba8().enumerate_pixels() {
        let [r, g, b, a] = pixel.0;
        let over_white =
            |c: u8| ((u16::from(c) * u16::from(a) + 255 * (255 - u16::from(a))) / 255) as u8;
        rgb.put_pixel(x, y, Rgb([over_white(r), over_white(g), over_white(b)]));
    }
    let rgb = DynamicImage::ImageRgb8(rgb);
    if pixels.color().has_color() {
        rgb
    } else {
        DynamicImage::ImageLuma8(rgb.to_luma8())
    }
}

/// Replaces each finding's span with `[kind]`.
fn redact_text(text: &str, findings: &[Finding]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for finding in findings {
        if finding.span.start < at {
            continue;
        }
        out.push_str(&text[at..finding.span.start]);
        out.push('[');
        out.push_str(finding.kind.as_str());
        out.push(']');
        at = finding.span.end;
    }
    out.push_str(&text[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::privacy::Kind;

    #[test]
    fn transparent_pixels_share_no_colour() {
        let mut rgba = image::RgbaImage::new(2, 1);
        rgba.put_pixel(0, 0, image::Rgba([200, 10, 10, 0]));
        rgba.put_pixel(1, 0, image::Rgba([200, 10, 10, 255]));
        let shared = opaque(&DynamicImage::ImageRgba8(rgba)).to_rgb8();
        assert_eq!(shared.get_pixel(0, 0).0, [255, 255, 255]);
        assert_eq!(shared.get_pixel(1, 0).0, [200, 10, 10]);
    }

    #[test]
    fn grey_pictures_stay_grey() {
        let grey = DynamicImage::ImageLuma8(image::GrayImage::new(3, 3));
        assert!(!opaque(&grey).color().has_color());
    }

    #[test]
    fn redacts_every_finding() {
        let text = "Paid 4111 1111 1111 1111, mail a@b.co";
        let findings = [
            Finding {
                kind: Kind::Card,
                span: 5..24,
            },
            Finding {
                kind: Kind::Email,
                span: 31..37,
            },
        ];
        assert_eq!(redact_text(text, &findings), "Paid [card], mail [email]");
    }
}
