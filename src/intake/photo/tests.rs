//! Photos made here: a drawn receipt laid on a cluttered table at a known
//! place, turned and seen in perspective.

use image::{DynamicImage, Rgb, RgbImage};

use super::homography::Homography;
use super::*;

/// Magenta: on the table, never on the receipt.
const MARKER: [u8; 3] = [250, 0, 250];

/// A receipt 240×480: white paper, a dark logo block at the top left and
/// rows of grey "words" below.
fn receipt() -> RgbImage {
    let mut paper = RgbImage::from_pixel(240, 480, Rgb([245, 245, 240]));
    for y in 20..60 {
        for x in 20..110 {
            paper.put_pixel(x, y, Rgb([20, 20, 20]));
        }
    }
    for row in 0..16u32 {
        let y0 = 90 + row * 23;
        let len = 60 + (row * 37) % 140;
        for y in y0..y0 + 9 {
            for x in 20..20 + len {
                if (x / 7) % 3 != 2 {
                    paper.put_pixel(x, y, Rgb([60, 60, 60]));
                }
            }
        }
    }
    paper
}

/// A 600×800 photo of [`receipt`] with its corners at `corners`, on wood
/// with magenta stripes.
fn photo(corners: [(f64, f64); 4]) -> RgbImage {
    let paper = receipt();
    let map = Homography::between(
        corners,
        [(0.0, 0.0), (240.0, 0.0), (240.0, 480.0), (0.0, 480.0)],
    )
    .expect("a quadrilateral");
    RgbImage::from_fn(600, 800, |x, y| {
        let (u, v) = map.apply((f64::from(x) + 0.5, f64::from(y) + 0.5));
        if (0.0..240.0).contains(&u) && (0.0..480.0).contains(&v) {
            *paper.get_pixel(u as u32, v as u32)
        } else if (x / 25 + y / 40) % 4 == 0 {
            Rgb(MARKER)
        } else {
            let grain = ((f64::from(x) * 0.05 + f64::from(y) * 0.01).sin() * 20.0) as i32;
            Rgb([(120 + grain) as u8, (80 + grain) as u8, 40])
        }
    })
}

/// Turned 12° and seen a little from below.
const TILTED: [(f64, f64); 4] = [
    (190.0, 120.0),
    (430.0, 160.0),
    (400.0, 680.0),
    (120.0, 640.0),
];

#[test]
fn finds_the_corners_of_a_receipt_on_a_cluttered_table() {
    let quad = locate(&DynamicImage::ImageRgb8(photo(TILTED))).expect("a receipt");
    for (found, truth) in quad.0.iter().zip(TILTED) {
        let off = (f64::from(found.0) - truth.0).hypot(f64::from(found.1) - truth.1);
        assert!(off <= 4.0, "corner {found:?}, truly {truth:?}");
    }
}

#[test]
fn the_flattened_receipt_is_upright_and_keeps_nothing_of_the_table() {
    let photo = DynamicImage::ImageRgb8(photo(TILTED));
    let quad = locate(&photo).expect("a receipt");
    // In colour, before it is made grey for reading, so that a trace of
    // the magenta table would show.
    let flat = flatten(&photo, &quad).expect("flattened").to_rgb8();
    // About the receipt's size, taller than wide.
    let (w, h) = flat.dimensions();
    assert!(w > 200 && h > 420 && h > w, "{w}×{h}");
    // The logo block is at the top left.
    let mean = |x0: u32, y0: u32| {
        let (x0, y0) = (x0 * w / 240, y0 * h / 480);
        let n = (w / 8) * (h / 24);
        let sum: u32 = (0..h / 24)
            .flat_map(|dy| (0..w / 8).map(move |dx| (dx, dy)))
            .map(|(dx, dy)| u32::from(flat.get_pixel(x0 + dx, y0 + dy).0[1]))
            .sum();
        sum / n
    };
    assert!(mean(40, 30) < 80, "logo {}", mean(40, 30));
    assert!(mean(170, 30) > 200 && mean(40, 440) > 120);
    // No magenta from the table, not even blended at the edge.
    let marked = flat
        .pixels()
        .filter(|p| {
            i32::from(p.0[0]) - i32::from(p.0[1]) > 60 && i32::from(p.0[2]) - i32::from(p.0[1]) > 60
        })
        .count();
    assert_eq!(marked, 0);
}

#[test]
fn a_scan_whose_paper_fills_the_frame_is_not_cropped() {
    let scan = receipt();
    assert!(locate(&DynamicImage::ImageRgb8(scan.clone())).is_none());
    // A small receipt on a white scanner bed: nothing stands out.
    let mut bed = RgbImage::from_pixel(600, 800, Rgb([250, 250, 250]));
    image::imageops::overlay(&mut bed, &scan, 100, 100);
    let found = cut_out(DynamicImage::ImageRgb8(bed.clone()));
    assert!(found.quad.is_none());
    assert_eq!(found.pixels.to_rgb8(), bed);
    // On a dark scanner bed the receipt stands out, but lies square to
    // the frame: a scan, read as it is.
    let mut dark = RgbImage::from_pixel(600, 800, Rgb([40, 40, 40]));
    image::imageops::overlay(&mut dark, &scan, 300, 100);
    assert!(locate(&DynamicImage::ImageRgb8(dark)).is_none());
}

#[test]
fn an_evenly_lit_picture_is_left_as_it_is() {
    let gray = DynamicImage::ImageRgb8(receipt()).to_luma8();
    let bigger = image::imageops::resize(&gray, 480, 960, image::imageops::FilterType::Nearest);
    assert!(light::even_uneven_light(&bigger).is_none());
}

#[test]
fn a_small_cut_out_receipt_is_enlarged_for_reading_and_a_large_one_is_not() {
    let gray = |w: u32, h: u32| image::GrayImage::from_pixel(w, h, image::Luma([200]));
    assert_eq!(as_read(gray(300, 400)).dimensions(), (750, 1000));
    assert_eq!(as_read(gray(900, 1200)).dimensions(), (900, 1200));
    // A picture that was not cut out keeps its size.
    let scan = Found {
        pixels: DynamicImage::ImageLuma8(gray(300, 400)),
        quad: None,
    };
    assert_eq!(for_reading(&scan).dimensions(), (300, 400));
}
