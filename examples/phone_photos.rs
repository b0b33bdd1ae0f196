//! Phone-like photos made from flat scans, to develop and measure photo
//! reading on receipts whose fields are known.
//!
//! `cargo run --release --example phone_photos -- SRC OUT [--count N] [--seed S] [--side PX]`
//!
//! SRC is SROIE-shaped (`img/NNN.jpg` with `key/NNN.json`) or a folder of
//! scans named `MERCHANT_DDMMYYYY_..._CENTS.jpg`. Each of the first N scans
//! (all by default) is laid on a cluttered background (wood grain or
//! cloth, objects lying about), turned as a hand holds a phone, seen in
//! perspective, shaded by a light gradient and a soft shadow, blurred,
//! given sensor noise and saved as a JPEG of middling quality. OUT gets the
//! same shape as SRC (`img/NNN.jpg` plus the copied `key/NNN.json`, or the
//! named file), so `examples/eval.rs` and `examples/readable.rs` run on it,
//! and `corners/<stem>.json` holds where the receipt's corners went
//! (top-left, top-right, bottom-right, bottom-left, in pixels). The same
//! seed makes the same photos. Smoke: `--count 2`.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use image::{Rgb, RgbImage};
use panel::intake::photo::homography::Homography;

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let (mut src, mut out) = (None, None);
    let (mut count, mut seed, mut side) = (usize::MAX, 1u64, 1600u32);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--count" => count = args.next().context("--count N")?.parse()?,
            "--seed" => seed = args.next().context("--seed S")?.parse()?,
            "--side" => side = args.next().context("--side PX")?.parse()?,
            _ if src.is_none() => src = Some(PathBuf::from(arg)),
            _ if out.is_none() => out = Some(PathBuf::from(arg)),
            other => bail!("unexpected argument {other:?}"),
        }
    }
    let usage = "usage: phone_photos SRC OUT [--count N] [--seed S] [--side PX]";
    let (src, out) = (src.context(usage)?, out.context(usage)?);
    let sroie = src.join("img").is_dir() && src.join("key").is_dir();
    let scans = jpegs(&if sroie { src.join("img") } else { src.clone() })?;
    std::fs::create_dir_all(out.join("corners"))?;
    if sroie {
        std::fs::create_dir_all(out.join("img"))?;
        std::fs::create_dir_all(out.join("key"))?;
    }
    for (n, scan) in scans.iter().take(count).enumerate() {
        let stem = scan
            .file_stem()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let mut rng = Rng::new(seed ^ (n as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let receipt = image::open(scan)
            .with_context(|| format!("cannot read {}", scan.display()))?
            .to_rgb8();
        let (photo, corners) = photograph(&receipt, side, &mut rng);
        let quality = 55 + rng.below(30) as u8;
        let target = if sroie {
            std::fs::copy(
                src.join("key").join(format!("{stem}.json")),
                out.join("key").join(format!("{stem}.json")),
            )?;
            out.join("img").join(format!("{stem}.jpg"))
        } else {
            out.join(format!("{stem}.jpg"))
        };
        let mut file = std::io::BufWriter::new(std::fs::File::create(&target)?);
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut file, quality)
            .encode_image(&photo)?;
        let corners: Vec<[f64; 2]> = corners.iter().map(|&(x, y)| [round(x), round(y)]).collect();
        std::fs::write(
            out.join("corners").join(format!("{stem}.json")),
            serde_json::to_string(&serde_json::json!({
                "corners": corners,
                "width": photo.width(),
                "height": photo.height(),
            }))?,
        )?;
        eprintln!("{} → {}", scan.display(), target.display());
    }
    Ok(())
}

