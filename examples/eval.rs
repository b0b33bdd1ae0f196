//! Field extraction measured on real receipts.
//!
//! `cargo run --release --example eval -- DIR [--lang LANGS] [--jobs N]`
//!
//! DIR is either SROIE-shaped (`img/NNN.jpg` with `key/NNN.json` holding
//! `company`, `date` and `total`) or a folder of scans named
//! `MERCHANT_DDMMYYYY_..._CENTS.jpg`. Every receipt is read for real (OCR
//! included) as `panel submit` reads it, and the fields are compared with
//! the annotation: total exact, date exact after normalisation, merchant
//! with a similarity of at least 0.8 to the annotated company (for named
//! scans: to the merchant token). Prints each miss and the accuracy per
//! field.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use chrono::NaiveDate;
use panel::extract::{self, DateOrder, Overrides, normalise_merchant};
use panel::intake::{self, OcrSettings, Preparation};
use panel::money::Money;

struct Case {
    image: PathBuf,
    id: String,
    merchant: String,
    date: Option<NaiveDate>,
    total_minor: Option<i64>,
    /// Compare the merchant as one token against words of the reading.
    token: bool,
}

struct Setup {
    cases: Vec<Case>,
    languages: &'static str,
    currency: &'static str,
}

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let mut dir = None;
    let mut lang = None;
    let mut jobs = panel::parallel::cores();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--lang" => lang = args.next(),
            "--jobs" => jobs = args.next().context("--jobs N")?.parse()?,
            _ if dir.is_none() => dir = Some(PathBuf::from(arg)),
            other => bail!("unexpected argument {other:?}"),
        }
    }
    let dir = dir.context("usage: eval DIR [--lang LANGS] [--jobs N]")?;
    let setup = if dir.join("img").is_dir() && dir.join("key").is_dir() {
        sroie(&dir)?
    } else {
        named_scans(&dir)?
    };
    let languages = lang.unwrap_or_else(|| setup.languages.to_string());
    let settings = extract::Settings {
        default_currency: setup.currency.to_string(),
        date_order: DateOrder::DayFirst,
        today: chrono::Local::now().date_naive(),
    };
    let unsure_settings = settings.clone();
    let options = intake::Options {
        max_bytes: 50_000_000,
        max_pixels: 50_000_000,
        pixel_budget: 50_000_000,
        ocr: OcrSettings {
            languages: languages.clone(),
            timeout: Duration::from_secs(120),
            program: std::env::var("EVAL_TESSERACT").unwrap_or_else(|_| "tesseract".into()),
        },
        preparation: preparation_from_env(""),
        second_preparation: preparation_from_env("EVAL_SECOND_"),
        ocr_optional: false,
        second_pass: (std::env::var("EVAL_SECOND").as_deref() != Ok("0")).then(|| {
            Arc::new(move |text: &str| extract::is_unsure(text, &unsure_settings))
                as intake::SecondPass
        }),
        // Looks find personal data; they never change the fields.
        privacy_look: None,
    };
    eprintln!(
        "{} receipts in {}, languages {languages}, {jobs} at a time",
        setup.cases.len(),
        dir.display()
    );
    let started = Instant::now();
    let (mut totals, mut dates, mut merchants, mut passes) = (0, 0, 0, 0);
    let mut misses = Vec::new();
    let n = setup.cases.len();
    let read_one = |case: &Case, document: Result<intake::Document>| {
        let document = document?;
        let readings = match &document.body {
            intake::Body::Picture(p) => {
                if let Ok(dump) = std::env::var("EVAL_DUMP") {
                    let text: Vec<&str> = p.readings.iter().map(|r| r.text.as_str()).collect();
                    let _ = std::fs::write(
                        Path::new(&dump).join(format!("{}.txt", case.id)),
                        text.join("\n=====\n"),
                    );
                }
                p.readings.len()
            }
            _ => 0,
        };
        Ok::<_, anyhow::Error>((
            extract::extract(&document, &Overrides::default(), &settings),
            readings,
        ))
    };
    panel::parallel::in_order_runs(
        &setup.cases,
        jobs,
        intake::READ_TOGETHER,
        |_, run| {
            let paths: Vec<&Path> = run.iter().map(|c| c.image.as_path()).collect();
            run.iter()
                .zip(intake::read_all(&paths, &options))
                .map(|(case, document)| read_one(case, document))
                .collect()
        },
        |i, result| {
            let case = &setup.cases[i];
            let (fields, readings) = match result {
                Ok(r) => r,
                Err(e) => {
                    misses.push(format!("{}  failed: {e:#}", case.id));
                    return Ok::<(), ()>(());
                }
            };
            passes += readings;
            let got_total = fields.total.as_ref().map(|t| t.minor);
            if got_total.is_some() && got_total == case.total_minor {
                totals += 1;
            } else {
                misses.push(format!(
                    "{}  total     want {:?} got {:?} ({}%)",
                    case.id, case.total_minor, got_total, fields.confidence.total
                ));
            }
            if fields.purchase_date.is_some() && fields.purchase_date == case.date {
                dates += 1;
            } else {
                misses.push(format!(
                    "{}  date      want {:?} got {:?} ({}%)",
                    case.id, case.date, fields.purchase_date, fields.confidence.purchase_date
                ));
            }
            let got = fields.merchant.clone().unwrap_or_default();
            let score = if case.token {
                token_similarity(&case.merchant, &got)
            } else {
                similarity(&case.merchant, &got)
            };
            if score >= 0.8 {
                merchants += 1;
            } else {
                misses.push(format!(
                    "{}  merchant  want {:?} got {:?} (similarity {score:.2}, {}%)",
                    case.id, case.merchant, got, fields.confidence.merchant
                ));
            }
            Ok(())
        },
    )
    .ok();
    for miss in &misses {
        println!("{miss}");
    }
    let pct = |k: usize| 100.0 * k as f64 / n.max(1) as f64;
    println!(
        "\n{n} receipts in {:.1} s ({passes} OCR passes)\ntotal     {totals}/{n} = {:.1}%\ndate      {dates}/{n} = {:.1}%\nmerchant  {merchants}/{n} = {:.1}%",
        started.elapsed().as_secs_f64(),
        pct(totals),
        pct(dates),
        pct(merchants)
    );
    Ok(())
}

