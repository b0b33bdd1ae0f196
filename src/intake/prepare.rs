//! Preparing a picture for OCR: grayscale, cropped to the printed area,
//! scaled so that its letters are of the height Tesseract reads best,
//! straightened, and optionally binarised; a dark border that hides the
//! print is painted white.
//!
//! The letter height is measured, not guessed from the image's size: a
//! 460-pixel-wide till roll scanned at 150 dpi and a 600 dpi scan of an A4
//! page holding a small receipt need opposite scalings. Glyphs are found as
//! connected components of dark pixels on a small copy of the image.

use image::GrayImage;
use image::imageops;

use super::pixels::{box_shrink, otsu};

/// How a picture is prepared; the defaults are what measured best.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Preparation {
    /// Median glyph height, in pixels, that the image is scaled to when
    /// its own is outside `keep_glyphs`.
    pub glyph_height: f32,
    /// Glyph heights left as they are: scaling costs time (and, upwards,
    /// pixels for Tesseract to read) and gains nothing inside this range.
    pub keep_glyphs: (f32, f32),
    /// Largest prepared image, in pixels, whatever the glyph height says.
    pub max_pixels: u64,
    /// Straighten text tilted by more than this many degrees (0: never).
    pub deskew_min_degrees: f32,
    /// Binarise with a local (Sauvola) threshold rather than leaving it to
    /// Tesseract's global one.
    pub binarise: bool,
    /// Crop to the printed area (plus a margin).
    pub crop: bool,
    /// Paint large dark regions along the edges white when no letters can
    /// be found otherwise (see [`super::border`]).
    pub clear_borders: bool,
    /// Tesseract's page segmentation mode (6: one block of text; 4: one
    /// column of lines of different sizes).
    pub psm: u8,
}

impl Default for Preparation {
    fn default() -> Self {
        Preparation {
            glyph_height: 26.0,
            keep_glyphs: (10.0, 40.0),
            max_pixels: 12_000_000,
            deskew_min_degrees: 0.4,
            binarise: false,
            crop: true,
            clear_borders: true,
            psm: 6,
        }
    }
}

/// The share of a picture's pixels, dark and joined to its edge, above
/// which they are the surroundings of a photographed receipt.
const DARK_SURROUNDINGS: f32 = 0.1;

/// An image ready for OCR and the way back to the upright picture.
pub struct Prepared {
    pub image: GrayImage,
    /// Prepared pixels per picture pixel.
    pub scale: f32,
    /// Top-left corner of the crop, in picture pixels.
    pub origin: (u32, u32),
    /// Degrees the crop was turned (counter-clockwise) before scaling.
    pub angle: f32,
    /// The size of the crop, in picture pixels.
    pub crop_size: (u32, u32),
    /// The median glyph height measured in the picture, in pixels.
    pub glyph_height: f32,
}

/// What the small analysis copy tells about the picture.
struct Layout {
    glyph_height: f32,
    /// Bounding box of the glyphs in picture pixels: x0, y0, x1, y1.
    ink: Option<(u32, u32, u32, u32)>,
    angle: f32,
}

pub fn prepare(gray: &GrayImage, how: &Preparation) -> Prepared {
    let mut layout = analyse(gray, how);
    // No letters found, or a receipt photographed on a dark table: a dark
    // border pulls the threshold below the print or hides the paper's
    // outline. Only then is it painted out; on a readable scan with a thin
    // dark strip, the paper's shadows would pass the raised threshold and
    // read as print.
    let mut cleaned = None;
    if how.clear_borders
        && let Some((image, share)) = super::border::whiten_borders(gray)
        && (layout.ink.is_none() || share >= DARK_SURROUNDINGS)
    {
        let second = analyse(&image, how);
        if second.ink.is_some() {
            layout = second;
            cleaned = Some(image);
        }
    }
    let gray = cleaned.as_ref().unwrap_or(gray);
    let (w, h) = gray.dimensions();
    let (x0, y0, x1, y1) = match (how.crop, layout.ink) {
        (true, Some((x0, y0, x1, y1))) => {
            let margin = (layout.glyph_height * 2.0).max(8.0) as u32;
            (
                x0.saturating_sub(margin),
                y0.saturating_sub(margin),
                (x1 + margin).min(w),
                (y1 + margin).min(h),
            )
        }
        _ => (0, 0, w, h),
    };
    let crop_w = (x1 - x0).max(1);
    let crop_h = (y1 - y0).max(1);
    let (low, high) = how.keep_glyphs;
    let mut scale = if (low..=high).contains(&layout.glyph_height) {
        1.0
    } else {
        (how.glyph_height / layout.glyph_height).clamp(0.2, 4.0)
    };
    let pixels = f64::from(crop_w) * f64::from(crop_h) * f64::from(scale).powi(2);
    if pixels > how.max_pixels as f64 {
        scale *= (how.max_pixels as f64 / pixels).sqrt() as f32;
    }
    let cropped = imageops::crop_imm(gray, x0, y0, crop_w, crop_h).to_image();
    let angle = if how.deskew_min_degrees > 0.0 && layout.angle.abs() >= how.deskew_min_degrees {
        layout.angle
    } else {
        0.0
    };
    // Shrinking by more than half: average whole blocks first, so that the
    // bilinear step below never skips pixels.
    let block = (1.0 / scale).floor().max(1.0) as u32;
    let (source, rest) = if block >= 2 {
        (box_shrink(&cropped, block), scale * block as f32)
    } else {
        (cropped, scale)
    };
    let mut image = if (rest - 1.0).abs() < 0.02 && angle == 0.0 {
        source
    } else {
        warp(&source, rest, angle)
    };
    if how.binarise {
        sauvola(&mut image, (how.glyph_height * 1.5) as u32 | 1, 0.2);
    }
    Prepared {
        scale: image.width() as f32 / crop_w as f32,
        image,
        origin: (x0, y0),
        angle,
        crop_size: (crop_w, crop_h),
        glyph_height: layout.glyph_height,
    }
}

