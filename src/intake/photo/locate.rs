//! Finding the receipt in a photo: the largest bright, colourless region,
//! its outline's four corners.
//!
//! Paper is bright and grey; tables, hands, wood and check folders are
//! darker or coloured. On a small copy of the picture each pixel's whiteness
//! (low on anything coloured) is split by Otsu's threshold, the
//! largest bright region is taken, and of its convex hull the four
//! vertices enclosing the largest area are the paper's corners. Each side
//! is then fitted again, as a straight line through the region's outline
//! near it, so that a torn or rounded corner does not pull the corner in.
//! A picture whose bright region fills the frame (a close-up), lies square
//! to it (a scan) or does not look like one sheet is left alone.

use image::{DynamicImage, GrayImage};

use crate::intake::pixels::{box_shrink, flood, otsu};

/// The long side of the copy the paper is looked for on.
const ANALYSIS_SIDE: u32 = 400;

/// A receipt's corners in the picture's pixels: top-left, top-right,
/// bottom-right, bottom-left.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Quad(pub [(f32, f32); 4]);

/// The receipt's corners, or `None` when the picture is all paper or no
/// sheet stands out from its surroundings.
pub fn locate(image: &DynamicImage) -> Option<Quad> {
    let (w, h) = (image.width(), image.height());
    if w < 32 || h < 32 {
        return None;
    }
    let block = w.max(h).div_ceil(ANALYSIS_SIDE).max(1);
    let small = box_shrink(&whiteness(image), block);
    let (sw, sh) = small.dimensions();
    let threshold = otsu(&small);
    let paper = largest_bright_region(&small, threshold)?;
    let count = paper.iter().filter(|&&p| p).count();
    let area = (sw * sh) as f32;
    if (count as f32) < area * 0.05 {
        return None;
    }
    if !stands_out(&small, &paper) {
        return None;
    }
    let outline = outline(&paper, sw as usize, sh as usize);
    let hull = convex_hull(&outline);
    let corners = largest_quad(&hull)?;
    let corners = refit_sides(corners, &outline);
    let quad_area = polygon_area(&corners);
    // One sheet, whole or cut straight by the frame: the region fills the
    // quadrilateral, which is nearly all of the hull, with corners near
    // square. Paper running off two sides of the frame at once, or crumpled
    // out of shape, is left alone rather than flattened wrongly.
    if quad_area < area * 0.05
        || (count as f32) < quad_area * 0.85
        || quad_area < polygon_area(&hull) * 0.94
        || !near_square(&corners)
    {
        return None;
    }
    let scale = block as f32;
    let full = corners.map(|(x, y)| ((x * scale).min(w as f32), (y * scale).min(h as f32)));
    let quad = Quad(upright_order(full));
    (!fills_frame(&quad, w as f32, h as f32) && !square_to_frame(&quad)).then_some(quad)
}

/// Every side within 1.5° of the frame's axes: a receipt laid on a
/// scanner's bed, not held up to a camera. A scan is read as it is; its
/// print is already square and evenly lit.
fn square_to_frame(quad: &Quad) -> bool {
    let limit = 1.5f32.to_radians().tan();
    (0..4).all(|i| {
        let (a, b) = (quad.0[i], quad.0[(i + 1) % 4]);
        let (dx, dy) = ((b.0 - a.0).abs(), (b.1 - a.1).abs());
        dx.min(dy) <= limit * dx.max(dy)
    })
}

/// Whiteness: the darkest of the three channels less half the spread
/// between them, high on white paper, low on wood, skin and anything else
/// coloured, however bright.
fn whiteness(image: &DynamicImage) -> GrayImage {
    match image {
        DynamicImage::ImageLuma8(gray) => gray.clone(),
        DynamicImage::ImageRgb8(rgb) => {
            let raw: Vec<u8> = rgb
                .as_raw()
                .chunks_exact(3)
                .map(|p| {
                    let (low, high) = (p[0].min(p[1]).min(p[2]), p[0].max(p[1]).max(p[2]));
                    low.saturating_sub((high - low) / 2)
                })
                .collect();
            GrayImage::from_raw(rgb.width(), rgb.height(), raw).expect("sized")
        }
        other => {
            let rgb = other.to_rgb8();
            whiteness(&DynamicImage::ImageRgb8(rgb))
        }
    }
}

