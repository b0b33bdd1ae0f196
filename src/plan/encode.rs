//! The shared picture, re-encoded from pixels: nothing of the original
//! file (metadata, thumbnails, bytes after the image, colour under
//! transparent pixels) can survive a trip through a pixel buffer.

use std::io::Cursor;

use anyhow::{Context, Result, bail};
use image::{DynamicImage, ImageFormat, Rgb, RgbImage};
use jpeg_encoder::{ColorType, Encoder};

use crate::intake::SourceKind;

use super::SharedContent;

/// PNG stays lossless; every other picture becomes a baseline JPEG, whose
/// only header is JFIF's.
pub(super) fn encode_picture(pixels: &DynamicImage, kind: SourceKind) -> Result<SharedContent> {
    let pixels = opaque(pixels);
    if kind == SourceKind::Png {
        let mut bytes = Vec::new();
        pixels
            .write_to(&mut Cursor::new(&mut bytes), ImageFormat::Png)
            .context("cannot encode the shared image")?;
        return Ok(SharedContent {
            mime: "image/png",
            bytes,
        });
    }
    let (width, height) = (
        u16::try_from(pixels.width()),
        u16::try_from(pixels.height()),
    );
    let (Ok(width), Ok(height)) = (width, height) else {
        bail!(
            "is {}×{} pixels, too large for a JPEG (at most 65535 on a side); scale it down",
            pixels.width(),
            pixels.height()
        );
    };
    let (raw, colour) = match &pixels {
        DynamicImage::ImageLuma8(grey) => (grey.as_raw(), ColorType::Luma),
        DynamicImage::ImageRgb8(rgb) => (rgb.as_raw(), ColorType::Rgb),
        _ => unreachable!("opaque pictures are grey or RGB"),
    };
    let mut bytes = Vec::new();
    Encoder::new(&mut bytes, JPEG_QUALITY)
        .encode(raw, width, height, colour)
        .context("cannot encode the shared image")?;
    Ok(SharedContent {
        mime: "image/jpeg",
        bytes,
    })
}

/// Enough to read every line of a receipt; the same as most cameras' default.
const JPEG_QUALITY: u8 = 75;

/// The picture as it looks on white, in grey when it has no colour: the
/// colour of fully transparent pixels, which nobody sees, is not shared.
pub(super) fn opaque(pixels: &DynamicImage) -> DynamicImage {
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
