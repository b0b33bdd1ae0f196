//! Phone photos of receipts: the receipt is found against its background
//! ([`locate`]), cut out and seen head-on ([`flatten`]), enlarged when
//! small, and its light evened ([`light`]) before OCR. That receipt
//! replaces the photo for everything after intake, the shared picture
//! included: the background is someone's home, OCR's word boxes are in the
//! frame of the picture that is shared, and a shadow or a print too small
//! for OCR would defeat whoever reads the shared picture too.
//!
//! A scan, or a photo whose paper fills the frame, is not a photo here: it
//! goes on as it is.

mod flatten;
pub mod homography;
mod light;
mod locate;

use image::{DynamicImage, GrayImage};

pub use flatten::flatten;
pub use light::even_light;
pub use locate::{Quad, locate};

/// A picture after the receipt was looked for in it.
pub struct Found {
    /// The receipt as it is read and shared (flattened, enlarged when
    /// small, evenly lit, grey), or the picture as it was.
    pub pixels: DynamicImage,
    /// Where the receipt was found, when it was cut out of a photo.
    pub quad: Option<Quad>,
}

/// The receipt cut out of a photo, flattened and prepared as it is read;
/// a picture without a background to cut away as it is.
pub fn cut_out(pixels: DynamicImage) -> Found {
    let Some(quad) = locate(&pixels) else {
        return Found { pixels, quad: None };
    };
    match flatten(&pixels, &quad) {
        Some(flat) => Found {
            pixels: DynamicImage::ImageLuma8(as_read(flat.to_luma8())),
            quad: Some(quad),
        },
        None => Found { pixels, quad: None },
    }
}

/// A flattened receipt as OCR reads it and the panel shares it: enlarged
/// when small, its light evened.
fn as_read(flat: GrayImage) -> GrayImage {
    even_light(&enlarged(flat))
}

/// The grey picture OCR reads: a cut-out receipt as it is, any other
/// picture with its light evened when it is lit unevenly (a photo of paper
/// that fills the frame); a scan as it is.
pub fn for_reading(found: &Found) -> GrayImage {
    let gray = found.pixels.to_luma8();
    match found.quad {
        Some(_) => gray,
        None => light::even_uneven_light(&gray).unwrap_or(gray),
    }
}

/// The long side below which a cut-out receipt is enlarged.
const SMALL_SIDE: u32 = 1000;

/// A small cut-out receipt enlarged to about [`SMALL_SIDE`]: its print is
/// then as tall as a reader, OCR or person, needs.
fn enlarged(gray: GrayImage) -> GrayImage {
    let (w, h) = gray.dimensions();
    let side = w.max(h);
    if side >= SMALL_SIDE {
        return gray;
    }
    let factor = f64::from(SMALL_SIDE) / f64::from(side);
    let size = |v: u32| (f64::from(v) * factor).round() as u32;
    image::imageops::resize(
        &gray,
        size(w),
        size(h),
        image::imageops::FilterType::CatmullRom,
    )
}

#[cfg(test)]
mod tests;