/// Scales by `scale` and turns by `degrees` counter-clockwise about the
/// centre in one bilinear pass; uncovered corners are white.
fn warp(image: &GrayImage, scale: f32, degrees: f32) -> GrayImage {
    let (w, h) = image.dimensions();
    let nw = ((w as f32 * scale).round() as u32).max(1);
    let nh = ((h as f32 * scale).round() as u32).max(1);
    let (cx, cy) = (w as f32 / 2.0, h as f32 / 2.0);
    let (sin, cos) = degrees.to_radians().sin_cos();
    let raw = image.as_raw();
    let stride = w as usize;
    let mut out = vec![255u8; (nw * nh) as usize];
    let (maxx, maxy) = ((w - 1) as f32, (h - 1) as f32);
    for y in 0..nh {
        let uy = (y as f32 + 0.5) / scale - 0.5 - cy;
        for x in 0..nw {
            let ux = (x as f32 + 0.5) / scale - 0.5 - cx;
            let (sx, sy) = if degrees == 0.0 {
                (ux + cx, uy + cy)
            } else {
                (cx + ux * cos - uy * sin, cy + ux * sin + uy * cos)
            };
            if sx < -0.5 || sy < -0.5 || sx > maxx + 0.5 || sy > maxy + 0.5 {
                continue;
            }
            let (sx, sy) = (sx.clamp(0.0, maxx), sy.clamp(0.0, maxy));
            let (x0, y0) = (sx as usize, sy as usize);
            let (x1, y1) = ((x0 + 1).min(w as usize - 1), (y0 + 1).min(h as usize - 1));
            let (fx, fy) = (sx - x0 as f32, sy - y0 as f32);
            let p = |x: usize, y: usize| f32::from(raw[y * stride + x]);
            let top = p(x0, y0) + (p(x1, y0) - p(x0, y0)) * fx;
            let bottom = p(x0, y1) + (p(x1, y1) - p(x0, y1)) * fx;
            out[(y * nw + x) as usize] = (top + (bottom - top) * fy).round() as u8;
        }
    }
    GrayImage::from_raw(nw, nh, out).expect("sized")
}

impl Prepared {
    /// A box in prepared pixels (left, top, width, height) as a box in
    /// picture pixels, clamped to the picture.
    pub fn to_picture(&self, b: (i32, i32, i32, i32), picture: (u32, u32)) -> [u32; 4] {
        let s = self.scale.max(1e-6);
        let (l, t, w, h) = (
            b.0 as f32 / s,
            b.1 as f32 / s,
            b.2 as f32 / s,
            b.3 as f32 / s,
        );
        let corners = [(l, t), (l + w, t), (l, t + h), (l + w, t + h)];
        let (cx, cy) = (self.crop_size.0 as f32 / 2.0, self.crop_size.1 as f32 / 2.0);
        let (sin, cos) = (-self.angle).to_radians().sin_cos();
        let mut min = (f32::MAX, f32::MAX);
        let mut max = (f32::MIN, f32::MIN);
        for (x, y) in corners {
            // Undo the turn about the crop's centre.
            let (dx, dy) = (x - cx, y - cy);
            let (x, y) = if self.angle == 0.0 {
                (x, y)
            } else {
                (cx + dx * cos + dy * sin, cy - dx * sin + dy * cos)
            };
            min = (min.0.min(x), min.1.min(y));
            max = (max.0.max(x), max.1.max(y));
        }
        let ox = self.origin.0 as f32;
        let oy = self.origin.1 as f32;
        let clamp_x = |v: f32| (v + ox).round().clamp(0.0, picture.0 as f32) as u32;
        let clamp_y = |v: f32| (v + oy).round().clamp(0.0, picture.1 as f32) as u32;
        let (x0, y0) = (clamp_x(min.0), clamp_y(min.1));
        let (x1, y1) = (clamp_x(max.0), clamp_y(max.1));
        [x0, y0, x1.saturating_sub(x0), y1.saturating_sub(y0)]
    }
}

