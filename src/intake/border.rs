//! Dark borders around a scan: the scanner's lid, a torn edge, the table a
//! receipt was photographed on.
//!
//! A black band along one edge of an otherwise pale receipt pulls a global
//! (Otsu) threshold down to between black and grey, and thermal print, which
//! is grey, then falls on the paper's side: Tesseract reads nothing at all.
//! Dark regions that touch the image's edge and are far larger than a letter
//! are painted white. Letters that touch the edge stay: they are small.

use image::GrayImage;

use super::pixels::{flood, otsu};

/// The picture with its large dark regions touching an edge painted white
/// and the share of its pixels painted, or `None` when it has none.
pub fn whiten_borders(gray: &GrayImage) -> Option<(GrayImage, f32)> {
    let (w, h) = gray.dimensions();
    if w < 16 || h < 16 {
        return None;
    }
    let threshold = otsu(gray);
    let raw = gray.as_raw();
    let (wu, hu) = (w as usize, h as usize);
    let dark = |i: usize| raw[i] <= threshold;
    let mut edge: Vec<usize> = Vec::new();
    for x in 0..wu {
        edge.push(x);
        edge.push((hu - 1) * wu + x);
    }
    for y in 1..hu - 1 {
        edge.push(y * wu);
        edge.push(y * wu + wu - 1);
    }
    if !edge.iter().any(|&i| dark(i)) {
        return None;
    }
    let mut seen = vec![false; wu * hu];
    let mut whiten: Vec<usize> = Vec::new();
    let mut stack = Vec::new();
    let mut region = Vec::new();
    for &start in &edge {
        if !dark(start) || seen[start] {
            continue;
        }
        region.clear();
        let (mut x0, mut y0, mut x1, mut y1) = (wu, hu, 0, 0);
        flood((wu, hu), start, &mut seen, &mut stack, dark, |i| {
            region.push(i);
            let (x, y) = (i % wu, i / wu);
            x0 = x0.min(x);
            y0 = y0.min(y);
            x1 = x1.max(x);
            y1 = y1.max(y);
        });
        // Larger than any letter: a quarter of the width or an eighth of
        // the height, the bounds the glyph measurement uses too.
        if x1 - x0 + 1 > wu / 4 || y1 - y0 + 1 > hu / 8 {
            whiten.extend_from_slice(&region);
        }
    }
    if whiten.is_empty() {
        return None;
    }
    // The band's blurred rim is grey, lighter than the threshold: left
    // alone it would read as a ruled line and widen the printed area to
    // the edge. The painted region grows by a few pixels to take it.
    let mut mask = vec![false; wu * hu];
    for i in whiten {
        mask[i] = true;
    }
    let rim = (wu.min(hu) / 300).clamp(2, 8);
    let mask = grow(&mask, wu, hu, rim);
    let mut out = gray.clone();
    let pixels: &mut [u8] = &mut out;
    let mut painted = 0usize;
    for (p, m) in pixels.iter_mut().zip(mask) {
        if m {
            *p = 255;
            painted += 1;
        }
    }
    Some((out, painted as f32 / (wu * hu) as f32))
}

/// The mask grown by `r` pixels in every direction (a square dilation, as
/// two passes of a running count).
fn grow(mask: &[bool], w: usize, h: usize, r: usize) -> Vec<bool> {
    let pass = |src: &[bool], len: usize, lines: usize, at: &dyn Fn(usize, usize) -> usize| {
        let mut out = vec![false; src.len()];
        for line in 0..lines {
            let mut count = 0usize;
            for k in 0..len.min(r) {
                count += usize::from(src[at(line, k)]);
            }
            for k in 0..len {
                if k + r < len {
                    count += usize::from(src[at(line, k + r)]);
                }
                if k > r {
                    count -= usize::from(src[at(line, k - r - 1)]);
                }
                out[at(line, k)] = count > 0;
            }
        }
        out
    };
    let across = pass(mask, w, h, &|y, x| y * w + x);
    pass(&across, h, w, &|x, y| y * w + x)
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::Luma;

    /// Pale paper with grey letters and a black band along the top.
    fn scan(band: bool) -> GrayImage {
        let mut image = GrayImage::from_pixel(200, 300, Luma([235]));
        for n in 0..20u32 {
            let (x, y) = (20 + (n % 10) * 16, 100 + (n / 10) * 40);
            for dy in 0..12 {
                for dx in 0..3 {
                    image.put_pixel(x + dx, y + dy, Luma([150]));
                }
            }
        }
        // A letter touching the left edge.
        for y in 200..212 {
            image.put_pixel(0, y, Luma([150]));
            image.put_pixel(1, y, Luma([150]));
        }
        if band {
            for y in 0..30 {
                for x in 0..200 {
                    image.put_pixel(x, y, Luma([5]));
                }
            }
        }
        image
    }

    #[test]
    fn paints_a_dark_band_white_and_keeps_letters() {
        let (cleaned, share) = whiten_borders(&scan(true)).expect("a band to clean");
        assert!((0.1..0.2).contains(&share), "{share}");
        assert_eq!(cleaned.get_pixel(100, 10).0[0], 255);
        assert_eq!(cleaned.get_pixel(21, 105).0[0], 150);
        // Grey letters are now darker than the threshold.
        assert!(otsu(&cleaned) >= 150, "{}", otsu(&cleaned));
    }

    #[test]
    fn grows_a_mask_by_its_radius() {
        let (w, h) = (9, 7);
        let mut mask = vec![false; w * h];
        mask[3 * w + 4] = true;
        let grown = grow(&mask, w, h, 2);
        let set: Vec<(usize, usize)> = (0..w * h)
            .filter(|&i| grown[i])
            .map(|i| (i % w, i / w))
            .collect();
        assert_eq!(set.len(), 25);
        assert!(
            set.iter()
                .all(|&(x, y)| (2..=6).contains(&x) && (1..=5).contains(&y))
        );
    }

    #[test]
    fn leaves_a_clean_scan_alone() {
        assert!(whiten_borders(&scan(false)).is_none());
    }
}
