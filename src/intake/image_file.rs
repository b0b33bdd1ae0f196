//! Decoding receipt images into upright pixels.
//!
//! Only pixels go on from here: EXIF, XMP, IPTC, ICC profiles, thumbnails and
//! trailing bytes are dropped by decoding, and the EXIF orientation is applied
//! first so the picture is upright for reading and for sharing.

use std::io::Cursor;

use anyhow::{Result, bail};
use image::codecs::webp::WebPDecoder;
use image::{DynamicImage, ImageDecoder, ImageReader, Limits};

use super::SourceKind;

pub fn decode(bytes: &[u8], kind: SourceKind, max_pixels: u64) -> Result<DynamicImage> {
    if kind == SourceKind::Jpeg && !has_end_of_image(bytes) {
        bail!(
            "is a truncated JPEG (its end-of-image marker is missing); take or export the picture again"
        );
    }
    let damaged =
        |e: &dyn std::fmt::Display| anyhow::anyhow!("is a damaged {} image: {e}", name(kind));
    let mut reader = ImageReader::new(Cursor::new(bytes)).with_guessed_format()?;
    reader.limits(limits(max_pixels));
    // Only the header is read here: the size is checked before any pixel
    // is decoded.
    let mut decoder = reader.into_decoder().map_err(|e| damaged(&e))?;
    check_size(decoder.dimensions(), kind, max_pixels)?;
    match kind {
        SourceKind::Webp if is_animated_webp(bytes) => bail!(
            "is an animated WebP; panel reads one still picture per receipt: \
             save the receipt's frame as a PNG or JPEG and submit that"
        ),
        SourceKind::Tiff => check_one_page(bytes)?,
        _ => {}
    }
    let orientation = decoder.orientation().ok();
    let mut pixels = DynamicImage::from_decoder(decoder).map_err(|e| damaged(&e))?;
    if let Some(orientation) = orientation {
        pixels.apply_orientation(orientation);
    }
    Ok(pixels)
}

/// The pixel count a picture's header claims, without decoding it.
pub fn pixels(bytes: &[u8]) -> Option<u64> {
    let (width, height) = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .ok()?
        .into_dimensions()
        .ok()?;
    Some(u64::from(width) * u64::from(height))
}

fn name(kind: SourceKind) -> String {
    kind.as_str().to_uppercase()
}

/// Refuses a picture of more than `max_pixels` from its header's size.
fn check_size((width, height): (u32, u32), kind: SourceKind, max_pixels: u64) -> Result<()> {
    let pixels = u64::from(width) * u64::from(height);
    if pixels > max_pixels {
        bail!(
            "is a {} picture of {width}×{height} pixels ({:.1} megapixels), above the limit of \
             {:.1} megapixels; scale it down, or raise submit.max_pixels in config.toml",
            name(kind),
            pixels as f64 / 1e6,
            max_pixels as f64 / 1e6
        );
    }
    Ok(())
}

/// The decoders' own limits, a second line behind [`check_size`]: no side
/// longer than the pixel limit allows and no allocation beyond what a
/// picture within it needs (16-bit RGBA, 8 bytes a pixel).
fn limits(max_pixels: u64) -> Limits {
    let side = u32::try_from(max_pixels).unwrap_or(u32::MAX);
    let mut limits = Limits::default();
    limits.max_image_width = Some(side);
    limits.max_image_height = Some(side);
    limits.max_alloc = Some(max_pixels.saturating_mul(8).max(64 << 20));
    limits
}

fn is_animated_webp(bytes: &[u8]) -> bool {
    WebPDecoder::new(Cursor::new(bytes)).is_ok_and(|d| d.has_animation())
}

/// A TIFF may hold several pages; panel reads one receipt per picture and
/// would share only the first, so it refuses the others by name.
fn check_one_page(bytes: &[u8]) -> Result<()> {
    let Ok(mut decoder) = tiff::decoder::Decoder::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    let mut pages = 1;
    while decoder.more_images() && pages < 1000 {
        if decoder.next_image().is_err() {
            break;
        }
        pages += 1;
    }
    if pages > 1 {
        bail!(
            "is a TIFF of {pages} pages; panel reads one receipt per picture: split it, \
             e.g. `convert receipt.tif page-%d.png` (ImageMagick), and submit the page that \
             holds the receipt"
        );
    }
    Ok(())
}

/// Walks the JPEG's segments from the start-of-image marker to the
/// end-of-image marker that closes the image itself. An end marker found
/// inside a segment (an embedded EXIF thumbnail has its own) does not count,
/// and bytes after the image's end marker are allowed.
fn has_end_of_image(bytes: &[u8]) -> bool {
    const MARKER: u8 = 0xFF;
    const EOI: u8 = 0xD9;
    const SOS: u8 = 0xDA;
    let mut at = 2; // past the start-of-image marker
    while at + 1 < bytes.len() {
        if bytes[at] != MARKER {
            return false;
        }
        let marker = bytes[at + 1];
        match marker {
            MARKER => at += 1, // fill byte
            EOI => return true,
            0x01 | 0xD0..=0xD7 => at += 2, // markers without a length
            _ => {
                let Some(length) = bytes.get(at + 2..at + 4) else {
                    return false;
                };
                at += 2 + usize::from(u16::from_be_bytes([length[0], length[1]]));
                if marker == SOS {
                    at = match skip_entropy_coded(bytes, at) {
                        Some(next) => next,
                        None => return false,
                    };
                }
            }
        }
    }
    false
}

/// From the start of a scan's data, the position of the next marker that is
/// neither a stuffed zero nor a restart marker.
fn skip_entropy_coded(bytes: &[u8], mut at: usize) -> Option<usize> {
    while at + 1 < bytes.len() {
        if bytes[at] == 0xFF && !matches!(bytes[at + 1], 0x00 | 0xD0..=0xD7 | 0xFF) {
            return Some(at);
        }
        at += 1;
    }
    None
}
