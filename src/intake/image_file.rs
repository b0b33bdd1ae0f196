//! Decoding receipt images into upright pixels.
//!
//! Only pixels go on from here: EXIF, XMP, IPTC, ICC profiles, thumbnails and
//! trailing bytes are dropped by decoding, and the EXIF orientation is applied
//! first so the picture is upright for reading and for sharing.

use std::io::Cursor;

use anyhow::{Result, bail};
use image::{DynamicImage, ImageDecoder, ImageReader};

use super::SourceKind;

pub fn decode(bytes: &[u8], kind: SourceKind) -> Result<DynamicImage> {
    if kind == SourceKind::Jpeg && !has_end_of_image(bytes) {
        bail!(
            "is a truncated JPEG (its end-of-image marker is missing); take or export the picture again"
        );
    }
    let reader = ImageReader::new(Cursor::new(bytes)).with_guessed_format()?;
    let mut decoder = reader
        .into_decoder()
        .map_err(|e| anyhow::anyhow!("is a damaged {} image: {e}", kind.as_str().to_uppercase()))?;
    let orientation = decoder.orientation().ok();
    let mut pixels = DynamicImage::from_decoder(decoder)
        .map_err(|e| anyhow::anyhow!("is a damaged {} image: {e}", kind.as_str().to_uppercase()))?;
    if let Some(orientation) = orientation {
        pixels.apply_orientation(orientation);
    }
    Ok(pixels)
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
