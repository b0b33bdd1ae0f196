//! The receipt cut out of the photo and seen head-on: every pixel of a
//! rectangle as wide and tall as the receipt's sides is sampled
//! (bilinearly) from where the homography puts it in the photo. Nothing
//! outside the four corners is sampled, so nothing of the room around the
//! receipt is left in the result.

use image::{DynamicImage, GrayImage, RgbImage};

use super::homography::Homography;
use super::locate::Quad;

/// The flattened receipt, or `None` when the corners do not make a
/// proper quadrilateral.
pub fn flatten(image: &DynamicImage, quad: &Quad) -> Option<DynamicImage> {
    let [tl, tr, br, bl] = quad.0.map(|(x, y)| (f64::from(x), f64::from(y)));
    let len = |a: (f64, f64), b: (f64, f64)| ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt();
    let width = ((len(tl, tr) + len(bl, br)) / 2.0).round().max(1.0);
    let height = ((len(tl, bl) + len(tr, br)) / 2.0).round().max(1.0);
    if width < 32.0 || height < 32.0 {
        return None;
    }
    let rect = [(0.0, 0.0), (width, 0.0), (width, height), (0.0, height)];
    let quad = Homography::between(rect, [tl, tr, br, bl])?;
    // A thin margin inside the corners is left out: a corner found a
    // pixel or two off, or a sample blended with its neighbour, would
    // otherwise bring a sliver of the background along.
    let inset = (3.0 + 0.005 * width.min(height)).round();
    let map = Inset(quad, inset);
    let (w, h) = ((width - 2.0 * inset) as u32, (height - 2.0 * inset) as u32);
    Some(match image {
        DynamicImage::ImageLuma8(gray) => DynamicImage::ImageLuma8(GrayImage::from_raw(
            w,
            h,
            sample(gray.as_raw(), gray.dimensions(), 1, &map, (w, h)),
        )?),
        _ => {
            let rgb;
            let source = match image {
                DynamicImage::ImageRgb8(source) => source,
                other => {
                    rgb = other.to_rgb8();
                    &rgb
                }
            };
            DynamicImage::ImageRgb8(RgbImage::from_raw(
                w,
                h,
                sample(source.as_raw(), source.dimensions(), 3, &map, (w, h)),
            )?)
        }
    })
}

/// The homography read `inset` pixels in from the rectangle's edges.
struct Inset(Homography, f64);

impl Inset {
    fn apply(&self, (x, y): (f64, f64)) -> (f64, f64) {
        self.0.apply((x + self.1, y + self.1))
    }
}

/// Samples `size` pixels of `channels` channels each from `raw` (of
/// `dims`), the output pixel centre `(x, y)` read at `map(x, y)`.
fn sample(raw: &[u8], dims: (u32, u32), channels: usize, map: &Inset, size: (u32, u32)) -> Vec<u8> {
    let (sw, sh) = (dims.0 as usize, dims.1 as usize);
    let (maxx, maxy) = ((sw - 1) as f64, (sh - 1) as f64);
    let mut out = Vec::with_capacity(size.0 as usize * size.1 as usize * channels);
    for y in 0..size.1 {
        for x in 0..size.0 {
            let (sx, sy) = map.apply((f64::from(x) + 0.5, f64::from(y) + 0.5));
            let (sx, sy) = ((sx - 0.5).clamp(0.0, maxx), (sy - 0.5).clamp(0.0, maxy));
            let (x0, y0) = (sx as usize, sy as usize);
            let (x1, y1) = ((x0 + 1).min(sw - 1), (y0 + 1).min(sh - 1));
            let (fx, fy) = (sx - x0 as f64, sy - y0 as f64);
            for c in 0..channels {
                let p = |x: usize, y: usize| f64::from(raw[(y * sw + x) * channels + c]);
                let top = p(x0, y0) + (p(x1, y0) - p(x0, y0)) * fx;
                let bottom = p(x0, y1) + (p(x1, y1) - p(x0, y1)) * fx;
                out.push((top + (bottom - top) * fy).round() as u8);
            }
        }
    }
    out
}
