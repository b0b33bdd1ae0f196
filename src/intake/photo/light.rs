//! Evening out the light on a photographed receipt: a shadow across the
//! paper or light falling off towards one end pulls part of the print
//! below or above any single threshold. The paper's own brightness is
//! estimated everywhere (the brightest value nearby, which skips over
//! letters, then smoothed) and each pixel divided by it, so that paper
//! becomes white and print keeps its contrast to the paper under it.

use image::GrayImage;

use crate::intake::pixels::{box_shrink, otsu};

/// The long side of the copy on which the paper's brightness is estimated.
const BACKGROUND_SIDE: u32 = 160;

pub fn even_light(gray: &GrayImage) -> GrayImage {
    match background(gray) {
        Some((background, block)) => divide(gray, &background, block),
        None => gray.clone(),
    }
}

/// [`even_light`] for a picture lit unevenly, `None` for one lit evenly
/// (a flatbed scan): see [`uneven`].
pub fn even_uneven_light(gray: &GrayImage) -> Option<GrayImage> {
    let (background, block) = background(gray)?;
    uneven(&background).then(|| divide(gray, &background, block))
}

/// Over the paper (the brighter side of Otsu's split of the estimated
/// brightness, which leaves a scanner's grey bed out), the darkest tenth
/// lies in light below 80% of the brightest twentieth's.
fn uneven(background: &GrayImage) -> bool {
    let threshold = otsu(background);
    let mut levels: Vec<u8> = background
        .as_raw()
        .iter()
        .copied()
        .filter(|&p| p > threshold)
        .collect();
    if levels.len() < 16 {
        return false;
    }
    levels.sort_unstable();
    let at = |share: f32| f32::from(levels[((levels.len() - 1) as f32 * share) as usize]);
    at(0.1) < 0.8 * at(0.95)
}

/// The paper's brightness on a small copy, and the copy's block size.
fn background(gray: &GrayImage) -> Option<(GrayImage, u32)> {
    let (w, h) = gray.dimensions();
    let block = w.max(h).div_ceil(BACKGROUND_SIDE).max(1);
    if block < 2 {
        return None;
    }
    let small = box_shrink(gray, block);
    Some((box_blur(&max_filter(&small, 3), 3), block))
}

fn divide(gray: &GrayImage, background: &GrayImage, block: u32) -> GrayImage {
    let (w, h) = gray.dimensions();
    let (bw, bh) = background.dimensions();
    let bg = background.as_raw();
    let raw = gray.as_raw();
    let mut out = vec![255u8; raw.len()];
    let scale = 1.0 / block as f32;
    for y in 0..h {
        let fy = ((y as f32 + 0.5) * scale - 0.5).clamp(0.0, (bh - 1) as f32);
        let (y0, ty) = (fy as u32, fy.fract());
        let y1 = (y0 + 1).min(bh - 1);
        for x in 0..w {
            let fx = ((x as f32 + 0.5) * scale - 0.5).clamp(0.0, (bw - 1) as f32);
            let (x0, tx) = (fx as u32, fx.fract());
            let x1 = (x0 + 1).min(bw - 1);
            let p = |x: u32, y: u32| f32::from(bg[(y * bw + x) as usize]);
            let top = p(x0, y0) + (p(x1, y0) - p(x0, y0)) * tx;
            let bottom = p(x0, y1) + (p(x1, y1) - p(x0, y1)) * tx;
            let paper = (top + (bottom - top) * ty).max(24.0);
            let i = (y * w + x) as usize;
            out[i] = (f32::from(raw[i]) * 255.0 / paper).min(255.0) as u8;
        }
    }
    GrayImage::from_raw(w, h, out).expect("sized")
}

/// The brightest pixel in each `(2r+1)`-square.
fn max_filter(image: &GrayImage, r: u32) -> GrayImage {
    separable(image, r, |window| window.iter().copied().max().unwrap_or(0))
}

fn box_blur(image: &GrayImage, r: u32) -> GrayImage {
    separable(image, r, |window| {
        (window.iter().map(|&p| u32::from(p)).sum::<u32>() / window.len() as u32) as u8
    })
}

/// A filter over a square window, applied along rows and then columns.
fn separable(image: &GrayImage, r: u32, f: impl Fn(&[u8]) -> u8) -> GrayImage {
    let (w, h) = (image.width() as usize, image.height() as usize);
    let r = r as usize;
    let pass = |src: &[u8], len: usize, lines: usize, at: &dyn Fn(usize, usize) -> usize| {
        let mut out = vec![0u8; src.len()];
        let mut window = Vec::with_capacity(2 * r + 1);
        for line in 0..lines {
            for k in 0..len {
                window.clear();
                window
                    .extend((k.saturating_sub(r)..(k + r + 1).min(len)).map(|j| src[at(line, j)]));
                out[at(line, k)] = f(&window);
            }
        }
        out
    };
    let across = pass(image.as_raw(), w, h, &|y, x| y * w + x);
    let down = pass(&across, h, w, &|x, y| y * w + x);
    GrayImage::from_raw(w as u32, h as u32, down).expect("sized")
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::Luma;

    #[test]
    fn a_shadowed_half_becomes_as_white_as_the_lit_half_and_print_stays_dark() {
        // Paper lit at 230 on the left, in shadow at 120 on the right, with
        // a dark stroke in each half at 40% of the paper's brightness.
        let mut image =
            GrayImage::from_fn(640, 480, |x, _| Luma([if x < 320 { 230 } else { 120 }]));
        for y in 200..230 {
            for x in (100..104).chain(500..504) {
                let paper = image.get_pixel(x, y).0[0];
                image.put_pixel(x, y, Luma([(f32::from(paper) * 0.4) as u8]));
            }
        }
        let even = even_light(&image);
        assert!(even.get_pixel(50, 50).0[0] >= 250);
        assert!(even.get_pixel(600, 400).0[0] >= 250);
        for x in [101, 501] {
            assert!(
                even.get_pixel(x, 215).0[0] < 120,
                "{}",
                even.get_pixel(x, 215).0[0]
            );
        }
    }
}
