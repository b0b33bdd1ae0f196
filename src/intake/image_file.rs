//! Decoding receipt images into upright pixels.
//!
//! Only pixels go on from here: EXIF, XMP, IPTC, ICC profiles, thumbnails and
//! trailing bytes are dropped by decoding, and the EXIF orientation is applied
//! first so the picture is upright for reading and for sharing.

use std::io::Cursor;

use anyhow::{Result, bail};
use image::{DynamicImage, ImageDecoder, ImageReader};

use super::SourceKind;

pub struct Picture {
    pub pixels: DynamicImage,
}

pub fn decode(bytes: &[u8], kind: SourceKind) -> Result<Picture> {
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
    Ok(Picture { pixels })
}

fn has_end_of_image(bytes: &[u8]) -> bool {
    bytes.windows(2).rev().any(|w| w == [0xFF, 0xD9])
}