/// Measures glyph height, printed area and skew on a copy at most
/// `ANALYSIS_SIDE` pixels on its longer side.
fn analyse(gray: &GrayImage, how: &Preparation) -> Layout {
    const ANALYSIS_SIDE: u32 = 1600;
    let (w, h) = gray.dimensions();
    let block = w.max(h).div_ceil(ANALYSIS_SIDE).max(1);
    let shrunk = (block > 1).then(|| box_shrink(gray, block));
    let small = shrunk.as_ref().unwrap_or(gray);
    let factor = small.width() as f32 / w as f32;
    let threshold = otsu(small);
    let components = components(small, threshold);
    let (sw, sh) = small.dimensions();
    let glyphs: Vec<&Component> = components
        .iter()
        .filter(|c| {
            let (cw, ch) = (c.x1 - c.x0 + 1, c.y1 - c.y0 + 1);
            ch >= 4 && ch <= sh / 8 && cw <= sw / 4 && cw <= ch * 4 && c.pixels >= 6
        })
        .collect();
    if glyphs.len() < 10 {
        return Layout {
            glyph_height: how.glyph_height,
            ink: None,
            angle: 0.0,
        };
    }
    let mut heights: Vec<u32> = glyphs.iter().map(|c| c.y1 - c.y0 + 1).collect();
    heights.sort_unstable();
    // The upper half of heights: capitals and digits, not dots and dashes.
    let glyph_small = heights[heights.len() * 2 / 3] as f32;
    // Glyphs of a plausible size for text bound the printed area.
    let text_like: Vec<&&Component> = glyphs
        .iter()
        .filter(|c| {
            let ch = (c.y1 - c.y0 + 1) as f32;
            ch >= glyph_small * 0.4 && ch <= glyph_small * 3.0
        })
        .collect();
    let x0 = text_like.iter().map(|c| c.x0).min().unwrap_or(0);
    let y0 = text_like.iter().map(|c| c.y0).min().unwrap_or(0);
    let x1 = text_like.iter().map(|c| c.x1 + 1).max().unwrap_or(sw);
    let y1 = text_like.iter().map(|c| c.y1 + 1).max().unwrap_or(sh);
    let centres: Vec<(f32, f32)> = text_like
        .iter()
        .map(|c| ((c.x0 + c.x1) as f32 / 2.0, c.y1 as f32))
        .collect();
    // The baselines' slope; turning by it makes them level.
    let angle = -skew(&centres, glyph_small);
    let back = |v: u32, max: u32| ((v as f32 / factor).round() as u32).min(max);
    Layout {
        glyph_height: glyph_small / factor,
        ink: Some((back(x0, w), back(y0, h), back(x1, w), back(y1, h))),
        angle,
    }
}

struct Component {
    x0: u32,
    y0: u32,
    x1: u32,
    y1: u32,
    pixels: u32,
}

/// Connected components (8-neighbours) of pixels darker than `threshold`.
fn components(image: &GrayImage, threshold: u8) -> Vec<Component> {
    let (w, h) = image.dimensions();
    let (w, h) = (w as usize, h as usize);
    let dark: Vec<bool> = image.as_raw().iter().map(|&p| p <= threshold).collect();
    let mut seen = vec![false; w * h];
    let mut found = Vec::new();
    let mut stack = Vec::new();
    for start in 0..w * h {
        if !dark[start] || seen[start] {
            continue;
        }
        seen[start] = true;
        stack.push(start);
        let (mut x0, mut y0, mut x1, mut y1, mut n) = (w, h, 0, 0, 0u32);
        while let Some(i) = stack.pop() {
            let (x, y) = (i % w, i / w);
            x0 = x0.min(x);
            y0 = y0.min(y);
            x1 = x1.max(x);
            y1 = y1.max(y);
            n += 1;
            for dy in [-1isize, 0, 1] {
                for dx in [-1isize, 0, 1] {
                    let (nx, ny) = (x as isize + dx, y as isize + dy);
                    if nx < 0 || ny < 0 || nx >= w as isize || ny >= h as isize {
                        continue;
                    }
                    let j = ny as usize * w + nx as usize;
                    if dark[j] && !seen[j] {
                        seen[j] = true;
                        stack.push(j);
                    }
                }
            }
        }
        found.push(Component {
            x0: x0 as u32,
            y0: y0 as u32,
            x1: x1 as u32,
            y1: y1 as u32,
            pixels: n,
        });
    }
    found
}

