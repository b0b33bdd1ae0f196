//! Reading receipts: OCR of real scans with their annotated values, every
//! EXIF orientation read upright, and e-receipts (PDF, text, e-mail) made
//! for these tests. OCR tests need Tesseract: with `CI` set its absence
//! fails them; elsewhere they skip with a printed reason.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::support::{Panel, shared_data, tesseract};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// `submit --dry-run --json ARGS`, which must succeed: its one report.
fn dry_run(panel: &Panel, args: &[&std::ffi::OsStr]) -> Value {
    let mut cmd = panel.cmd(["submit", "--dry-run", "--json"]);
    cmd.args(args);
    let out = cmd.output().expect("panel runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "submit failed: {}\n{stdout}",
        String::from_utf8_lossy(&out.stderr)
    );
    let reports: Value = serde_json::from_str(&stdout).expect("JSON");
    assert_eq!(reports.as_array().map(Vec::len), Some(1), "{reports}");
    reports[0].clone()
}

fn config(panel: &Panel, text: &str) {
    std::fs::write(panel.home().join("config.toml"), text).unwrap();
}

// ---------------------------------------------------------------------------
// OCR of real receipts
// ---------------------------------------------------------------------------

/// A scan with what its annotation says.
struct Annotated {
    path: &'static str,
    merchant_word: &'static str,
    /// The merchant may be misread if it is then flagged for review: a
    /// name printed only in a logo is not in the text OCR reads.
    merchant_may_be_flagged: bool,
    date: &'static str,
    total_minor: i64,
    currency: &'static str,
}

fn check_scans(panel: &Panel, scans: &[Annotated], lang: &str) {
    let data = shared_data().expect("checked by the caller");
    for scan in scans {
        let path = data.join(scan.path);
        let report = dry_run(panel, &["--lang".as_ref(), lang.as_ref(), path.as_os_str()]);
        assert_eq!(
            report["total_minor"], scan.total_minor,
            "{}: {report:#}",
            scan.path
        );
        assert_eq!(
            report["currency"], scan.currency,
            "{}: {report:#}",
            scan.path
        );
        assert_eq!(
            report["purchase_date"], scan.date,
            "{}: {report:#}",
            scan.path
        );
        let merchant = report["merchant"]
            .as_str()
            .unwrap_or_default()
            .to_lowercase();
        let flagged = report["review"]
            .as_array()
            .is_some_and(|r| r.iter().any(|f| f == "merchant"));
        assert!(
            merchant.contains(scan.merchant_word) || (scan.merchant_may_be_flagged && flagged),
            "{}: merchant {merchant:?}, not flagged for review: {report:#}",
            scan.path
        );
        for field in ["merchant", "purchase_date", "total", "category"] {
            let c = &report["confidence"][field];
            assert!(c.as_u64().is_some_and(|c| c <= 100), "{field}: {report:#}");
        }
        assert!(report["items"].is_array(), "{report:#}");
    }
}

#[test]
fn scanned_malaysian_receipts_read_as_annotated() {
    if shared_data().is_none() || !tesseract() {
        return;
    }
    let panel = Panel::new().at("2018-12-31T12:00:00Z");
    config(&panel, "[program]\nmax_age_days = 2000\n");
    check_scans(
        &panel,
        &[
            Annotated {
                path: "receipts/sroie-dev/img/010.jpg",
                merchant_word: "sam sam trading",
                merchant_may_be_flagged: false,
                date: "2017-12-29",
                total_minor: 1410,
                currency: "MYR",
            },
            Annotated {
                path: "receipts/sroie-dev/img/060.jpg",
                merchant_word: "grocer",
                merchant_may_be_flagged: false,
                date: "2018-03-12",
                total_minor: 7720,
                currency: "MYR",
            },
        ],
        "eng",
    );
}

#[test]
fn scanned_german_receipts_read_as_named() {
    if shared_data().is_none() || !tesseract() {
        return;
    }
    let panel = Panel::new().at("2020-06-01T12:00:00Z");
    config(&panel, "[program]\nmax_age_days = 2000\n");
    check_scans(
        &panel,
        &[
            Annotated {
                path: "receipts/de-scans/aldi_02032020_19_02423.jpg",
                merchant_word: "aldi",
                merchant_may_be_flagged: true,
                date: "2020-03-02",
                total_minor: 2423,
                currency: "EUR",
            },
            Annotated {
                path: "receipts/de-scans/toom_04042020_03_04877.jpg",
                merchant_word: "toom",
                merchant_may_be_flagged: false,
                date: "2020-04-04",
                total_minor: 4877,
                currency: "EUR",
            },
        ],
        "deu+eng",
    );
}