fn round(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

/// A photo `side` pixels on its long side (portrait, 3:4) of `receipt`,
/// and where the receipt's corners landed in it.
fn photograph(receipt: &RgbImage, side: u32, rng: &mut Rng) -> (RgbImage, [(f64, f64); 4]) {
    let (pw, ph) = (side * 3 / 4, side);
    let (rw, rh) = (f64::from(receipt.width()), f64::from(receipt.height()));
    // The receipt's long side fills 70–90% of the photo's, turned by a
    // hand's tilt and seen from a little off square.
    let angle = rng.between(-20.0, 20.0).to_radians();
    let fill = rng.between(0.7, 0.9);
    let (sin, cos) = angle.sin_cos();
    let turned_w = rw * cos.abs() + rh * sin.abs();
    let turned_h = rw * sin.abs() + rh * cos.abs();
    let scale = (fill * f64::from(pw) / turned_w).min(fill * f64::from(ph) / turned_h);
    let (cx, cy) = (
        f64::from(pw) / 2.0 + rng.between(-0.04, 0.04) * f64::from(pw),
        f64::from(ph) / 2.0 + rng.between(-0.04, 0.04) * f64::from(ph),
    );
    let jitter = 0.05 * scale * rw.min(rh);
    let corners: [(f64, f64); 4] = [(0.0, 0.0), (rw, 0.0), (rw, rh), (0.0, rh)].map(|(x, y)| {
        let (dx, dy) = ((x - rw / 2.0) * scale, (y - rh / 2.0) * scale);
        (
            (cx + dx * cos - dy * sin + rng.between(-jitter, jitter))
                .clamp(4.0, f64::from(pw) - 4.0),
            (cy + dx * sin + dy * cos + rng.between(-jitter, jitter))
                .clamp(4.0, f64::from(ph) - 4.0),
        )
    });
    // Shrink the scan to about its size in the photo first, so that the
    // warp samples every part of it.
    let small = image::imageops::resize(
        receipt,
        ((rw * scale).round() as u32).max(1),
        ((rh * scale).round() as u32).max(1),
        image::imageops::FilterType::Triangle,
    );
    let (sw, sh) = (f64::from(small.width()), f64::from(small.height()));
    let map = Homography::between(corners, [(0.0, 0.0), (sw, 0.0), (sw, sh), (0.0, sh)])
        .expect("a proper quadrilateral");
    let mut photo = background(pw, ph, rng);
    for y in 0..ph {
        for x in 0..pw {
            let (u, v) = map.apply((f64::from(x) + 0.5, f64::from(y) + 0.5));
            if u >= 0.0 && v >= 0.0 && u < sw && v < sh {
                photo.put_pixel(x, y, bilinear(&small, u - 0.5, v - 0.5));
            }
        }
    }
    light_and_lens(&mut photo, rng);
    (photo, corners)
}

fn bilinear(image: &RgbImage, x: f64, y: f64) -> Rgb<u8> {
    let (w, h) = (image.width() as i64, image.height() as i64);
    let (x0, y0) = (x.floor() as i64, y.floor() as i64);
    let (fx, fy) = (x - x0 as f64, y - y0 as f64);
    let at = |x: i64, y: i64| {
        image
            .get_pixel(x.clamp(0, w - 1) as u32, y.clamp(0, h - 1) as u32)
            .0
    };
    let (a, b, c, d) = (
        at(x0, y0),
        at(x0 + 1, y0),
        at(x0, y0 + 1),
        at(x0 + 1, y0 + 1),
    );
    Rgb(std::array::from_fn(|i| {
        let top = f64::from(a[i]) + (f64::from(b[i]) - f64::from(a[i])) * fx;
        let bottom = f64::from(c[i]) + (f64::from(d[i]) - f64::from(c[i])) * fx;
        (top + (bottom - top) * fy).round() as u8
    }))
}

/// Wood grain or a checked cloth, with a few objects lying on it.
fn background(w: u32, h: u32, rng: &mut Rng) -> RgbImage {
    let wood = rng.below(2) == 0;
    let base: [f64; 3] = if wood {
        [
            rng.between(90.0, 160.0),
            rng.between(50.0, 100.0),
            rng.between(20.0, 60.0),
        ]
    } else {
        [
            rng.between(30.0, 200.0),
            rng.between(30.0, 200.0),
            rng.between(30.0, 200.0),
        ]
    };
    let (freq, phase, check) = (
        rng.between(0.02, 0.08),
        rng.between(0.0, 6.3),
        rng.between(12.0, 40.0),
    );
    let mut image = RgbImage::from_fn(w, h, |x, y| {
        let (x, y) = (f64::from(x), f64::from(y));
        let shade = if wood {
            0.8 + 0.2 * (x * freq + (y * 0.013).sin() * 3.0 + phase).sin()
        } else if ((x / check) as i64 + (y / check) as i64) % 2 == 0 {
            1.0
        } else {
            0.7
        };
        Rgb(base.map(|c| (c * shade).clamp(0.0, 255.0) as u8))
    });
    for _ in 0..rng.below(5) + 2 {
        let colour: [u8; 3] = std::array::from_fn(|_| rng.below(200) as u8 + 20);
        let (ex, ey) = (
            rng.between(0.0, f64::from(w)),
            rng.between(0.0, f64::from(h)),
        );
        let (rx, ry) = (
            rng.between(20.0, f64::from(w) / 4.0),
            rng.between(20.0, f64::from(h) / 5.0),
        );
        let x0 = (ex - rx).max(0.0) as u32;
        let x1 = ((ex + rx) as u32).min(w);
        let y0 = (ey - ry).max(0.0) as u32;
        let y1 = ((ey + ry) as u32).min(h);
        for y in y0..y1 {
            for x in x0..x1 {
                let (dx, dy) = ((f64::from(x) - ex) / rx, (f64::from(y) - ey) / ry);
                if dx * dx + dy * dy <= 1.0 {
                    image.put_pixel(x, y, Rgb(colour));
                }
            }
        }
    }
    image
}

/// A light gradient, a soft shadow, a little blur and sensor noise.
fn light_and_lens(image: &mut RgbImage, rng: &mut Rng) {
    let (w, h) = (f64::from(image.width()), f64::from(image.height()));
    let direction = rng.between(0.0, std::f64::consts::TAU);
    let (dx, dy) = (direction.cos(), direction.sin());
    let depth = rng.between(0.15, 0.45);
    let (sx, sy, sr) = (
        rng.between(0.0, w),
        rng.between(0.0, h),
        rng.between(0.2, 0.5) * w,
    );
    let shadow = rng.between(0.0, 0.35);
    let noise = rng.between(2.0, 7.0);
    for (x, y, p) in image.enumerate_pixels_mut() {
        let (x, y) = (f64::from(x), f64::from(y));
        let along = ((x - w / 2.0) * dx + (y - h / 2.0) * dy) / (w.max(h)) + 0.5;
        let mut light = 1.0 - depth * along.clamp(0.0, 1.0);
        let d = ((x - sx).powi(2) + (y - sy).powi(2)).sqrt() / sr;
        light *= 1.0 - shadow * (1.0 - d.clamp(0.0, 1.0)).powi(2).min(1.0) * 1.5_f64.min(1.0);
        let grain = rng.normal() * noise;
        p.0 =
            p.0.map(|c| (f64::from(c) * light + grain).clamp(0.0, 255.0) as u8);
    }
    if rng.below(2) == 0 {
        *image = image::imageops::blur(image, rng.between(0.5, 1.2) as f32);
    }
}

fn jpegs(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("cannot list {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("jpg")))
        .collect();
    found.sort();
    if found.is_empty() {
        bail!("no .jpg scans in {}", dir.display());
    }
    Ok(found)
}

/// SplitMix64: small, fast, and the same sequence for the same seed on
/// every machine.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `[0, 1)`.
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn between(&mut self, low: f64, high: f64) -> f64 {
        low + (high - low) * self.unit()
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    /// Standard normal, by Box–Muller.
    fn normal(&mut self) -> f64 {
        let (u, v) = (self.unit().max(1e-12), self.unit());
        (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
    }
}