/// The tilt, in degrees counter-clockwise, at which the glyphs' baselines
/// line up best: the angle whose projection of glyph bottoms onto the
/// vertical is the most peaked.
fn skew(points: &[(f32, f32)], glyph: f32) -> f32 {
    if points.len() < 30 {
        return 0.0;
    }
    let bin = (glyph / 3.0).max(1.0);
    let extent = points
        .iter()
        .fold(0f32, |m, &(x, y)| m.max(x.abs() + y.abs()));
    let offset = extent / bin + 2.0;
    let mut bins = vec![0u32; (2.0 * offset) as usize + 2];
    let mut score = |degrees: f32| {
        let (sin, cos) = degrees.to_radians().sin_cos();
        bins.iter_mut().for_each(|b| *b = 0);
        for &(x, y) in points {
            let projected = y * cos + x * sin;
            bins[(projected / bin + offset) as usize] += 1;
        }
        bins.iter()
            .map(|&n| f64::from(n) * f64::from(n))
            .sum::<f64>()
    };
    let mut best = (score(0.0), 0.0f32);
    let mut degrees = -5.0f32;
    while degrees <= 5.0 {
        let s = score(degrees);
        if s > best.0 * 1.0001 {
            best = (s, degrees);
        }
        degrees += 0.2;
    }
    // Refine around the best coarse angle.
    let centre = best.1;
    let mut fine = centre - 0.2;
    while fine <= centre + 0.2 {
        let s = score(fine);
        if s > best.0 * 1.0001 {
            best = (s, fine);
        }
        fine += 0.05;
    }
    best.1
}

/// Sauvola's local threshold over a `window`-pixel square, in place.
fn sauvola(image: &mut GrayImage, window: u32, k: f64) {
    let (w, h) = image.dimensions();
    let (wu, hu) = (w as usize, h as usize);
    let mut sum = vec![0f64; (wu + 1) * (hu + 1)];
    let mut sq = vec![0f64; (wu + 1) * (hu + 1)];
    let raw = image.as_raw();
    for y in 0..hu {
        let (mut row, mut row_sq) = (0f64, 0f64);
        for x in 0..wu {
            let v = raw[y * wu + x] as f64;
            row += v;
            row_sq += v * v;
            let i = (y + 1) * (wu + 1) + x + 1;
            sum[i] = sum[i - wu - 1] + row;
            sq[i] = sq[i - wu - 1] + row_sq;
        }
    }
    let r = (window / 2) as usize;
    let mut out = vec![255u8; wu * hu];
    for y in 0..hu {
        let (ya, yb) = (y.saturating_sub(r), (y + r + 1).min(hu));
        for x in 0..wu {
            let (xa, xb) = (x.saturating_sub(r), (x + r + 1).min(wu));
            let n = ((yb - ya) * (xb - xa)) as f64;
            let at = |yy: usize, xx: usize| yy * (wu + 1) + xx;
            let s = sum[at(yb, xb)] - sum[at(ya, xb)] - sum[at(yb, xa)] + sum[at(ya, xa)];
            let s2 = sq[at(yb, xb)] - sq[at(ya, xb)] - sq[at(yb, xa)] + sq[at(ya, xa)];
            let mean = s / n;
            let sd = (s2 / n - mean * mean).max(0.0).sqrt();
            let threshold = mean * (1.0 + k * (sd / 128.0 - 1.0));
            if (raw[y * wu + x] as f64) <= threshold {
                out[y * wu + x] = 0;
            }
        }
    }
    *image = GrayImage::from_raw(w, h, out).expect("same size");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boxes_map_back_through_crop_and_scale() {
        let prepared = Prepared {
            image: GrayImage::new(200, 100),
            scale: 2.0,
            origin: (10, 20),
            angle: 0.0,
            crop_size: (100, 50),
            glyph_height: 15.0,
        };
        assert_eq!(
            prepared.to_picture((20, 40, 10, 8), (500, 500)),
            [20, 40, 5, 4]
        );
    }
}