/// The largest 4-connected region of pixels brighter than `threshold`,
/// as a mask.
fn largest_bright_region(image: &GrayImage, threshold: u8) -> Option<Vec<bool>> {
    let (w, h) = (image.width() as usize, image.height() as usize);
    let raw = image.as_raw();
    let bright = |i: usize| raw[i] > threshold;
    let mut seen = vec![false; w * h];
    let (mut largest, mut region, mut stack) = (Vec::new(), Vec::new(), Vec::new());
    for start in 0..w * h {
        if !bright(start) || seen[start] {
            continue;
        }
        region.clear();
        flood((w, h), start, &mut seen, &mut stack, bright, |i| {
            region.push(i)
        });
        if region.len() > largest.len() {
            std::mem::swap(&mut largest, &mut region);
        }
    }
    (!largest.is_empty()).then(|| {
        let mut mask = vec![false; w * h];
        for i in largest {
            mask[i] = true;
        }
        mask
    })
}

/// The paper is clearly brighter than what surrounds it, not the brighter
/// half of one grey surface.
fn stands_out(image: &GrayImage, paper: &[bool]) -> bool {
    let (mut inside, mut outside) = ((0u64, 0u64), (0u64, 0u64));
    for (&p, &on) in image.as_raw().iter().zip(paper) {
        let side = if on { &mut inside } else { &mut outside };
        side.0 += u64::from(p);
        side.1 += 1;
    }
    if outside.1 == 0 || inside.1 == 0 {
        return false;
    }
    let mean = |s: (u64, u64)| s.0 as f32 / s.1 as f32;
    mean(inside) - mean(outside) >= 40.0
}

/// The region's outline: the outer edge of the first and last pixel of
/// each row and each column, in pixel-edge coordinates.
fn outline(mask: &[bool], w: usize, h: usize) -> Vec<(f32, f32)> {
    let mut points = Vec::new();
    for y in 0..h {
        let row = &mask[y * w..(y + 1) * w];
        if let (Some(first), Some(last)) =
            (row.iter().position(|&m| m), row.iter().rposition(|&m| m))
        {
            let cy = y as f32 + 0.5;
            points.push((first as f32, cy));
            points.push((last as f32 + 1.0, cy));
        }
    }
    for x in 0..w {
        let on = |y: &usize| mask[y * w + x];
        if let (Some(first), Some(last)) = ((0..h).find(on), (0..h).rev().find(on)) {
            let cx = x as f32 + 0.5;
            points.push((cx, first as f32));
            points.push((cx, last as f32 + 1.0));
        }
    }
    points
}

fn cross(o: (f32, f32), a: (f32, f32), b: (f32, f32)) -> f32 {
    (a.0 - o.0) * (b.1 - o.1) - (a.1 - o.1) * (b.0 - o.0)
}

/// Andrew's monotone chain; the hull's vertices in order.
pub fn convex_hull(points: &[(f32, f32)]) -> Vec<(f32, f32)> {
    let mut sorted = points.to_vec();
    sorted.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
    sorted.dedup();
    if sorted.len() < 3 {
        return sorted;
    }
    let mut hull: Vec<(f32, f32)> = Vec::with_capacity(sorted.len() * 2);
    for pass in 0..2 {
        let start = hull.len();
        let iter: Box<dyn Iterator<Item = &(f32, f32)>> = if pass == 0 {
            Box::new(sorted.iter())
        } else {
            Box::new(sorted.iter().rev())
        };
        for &p in iter {
            while hull.len() >= start + 2
                && cross(hull[hull.len() - 2], hull[hull.len() - 1], p) <= 0.0
            {
                hull.pop();
            }
            hull.push(p);
        }
        hull.pop();
    }
    hull
}

