//! What the preparation of scans, the clean-up of their dark borders and
//! the search for a photo's paper do to pixels alike: Otsu's threshold, a
//! box shrink, and growing 4-connected regions from a seed. It sits below
//! all three, so none of them imports another for these.

use image::GrayImage;

/// Fills the 4-connected region around `start` of the pixels of a `w`×`h`
/// picture that `inside` accepts and `seen` has not marked yet: marks each
/// in `seen` and gives its index to `each`. `start` itself must be inside
/// and unmarked. `stack` is scratch space, kept by the caller between
/// regions.
pub(crate) fn flood(
    (w, h): (usize, usize),
    start: usize,
    seen: &mut [bool],
    stack: &mut Vec<usize>,
    inside: impl Fn(usize) -> bool,
    mut each: impl FnMut(usize),
) {
    seen[start] = true;
    stack.push(start);
    while let Some(i) = stack.pop() {
        each(i);
        let (x, y) = (i % w, i / w);
        let mut visit = |j: usize| {
            if !seen[j] && inside(j) {
                seen[j] = true;
                stack.push(j);
            }
        };
        if x > 0 {
            visit(i - 1);
        }
        if x + 1 < w {
            visit(i + 1);
        }
        if y > 0 {
            visit(i - w);
        }
        if y + 1 < h {
            visit(i + w);
        }
    }
}

/// Averages `block`×`block` squares into one pixel.
pub(crate) fn box_shrink(image: &GrayImage, block: u32) -> GrayImage {
    let (w, h) = image.dimensions();
    let (nw, nh) = ((w / block).max(1), (h / block).max(1));
    let raw = image.as_raw();
    let mut out = vec![0u8; (nw * nh) as usize];
    let mut sums = vec![0u32; nw as usize];
    let area = block * block;
    for ny in 0..nh {
        sums.iter_mut().for_each(|s| *s = 0);
        for y in ny * block..((ny + 1) * block).min(h) {
            let row = &raw[(y * w) as usize..((y + 1) * w) as usize];
            for (nx, sum) in sums.iter_mut().enumerate() {
                let start = nx * block as usize;
                *sum += row[start..(start + block as usize).min(w as usize)]
                    .iter()
                    .map(|&p| u32::from(p))
                    .sum::<u32>();
            }
        }
        for (nx, sum) in sums.iter().enumerate() {
            out[(ny * nw) as usize + nx] = (sum / area) as u8;
        }
    }
    GrayImage::from_raw(nw, nh, out).expect("sized")
}

/// Otsu's threshold of a grayscale image.
pub(crate) fn otsu(image: &GrayImage) -> u8 {
    let mut histogram = [0u64; 256];
    for &p in image.as_raw() {
        histogram[p as usize] += 1;
    }
    let total: u64 = histogram.iter().sum();
    let sum_all: f64 = histogram
        .iter()
        .enumerate()
        .map(|(i, &n)| i as f64 * n as f64)
        .sum();
    let (mut weight_b, mut sum_b, mut best, mut best_t) = (0u64, 0f64, -1f64, 127u8);
    for (t, &n) in histogram.iter().enumerate() {
        weight_b += n;
        if weight_b == 0 {
            continue;
        }
        let weight_f = total - weight_b;
        if weight_f == 0 {
            break;
        }
        sum_b += t as f64 * n as f64;
        let mean_b = sum_b / weight_b as f64;
        let mean_f = (sum_all - sum_b) / weight_f as f64;
        let between = weight_b as f64 * weight_f as f64 * (mean_b - mean_f).powi(2);
        if between > best {
            best = between;
            best_t = t as u8;
        }
    }
    best_t
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::Luma;

    #[test]
    fn otsu_splits_two_levels() {
        let mut image = GrayImage::from_pixel(10, 10, Luma([220]));
        for x in 0..5 {
            for y in 0..10 {
                image.put_pixel(x, y, Luma([30]));
            }
        }
        let t = otsu(&image);
        assert!((30..220).contains(&t), "{t}");
    }

    #[test]
    fn fills_one_region_and_not_its_diagonal_neighbour() {
        // 1 1 0
        // 0 1 0
        // 0 0 1
        let on = [true, true, false, false, true, false, false, false, true];
        let mut seen = [false; 9];
        let mut region = Vec::new();
        flood(
            (3, 3),
            0,
            &mut seen,
            &mut Vec::new(),
            |j| on[j],
            |i| region.push(i),
        );
        region.sort();
        assert_eq!(region, vec![0, 1, 4]);
        assert!(!seen[8]);
    }
}