/// Overrides of the preparation for experiments: EVAL_GLYPH, EVAL_KEEP,
/// EVAL_BINARISE, EVAL_DESKEW, EVAL_CROP, EVAL_BORDERS, EVAL_PSM; for the
/// second pass the same names after EVAL_SECOND_. (EVAL_TESSERACT names the
/// OCR program, e.g. a wrapper that caches its output between runs.)
fn preparation_from_env(second: &str) -> Preparation {
    let mut how = if second.is_empty() {
        Preparation::default()
    } else {
        intake::Options::default().second_preparation
    };
    let var = |name: &str| {
        let name = if second.is_empty() {
            name.to_string()
        } else {
            name.replacen("EVAL_", second, 1)
        };
        std::env::var(name).ok()
    };
    if let Some(v) = var("EVAL_GLYPH").and_then(|v| v.parse().ok()) {
        how.glyph_height = v;
    }
    if let Some(v) = var("EVAL_KEEP") {
        let (a, b) = v.split_once(',').expect("EVAL_KEEP=LOW,HIGH");
        how.keep_glyphs = (a.parse().expect("number"), b.parse().expect("number"));
    }
    if let Some(v) = var("EVAL_BINARISE") {
        how.binarise = v == "1";
    }
    if let Some(v) = var("EVAL_DESKEW").and_then(|v| v.parse().ok()) {
        how.deskew_min_degrees = v;
    }
    if let Some(v) = var("EVAL_CROP") {
        how.crop = v == "1";
    }
    if let Some(v) = var("EVAL_BORDERS") {
        how.clear_borders = v == "1";
    }
    if let Some(v) = var("EVAL_PSM").and_then(|v| v.parse().ok()) {
        how.psm = v;
    }
    how
}

fn sroie(dir: &Path) -> Result<Setup> {
    let mut cases = Vec::new();
    let mut images: Vec<PathBuf> = std::fs::read_dir(dir.join("img"))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("jpg")))
        .collect();
    images.sort();
    for image in images {
        let id = image.file_stem().unwrap().to_string_lossy().into_owned();
        let key_path = dir.join("key").join(format!("{id}.json"));
        let key: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(&key_path)
                .with_context(|| format!("reading {}", key_path.display()))?,
        )?;
        let text = |k: &str| key[k].as_str().unwrap_or_default().to_string();
        let total = text("total");
        cases.push(Case {
            image,
            id,
            merchant: text("company"),
            date: extract::dates::parse_date(&text("date"), DateOrder::DayFirst),
            total_minor: Money::parse(total.trim_start_matches("RM").trim(), "MYR")
                .ok()
                .map(|m| m.minor),
            token: false,
        });
    }
    Ok(Setup {
        cases,
        languages: "eng",
        currency: "MYR",
    })
}

fn named_scans(dir: &Path) -> Result<Setup> {
    let mut cases = Vec::new();
    let mut images: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("jpg")))
        .collect();
    images.sort();
    for image in images {
        let stem = image.file_stem().unwrap().to_string_lossy().into_owned();
        let parts: Vec<&str> = stem.split('_').collect();
        if parts.len() < 3 {
            bail!("{stem}: expected MERCHANT_DDMMYYYY_..._CENTS");
        }
        let date = NaiveDate::parse_from_str(parts[1], "%d%m%Y").ok();
        // The last all-digit part is the total in cents.
        let cents = parts
            .iter()
            .rev()
            .find(|p| p.len() >= 3 && p.chars().all(|c| c.is_ascii_digit()) && **p != parts[1])
            .and_then(|p| p.parse::<i64>().ok());
        cases.push(Case {
            image,
            id: stem.clone(),
            merchant: parts[0].to_string(),
            date,
            total_minor: cents,
            token: true,
        });
    }
    Ok(Setup {
        cases,
        languages: "deu",
        currency: "EUR",
    })
}

/// 1 − edit distance / length of the longer, on normalised names.
fn similarity(a: &str, b: &str) -> f64 {
    let a: Vec<char> = normalise_merchant(a).chars().collect();
    let b: Vec<char> = normalise_merchant(b).chars().collect();
    let longer = a.len().max(b.len());
    if longer == 0 {
        return 0.0;
    }
    1.0 - levenshtein(&a, &b) as f64 / longer as f64
}

/// The best similarity of `token` to a run of consecutive words of `name`
/// written together ("media markt" holds "mediamarkt").
fn token_similarity(token: &str, name: &str) -> f64 {
    let token = normalise_merchant(token).replace(' ', "");
    let words: Vec<String> = normalise_merchant(name)
        .split(' ')
        .map(String::from)
        .collect();
    let mut best: f64 = 0.0;
    for i in 0..words.len() {
        for j in i + 1..=words.len().min(i + 3) {
            best = best.max(similarity(&token, &words[i..j].concat()));
        }
    }
    best
}

fn levenshtein(a: &[char], b: &[char]) -> usize {
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let current = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != cb))
                .min(row[j] + 1)
                .min(row[j + 1] + 1);
            prev = current;
        }
    }
    row[b.len()]
}