fn polygon_area(points: &[(f32, f32)]) -> f32 {
    let n = points.len();
    (0..n)
        .map(|i| {
            let (a, b) = (points[i], points[(i + 1) % n]);
            a.0 * b.1 - b.0 * a.1
        })
        .sum::<f32>()
        .abs()
        / 2.0
}

/// The four hull vertices that enclose the largest area, in hull order.
fn largest_quad(hull: &[(f32, f32)]) -> Option<[(f32, f32); 4]> {
    // A hull of a few hundred vertices is thinned first: the search below
    // is cubic.
    let step = hull.len().div_ceil(120).max(1);
    let hull: Vec<(f32, f32)> = hull.iter().step_by(step).copied().collect();
    let n = hull.len();
    if n < 4 {
        return None;
    }
    let tri = |a: usize, b: usize, c: usize| cross(hull[a], hull[b], hull[c]).abs() / 2.0;
    let mut best = (0f32, [0usize; 4]);
    for i in 0..n {
        for k in i + 2..n {
            // Best apex on each side of the diagonal i–k.
            let left = (i + 1..k)
                .map(|j| (tri(i, j, k), j))
                .max_by(|a, b| a.0.total_cmp(&b.0));
            let right = (k + 1..n + i)
                .map(|j| j % n)
                .filter(|&j| j != i)
                .map(|j| (tri(i, k, j), j))
                .max_by(|a, b| a.0.total_cmp(&b.0));
            if let (Some(l), Some(r)) = (left, right)
                && l.0 + r.0 > best.0
            {
                best = (l.0 + r.0, [i, l.1, k, r.1]);
            }
        }
    }
    (best.0 > 0.0).then(|| best.1.map(|i| hull[i]))
}

/// Each side fitted again as the line through the outline points near it
/// (away from its ends), the corners where those lines meet. A side with
/// too few points, or corners that move far, keep the hull's corners.
fn refit_sides(corners: [(f32, f32); 4], outline: &[(f32, f32)]) -> [(f32, f32); 4] {
    let perimeter: f32 = (0..4).map(|i| dist(corners[i], corners[(i + 1) % 4])).sum();
    let near = (perimeter / 150.0).max(1.5);
    let mut lines = Vec::with_capacity(4);
    for i in 0..4 {
        let (a, b) = (corners[i], corners[(i + 1) % 4]);
        let len = dist(a, b).max(1e-3);
        let (dx, dy) = ((b.0 - a.0) / len, (b.1 - a.1) / len);
        let fit: Vec<(f32, f32)> = outline
            .iter()
            .copied()
            .filter(|&p| {
                let along = (p.0 - a.0) * dx + (p.1 - a.1) * dy;
                let off = ((p.0 - a.0) * dy - (p.1 - a.1) * dx).abs();
                off <= near && along > len * 0.1 && along < len * 0.9
            })
            .collect();
        match fit_line(&fit) {
            Some(line) if fit.len() >= 6 => lines.push(line),
            _ => return corners,
        }
    }
    let mut refined = corners;
    for i in 0..4 {
        let Some(p) = intersect(lines[(i + 3) % 4], lines[i]) else {
            return corners;
        };
        if dist(p, corners[i]) > near * 4.0 {
            return corners;
        }
        refined[i] = p;
    }
    refined
}

/// Every corner within 25° of a right angle.
fn near_square(corners: &[(f32, f32); 4]) -> bool {
    (0..4).all(|i| {
        let (p, c, n) = (corners[(i + 3) % 4], corners[i], corners[(i + 1) % 4]);
        let (a, b) = ((p.0 - c.0, p.1 - c.1), (n.0 - c.0, n.1 - c.1));
        let cos = (a.0 * b.0 + a.1 * b.1) / (dist(p, c) * dist(n, c)).max(1e-6);
        cos.abs() <= 25f32.to_radians().sin()
    })
}

