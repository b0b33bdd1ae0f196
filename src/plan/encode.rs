//! The shared picture, re-encoded from pixels: nothing of the original
//! file (metadata, thumbnails, bytes after the image, colour under
//! transparent pixels) can survive a trip through a pixel buffer.

use std::io::Cursor;

use anyhow::{Context, Result};
use image::{DynamicImage, ImageFormat, Rgb, RgbImage};

use crate::intake::SourceKind;

use super::SharedContent;

/// PNG stays lossless; every other picture becomes a baseline JPEG.
pub(super) fn encode_picture(pixels: &DynamicImage, kind: SourceKind) -> Result<SharedContent> {
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