/// Many files at once are read several to a Tesseract process; what each
/// file reads as must not depend on its neighbours. The sample holds a
/// receipt read twice (042: no date in the first reading), one that prints
/// card digits (063: looked at once more) and a broken picture.
#[test]
fn receipts_read_together_read_as_each_alone() {
    let Some(data) = shared_data() else { return };
    if !tesseract() {
        return;
    }
    let panel = Panel::new().at("2018-12-31T12:00:00Z");
    config(&panel, "[program]\nmax_age_days = 2000\n");
    let img = data.join("receipts/sroie-dev/img");
    let mut files: Vec<PathBuf> = ["010", "042", "060", "063", "074", "112", "127", "149"]
        .iter()
        .map(|n| img.join(format!("{n}.jpg")))
        .collect();
    let whole = std::fs::read(&files[0]).unwrap();
    files.insert(3, panel.file("torn.jpg", &whole[..whole.len() / 3]));
    files.insert(5, fixture("receipt.txt"));
    let out = panel
        .cmd(["submit", "--dry-run", "--json"])
        .args(&files)
        .output()
        .unwrap();
    let together: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let together = together.as_array().expect("one report per file");
    assert_eq!(together.len(), files.len());
    let read = |report: &Value| {
        let mut report = report.clone();
        report["preview"] = Value::Null;
        report
    };
    for (file, report) in files.iter().zip(together) {
        let out = panel
            .cmd(["submit", "--dry-run", "--json"])
            .arg(file)
            .output()
            .unwrap();
        let alone: Value = serde_json::from_slice(&out.stdout).expect("JSON");
        assert_eq!(read(report), read(&alone[0]), "{}", file.display());
    }
    assert_eq!(together[3]["ok"], false, "{:#}", together[3]);
    assert_eq!(together[0]["total_minor"], 1410, "{:#}", together[0]);
}

#[test]
fn without_tesseract_a_picture_needs_the_fields_as_flags() {
    let Some(data) = shared_data() else { return };
    let panel = Panel::new();
    config(
        &panel,
        "[ocr]\nprogram = \"tesseract-not-installed-here\"\n",
    );
    let scan = data.join("receipts/de-scans/dm_18052020_03_00355.jpg");
    let out = panel
        .cmd(["submit", "--dry-run"])
        .arg(&scan)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("apt-get install tesseract-ocr"), "{err}");
    assert!(err.contains("--merchant"), "{err}");
    let report = dry_run(
        &panel,
        &[
            "--merchant".as_ref(),
            "dm".as_ref(),
            "--date".as_ref(),
            "2026-03-18".as_ref(),
            "--total".as_ref(),
            "3,55 EUR".as_ref(),
            scan.as_os_str(),
        ],
    );
    assert_eq!(report["merchant"], "dm");
    assert_eq!(report["confidence"]["total"], 100);
}

// ---------------------------------------------------------------------------
// Orientation
// ---------------------------------------------------------------------------

/// Mean absolute difference of two same-sized grayscale images.
fn difference(a: &image::GrayImage, b: &image::GrayImage) -> f64 {
    let sum: u64 = a
        .as_raw()
        .iter()
        .zip(b.as_raw())
        .map(|(x, y)| u64::from(x.abs_diff(*y)))
        .sum();
    sum as f64 / a.as_raw().len() as f64
}

fn upright(path: &Path) -> image::GrayImage {
    let options = panel::intake::Options {
        ocr: panel::intake::OcrSettings {
            program: "no-ocr-for-this-test".into(),
            ..Default::default()
        },
        ocr_optional: true,
        ..Default::default()
    };
    let document = panel::intake::read(path, &options).expect("reads");
    match document.body {
        panel::intake::Body::Picture(p) => p.pixels.to_luma8(),
        _ => panic!("{} is not read as a picture", path.display()),
    }
}