fn dist(a: (f32, f32), b: (f32, f32)) -> f32 {
    ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt()
}

/// A line as a point on it and its direction, fitted by total least
/// squares.
type Line = ((f32, f32), (f32, f32));

fn fit_line(points: &[(f32, f32)]) -> Option<Line> {
    if points.len() < 2 {
        return None;
    }
    let n = points.len() as f32;
    let (mx, my) = points
        .iter()
        .fold((0.0, 0.0), |s, p| (s.0 + p.0 / n, s.1 + p.1 / n));
    let (mut sxx, mut sxy, mut syy) = (0f32, 0f32, 0f32);
    for p in points {
        let (dx, dy) = (p.0 - mx, p.1 - my);
        sxx += dx * dx;
        sxy += dx * dy;
        syy += dy * dy;
    }
    let angle = 0.5 * (2.0 * sxy).atan2(sxx - syy);
    Some(((mx, my), (angle.cos(), angle.sin())))
}

fn intersect(a: Line, b: Line) -> Option<(f32, f32)> {
    let ((px, py), (dx, dy)) = a;
    let ((qx, qy), (ex, ey)) = b;
    let det = dx * ey - dy * ex;
    if det.abs() < 1e-4 {
        return None;
    }
    let t = ((qx - px) * ey - (qy - py) * ex) / det;
    Some((px + t * dx, py + t * dy))
}

/// The corners clockwise on screen, starting with the one whose side to
/// the next runs closest to left-to-right: the receipt keeps the
/// orientation it has in the photo.
fn upright_order(corners: [(f32, f32); 4]) -> [(f32, f32); 4] {
    let (cx, cy) = corners
        .iter()
        .fold((0.0, 0.0), |s, p| (s.0 + p.0 / 4.0, s.1 + p.1 / 4.0));
    let mut sorted = corners;
    sorted.sort_by(|a, b| {
        (a.1 - cy)
            .atan2(a.0 - cx)
            .total_cmp(&(b.1 - cy).atan2(b.0 - cx))
    });
    let rightward = |i: usize| {
        let (a, b) = (sorted[i], sorted[(i + 1) % 4]);
        (b.0 - a.0) / dist(a, b).max(1e-3)
    };
    let start = (0..4)
        .max_by(|&i, &j| rightward(i).total_cmp(&rightward(j)))
        .expect("four corners");
    std::array::from_fn(|i| sorted[(start + i) % 4])
}

/// Every corner within a few percent of the frame's own corner: the paper
/// fills the picture and there is nothing to cut away.
fn fills_frame(quad: &Quad, w: f32, h: f32) -> bool {
    let frame = [(0.0, 0.0), (w, 0.0), (w, h), (0.0, h)];
    let tolerance = 0.04 * (w * w + h * h).sqrt();
    quad.0
        .iter()
        .zip(frame)
        .all(|(&c, f)| dist(c, f) <= tolerance)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orders_corners_from_the_top_left_clockwise() {
        let quad = upright_order([(90.0, 210.0), (10.0, 20.0), (100.0, 15.0), (5.0, 200.0)]);
        assert_eq!(
            quad,
            [(10.0, 20.0), (100.0, 15.0), (90.0, 210.0), (5.0, 200.0)]
        );
    }

    #[test]
    fn the_hull_of_a_square_with_inner_points_is_its_corners() {
        let mut points = vec![(0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 10.0)];
        points.extend([(5.0, 5.0), (2.0, 7.0), (5.0, 0.0)]);
        let hull = convex_hull(&points);
        assert_eq!(hull.len(), 4, "{hull:?}");
        assert!((polygon_area(&hull) - 100.0).abs() < 1e-3);
    }
}
