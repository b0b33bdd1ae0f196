//! Phone photos: the receipt is cut out of its background for reading and
//! for sharing, real photos give their printed totals to OCR, and HEIC
//! photos are read through libheif. OCR tests need Tesseract and the HEIC
//! test `heif-convert`: with `CI` set their absence fails the tests;
//! elsewhere they skip with a printed reason.

use std::path::{Path, PathBuf};

use image::{Rgb, RgbImage};
use panel::extract;
use panel::intake::{self, Body};
use serde_json::Value;

use crate::support::{Panel, exiftool, png, shared_data, tesseract};

/// `submit --dry-run --json` with every field given: the one report.
fn dry_run(panel: &Panel, file: &Path) -> Value {
    let out = panel
        .cmd(["submit", "--dry-run", "--json"])
        .args([
            "--merchant",
            "Corner Cafe",
            "--date",
            "2026-03-15",
            "--total",
            "12.34",
        ])
        .arg(file)
        .output()
        .expect("panel runs");
    assert!(
        out.status.success(),
        "submit failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let reports: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    reports[0].clone()
}

fn preview(report: &Value) -> PathBuf {
    PathBuf::from(report["preview"].as_str().expect("a preview"))
}

/// The share of pixels darker than paper in the outer twentieth of the
/// columns on either side: the receipt's printed rows make about a fifth
/// of them, the brown and magenta table nearly all.
fn dark_at_the_sides(gray: &image::GrayImage) -> f32 {
    let (w, h) = gray.dimensions();
    let band = (w / 20).max(1);
    let columns: Vec<u32> = (0..band).chain(w - band..w).collect();
    let dark = columns
        .iter()
        .flat_map(|&x| (0..h).map(move |y| (x, y)))
        .filter(|&(x, y)| gray.get_pixel(x, y).0[0] < 160)
        .count();
    dark as f32 / (columns.len() as u32 * h) as f32
}

/// A 600×800 photo: a receipt (white, with dark rows) turned a little
/// and seen in perspective, on a brown table with magenta stripes; with
/// `shade`, the right part of the receipt lies in a shadow that takes that
/// share of the light.
fn photo_on_a_table(shade: f64) -> Vec<u8> {
    // Where the receipt's corners are, top-left clockwise.
    let q = [
        (190.0, 120.0),
        (430.0, 160.0),
        (400.0, 680.0),
        (120.0, 640.0),
    ];
    // Inside the quadrilateral: each edge has the point on its right.
    let inside = |x: f64, y: f64| {
        (0..4).all(|i| {
            let (a, b): ((f64, f64), (f64, f64)) = (q[i], q[(i + 1) % 4]);
            (b.0 - a.0) * (y - a.1) - (b.1 - a.1) * (x - a.0) >= 0.0
        })
    };
    png(
        600,
        800,
        |x, y| {
            let (fx, fy) = (f64::from(x) + 0.5, f64::from(y) + 0.5);
            if inside(fx, fy) {
                let ink = if y % 30 < 8 && x % 9 < 6 {
                    [50, 50, 50]
                } else {
                    [245, 245, 240]
                };
                let light = if x > 270 { 1.0 - shade } else { 1.0 };
                ink.map(|v| (f64::from(v) * light) as u8)
            } else if (x / 25 + y / 40) % 4 == 0 {
                [250, 0, 250]
            } else {
                [130, 85, 40]
            }
        },
        None,
    )
}

/// The picture a dry run of [`photo_on_a_table`] with `shade` would share.
fn shared_photo_on_a_table(shade: f64) -> image::DynamicImage {
    let panel = Panel::new();
    let file = panel.file("photo.png", photo_on_a_table(shade));
    image::open(preview(&dry_run(&panel, &file))).expect("a picture")
}

#[test]
fn a_photo_shares_only_the_receipt_never_its_background() {
    let shared = shared_photo_on_a_table(0.0).to_luma8();
    let (w, h) = shared.dimensions();
    // The receipt's shape (about 260 by 520 pixels in the photo, 600 by
    // 800), whatever the size it is shared at.
    assert!(h > 18 * w / 10, "the receipt alone: {w}×{h}");
    // The shared picture is grey, so the table is told by its darkness.
    let whole = image::load_from_memory(&photo_on_a_table(0.0))
        .expect("the drawn photo")
        .to_luma8();
    assert!(
        dark_at_the_sides(&whole) > 0.9,
        "the table at the photo's sides"
    );
    let dark = dark_at_the_sides(&shared);
    assert!(
        dark < 0.4,
        "{dark} of the shared picture's sides dark, as the table"
    );
}

#[test]
fn a_shadow_on_a_photo_is_not_shared_as_it_was_evened_out_for_reading() {
    let shared = shared_photo_on_a_table(0.3).to_luma8();
    let (w, h) = shared.dimensions();
    assert!(h > 18 * w / 10, "the receipt cut out: {w}×{h}");
    // The paper's brightness in a band of columns: a bright quantile, which
    // the printed rows stay below.
    let paper = |columns: std::ops::Range<u32>| {
        let mut levels: Vec<u8> = columns
            .flat_map(|x| (h / 10..h - h / 10).map(move |y| (x, y)))
            .map(|(x, y)| shared.get_pixel(x, y).0[0])
            .collect();
        levels.sort_unstable();
        f32::from(levels[levels.len() * 3 / 4])
    };
    let (lit, shaded) = (paper(w / 10..w / 4), paper(w - w / 4..w - w / 10));
    assert!(
        shaded > 0.9 * lit,
        "paper at {lit} in the light and {shaded} in the shadow"
    );
}

/// Real photos from photos-dev with their printed totals: a perspective
/// with a shadow, a receipt held in a hand, a service charge, a small
/// photo of a receipt on a table.
const PHOTOS: [(&str, &str); 4] = [
    ("023", "22.87"),
    ("043", "39.18"),
    ("019", "69.79"),
    ("066", "62.70"),
];

#[test]
fn real_photos_give_their_totals_to_ocr_in_the_frame_that_is_shared() {
    let (Some(data), true) = (shared_data(), tesseract()) else {
        return;
    };
    let paths: Vec<PathBuf> = PHOTOS
        .iter()
        .map(|(id, _)| data.join(format!("receipts/photos-dev/img/{id}.jpg")))
        .collect();
    let paths: Vec<&Path> = paths.iter().map(PathBuf::as_path).collect();
    // Read as `panel submit` reads them: a photo twice, another picture a
    // second time when the first pass leaves a field unsure.
    let settings = extract::Settings {
        default_currency: "USD".into(),
        date_order: None,
        today: chrono::NaiveDate::from_ymd_opt(2026, 3, 20).unwrap(),
    };
    let options = intake::Options {
        second_pass: Some(extract::second_pass_when_unsure(settings)),
        ..intake::Options::default()
    };
    let documents = intake::read_all(&paths, &options);
    for ((id, total), document) in PHOTOS.iter().zip(documents) {
        let Body::Picture(picture) = document.expect("read").body else {
            panic!("{id} is a picture");
        };
        assert!(picture.photo, "{id}: no receipt found in the photo");
        assert_eq!(picture.readings.len(), 2, "{id}: a photo is read twice");
        let size = (picture.pixels.width(), picture.pixels.height());
        let texts: Vec<&str> = picture.readings.iter().map(|r| r.text.as_str()).collect();
        assert!(
            texts.iter().any(|t| t.contains(total)),
            "{id}: {total} not in\n{}",
            texts.join("\n-----\n")
        );
        // Word boxes are in the shared picture's pixels.
        for reading in &picture.readings {
            assert_eq!(reading.size, size, "{id}");
            for word in &reading.words {
                let [x, y, w, h] = word.bbox;
                assert!(
                    x + w <= size.0 && y + h <= size.1,
                    "{id}: {word:?} outside {size:?}"
                );
            }
        }
    }
}

/// Whether `heif-convert` (or `heif-dec`) runs here; with `CI` set its
/// absence fails.
fn heif_decoder() -> bool {
    let runs = ["heif-dec", "heif-convert"].iter().any(|program| {
        std::process::Command::new(program)
            .arg("--help")
            .output()
            .is_ok()
    });
    if !runs && std::env::var_os("CI").is_some() {
        panic!("heif-convert is missing; CI installs libheif-examples");
    }
    if !runs {
        eprintln!("skipped: heif-convert (Debian libheif-examples) is not installed");
    }
    runs
}

#[test]
fn a_heic_photo_is_read_and_shared_without_its_metadata() {
    let (Some(data), true, true) = (shared_data(), heif_decoder(), exiftool()) else {
        return;
    };
    let heic = data.join("photos/phone/IMG_5195.HEIC");
    let gps = std::process::Command::new("exiftool")
        .args(["-s", "-GPSLatitude"])
        .arg(&heic)
        .output()
        .unwrap();
    assert!(!gps.stdout.is_empty(), "the photo itself carries GPS");

    let panel = Panel::new();
    let report = dry_run(&panel, &heic);
    let shared = preview(&report);
    let picture = image::open(&shared).expect("a picture");
    // The whole photo, decoded: not a thumbnail.
    assert!(picture.width().max(picture.height()) >= 2000, "{report:#}");
    let tags = std::process::Command::new("exiftool")
        .args(["-a", "-G1", "-s"])
        .arg(&shared)
        .output()
        .unwrap();
    let tags = String::from_utf8_lossy(&tags.stdout);
    for group in ["[GPS]", "[IFD0]", "[ExifIFD]", "[XMP", "[ICC"] {
        assert!(
            !tags.contains(group),
            "{group} in the shared picture:\n{tags}"
        );
    }
}

#[test]
fn a_scan_without_a_table_around_it_is_shared_whole() {
    // The same receipt with no table around it is shared whole.
    let panel = Panel::new();
    let scan = RgbImage::from_fn(300, 500, |x, y| {
        if y % 30 < 8 && x % 9 < 6 {
            Rgb([50, 50, 50])
        } else {
            Rgb([245, 245, 240])
        }
    });
    let file = panel.file(
        "scan.png",
        png(300, 500, |x, y| scan.get_pixel(x, y).0, None),
    );
    let shared = image::open(preview(&dry_run(&panel, &file))).expect("a picture");
    assert_eq!((shared.width(), shared.height()), (300, 500));
}