#[test]
fn every_exif_orientation_reads_upright() {
    let Some(data) = shared_data() else { return };
    for shape in ["landscape", "portrait"] {
        let dir = data.join("photos/orientation");
        let reference = upright(&dir.join(format!("{shape}_1.jpg")));
        for n in 2..=8 {
            let turned = upright(&dir.join(format!("{shape}_{n}.jpg")));
            assert_eq!(
                turned.dimensions(),
                reference.dimensions(),
                "{shape}_{n} is not upright"
            );
            // Re-encoded copies of one photo differ a little; a wrong turn
            // or mirror of it differs several times as much.
            let diff = difference(&turned, &reference);
            assert!(
                diff < 20.0,
                "{shape}_{n} differs from {shape}_1 by {diff:.1}"
            );
            for (wrong, name) in [
                (image::imageops::flip_horizontal(&turned), "mirrored"),
                (image::imageops::rotate180(&turned), "upside down"),
            ] {
                let off = difference(&wrong, &reference);
                assert!(
                    off > diff * 2.5,
                    "{shape}_{n} {name} differs only by {off:.1}"
                );
            }
        }
    }
}

// ---------------------------------------------------------------------------
// E-receipts
// ---------------------------------------------------------------------------

#[test]
fn a_pdf_receipt_is_read_from_its_text_layer() {
    let panel = Panel::new();
    let report = dry_run(&panel, &[fixture("receipt.pdf").as_os_str()]);
    assert_eq!(report["merchant"], "Bookshop Lindner", "{report:#}");
    assert_eq!(report["purchase_date"], "2026-03-14");
    assert_eq!(report["total_minor"], 2149);
    assert_eq!(report["currency"], "EUR");
    let items = report["items"].as_array().unwrap();
    assert_eq!(items.len(), 2, "{report:#}");
    assert_eq!(items[0]["amount_minor"], 1299);
}

#[test]
fn a_text_receipt_reads_month_first_for_dollars() {
    let panel = Panel::new();
    let report = dry_run(&panel, &[fixture("receipt.txt").as_os_str()]);
    assert_eq!(report["merchant"], "CORNER GROCER", "{report:#}");
    assert_eq!(report["purchase_date"], "2026-03-14");
    assert_eq!(report["total_minor"], 1268);
    assert_eq!(report["currency"], "USD");
    assert_eq!(report["category"], "grocery");
    let items = report["items"].as_array().unwrap();
    assert_eq!(items[0]["quantity"], 2, "{report:#}");
    assert_eq!(items[0]["amount_minor"], 698);
    assert!(
        report["review"].as_array().unwrap().is_empty(),
        "{report:#}"
    );
}

#[test]
fn an_email_receipt_is_read_from_its_html_part_and_sender() {
    let panel = Panel::new();
    let report = dry_run(&panel, &[fixture("receipt.eml").as_os_str()]);
    assert_eq!(report["merchant"], "Cinema Paradiso", "{report:#}");
    assert_eq!(report["purchase_date"], "2026-03-14");
    assert_eq!(report["total_minor"], 2750);
    assert_eq!(report["currency"], "EUR");
    assert_eq!(report["category"], "cinema");
}

#[test]
fn flags_override_what_is_read() {
    let panel = Panel::new();
    let report = dry_run(
        &panel,
        &[
            "--total".as_ref(),
            "13.00".as_ref(),
            "--category".as_ref(),
            "other".as_ref(),
            fixture("receipt.txt").as_os_str(),
        ],
    );
    assert_eq!(report["total_minor"], 1300);
    assert_eq!(report["category"], "other");
    assert_eq!(report["confidence"]["total"], 100);
    assert_eq!(report["merchant"], "CORNER GROCER");
}

#[test]
fn ocr_words_keep_their_boxes_in_the_upright_picture() {
    let Some(data) = shared_data() else { return };
    if !tesseract() {
        return;
    }
    let options = panel::intake::Options {
        ocr: panel::intake::OcrSettings {
            languages: "deu".into(),
            ..Default::default()
        },
        ..Default::default()
    };
    let path = data.join("receipts/de-scans/toom_04042020_03_04877.jpg");
    let document = panel::intake::read(&path, &options).expect("reads");
    let panel::intake::Body::Picture(picture) = document.body else {
        panic!("not a picture");
    };
    let (w, h) = (picture.pixels.width(), picture.pixels.height());
    let reading = &picture.readings[0];
    assert!(reading.words.len() > 50, "{} words", reading.words.len());
    for word in &reading.words {
        let [x, y, bw, bh] = word.bbox;
        assert!(x + bw <= w && y + bh <= h, "{word:?} outside {w}x{h}");
        assert_eq!(&reading.text[word.span.clone()], word.text);
        assert!((0.0..=100.0).contains(&word.conf));
    }
    // The words run top to bottom: rows go down the picture.
    let first = reading.words.first().unwrap().bbox[1];
    let last = reading.words.last().unwrap().bbox[1];
    assert!(last > first + h / 4, "rows from {first} to {last} of {h}");
}
