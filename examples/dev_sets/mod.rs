//! What the reading examples share: the development sets and their
//! annotations, the tune/measure split, the settings `panel submit` uses
//! with the default config, and a cache of OCR readings so that work on
//! extraction does not wait for OCR again.
//!
//! Included by `eval`, `train_extract` and `readable` with `#[path]`; not
//! an example of its own.

#![allow(dead_code)]

#[path = "../dev_split/mod.rs"]
mod dev_split;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use chrono::NaiveDate;
use panel::config::Config;
use panel::extract::{self, DateOrder, normalise_merchant};
use panel::intake::{self, Body, Document, Picture, Reading, SourceKind, Word};
use panel::money::Money;
use sha2::{Digest, Sha256};

/// One annotated receipt. `None`: that field is not annotated.
pub struct Case {
    pub image: PathBuf,
    pub id: String,
    pub merchant: Option<String>,
    pub date: Option<NaiveDate>,
    pub total_minor: Option<i64>,
    /// Compare the merchant as one token against words of the reading.
    pub token: bool,
}

/// Which part of a set a receipt belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Tune,
    Measure,
}

impl Part {
    /// Tune when the first byte of SHA-256 of the file stem is even.
    pub fn of(case: &Case) -> Part {
        if dev_split::is_tune(&case.id) {
            Part::Tune
        } else {
            Part::Measure
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Part::Tune => "tune",
            Part::Measure => "measure",
        }
    }
}

/// The annotated receipts of a development set, found by its shape:
/// SROIE (`img/` + `key/`), photos (`img/` + `truth.tsv`) or scans named
/// `MERCHANT_DDMMYYYY_NUMITEMS_TOTALCENTS.jpg`.
pub fn load(dir: &Path) -> Result<Vec<Case>> {
    if dir.join("img").is_dir() && dir.join("key").is_dir() {
        sroie(dir)
    } else if dir.join("truth.tsv").is_file() {
        photos(dir)
    } else {
        named_scans(dir)
    }
}

fn jpgs(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut images: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("cannot list {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("jpg")))
        .collect();
    images.sort();
    Ok(images)
}

fn stem(path: &Path) -> String {
    path.file_stem()
        .expect("a file")
        .to_string_lossy()
        .into_owned()
}

fn sroie(dir: &Path) -> Result<Vec<Case>> {
    let mut cases = Vec::new();
    for image in jpgs(&dir.join("img"))? {
        let id = stem(&image);
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
            merchant: Some(text("company")),
            // The set's README: dates are printed day first.
            date: extract::dates::parse_date(&text("date"), DateOrder::DayFirst),
            total_minor: Money::parse(total.trim_start_matches("RM").trim(), "MYR")
                .ok()
                .map(|m| m.minor),
            token: false,
        });
    }
    Ok(cases)
}

fn photos(dir: &Path) -> Result<Vec<Case>> {
    let truth = std::fs::read_to_string(dir.join("truth.tsv"))
        .with_context(|| format!("reading {}", dir.join("truth.tsv").display()))?;
    let mut cases = Vec::new();
    for row in truth.lines().skip(1).filter(|r| !r.trim().is_empty()) {
        let cols: Vec<&str> = row.split('\t').collect();
        let cell = |i: usize| cols.get(i).map(|c| c.trim()).filter(|c| !c.is_empty());
        let id = cell(0)
            .context("truth.tsv: a row without an id")?
            .to_string();
        let image = dir.join("img").join(format!("{id}.jpg"));
        let currency = cell(4).unwrap_or("USD");
        cases.push(Case {
            image,
            id,
            merchant: cell(1).map(String::from),
            date: cell(2).and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()),
            total_minor: cell(3)
                .and_then(|t| Money::parse(t, currency).ok())
                .map(|m| m.minor),
            token: false,
        });
    }
    Ok(cases)
}

fn named_scans(dir: &Path) -> Result<Vec<Case>> {
    let mut cases = Vec::new();
    for image in jpgs(dir)? {
        let id = stem(&image);
        let parts: Vec<&str> = id.split('_').collect();
        if parts.len() < 3 {
            bail!("{id}: expected MERCHANT_DDMMYYYY_NUMITEMS_TOTALCENTS");
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
            merchant: Some(parts[0].to_string()),
            id,
            date,
            total_minor: cents,
            token: true,
        });
    }
    Ok(cases)
}

/// How `panel submit` reads with the default config.toml: its settings
/// for extraction and for reading files, with `--lang` when given.
pub struct Reader {
    pub settings: extract::Settings,
    pub options: intake::Options,
    pub languages: String,
    cache: Option<PathBuf>,
    key: String,
}

impl Reader {
    pub fn new(lang: Option<String>, cache: bool) -> Result<Reader> {
        let config = Config::default();
        let languages = lang.unwrap_or_else(|| config.ocr.languages.clone());
        let settings = config.extract_settings(chrono::Local::now().date_naive());
        let mut options = intake::Options {
            second_pass: Some(extract::second_pass_when_unsure(settings.clone())),
            line_rereads: Some(extract::line_rereads(settings.clone())),
            ..config.read_options(languages.clone())
        };
        // A busy machine is no reason to count a receipt as unread.
        options.ocr.timeout = options.ocr.timeout.max(Duration::from_secs(120));
        let key = format!(
            "{:?}|{:?}|second pass after a first|photos marked|rows read again|{languages}|{}|{}",
            options.preparation,
            options.second_preparation,
            tesseract_version(&options.ocr.program),
            intake_sources()
        );
        let key = hex(&Sha256::digest(key.as_bytes())[..8]);
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("target")
            .join("eval-cache");
        Ok(Reader {
            settings,
            options,
            languages,
            cache: cache.then_some(dir),
            key,
        })
    }

    /// The readings of each case, as `panel submit` makes them: a first
    /// pass, and a second one when extraction is unsure of the first.
    /// Cached passes are taken from the cache; the rest are read, `jobs`
    /// files at a time, and cached.
    pub fn read(&self, cases: &[Case], jobs: usize) -> Vec<Result<Document>> {
        self.read_passes(cases, jobs, false)
    }

    /// [`Reader::read`], with `both`: a second pass for every receipt,
    /// unsure or not (what the weights are learned from, so that what
    /// they learn does not depend on the weights before them).
    pub fn read_passes(&self, cases: &[Case], jobs: usize, both: bool) -> Vec<Result<Document>> {
        let Some(dir) = &self.cache else {
            let mut out = Vec::new();
            let _ = panel::parallel::in_order_runs(
                cases,
                jobs,
                intake::READ_TOGETHER,
                |_, run| {
                    let paths: Vec<&Path> = run.iter().map(|c| c.image.as_path()).collect();
                    intake::read_all(&paths, &self.options)
                },
                |_, d| {
                    out.push(d);
                    Ok::<(), ()>(())
                },
            );
            return out;
        };
        let _ = std::fs::create_dir_all(dir);
        let settings = self.settings.clone();
        let wants_second =
            move |first: &intake::Reading| both || extract::is_unsure(first, &settings);
        // Per case its file's digest and readings, once read or found.
        let mut out: Vec<Option<Result<Readings>>> = Vec::new();
        // Cases whose readings are not all cached: their digest and the
        // cache files of both passes.
        let mut missing = Vec::new();
        for (i, case) in cases.iter().enumerate() {
            let digest: [u8; 32] = match std::fs::read(&case.image) {
                Ok(bytes) => Sha256::digest(&bytes).into(),
                Err(e) => {
                    out.push(Some(Err(e.into())));
                    continue;
                }
            };
            let paths = [1, 2].map(|n| dir.join(format!("{}-{}-{n}.json", hex(&digest), self.key)));
            // Written beside the readings of a photo, which the intake
            // always reads twice.
            let photo_mark = dir.join(format!("{}-{}-photo", hex(&digest), self.key));
            let photo = photo_mark.exists();
            let cached = |path: &Path| {
                std::fs::read_to_string(path)
                    .ok()
                    .and_then(|t| reading_from_json(&t))
            };
            let readings = cached(&paths[0]).and_then(|first| {
                if !photo && !wants_second(&first) {
                    return Some(vec![first]);
                }
                cached(&paths[1]).map(|second| vec![first, second])
            });
            out.push(readings.map(|r| Ok((digest, r, photo))));
            if out[i].is_none() {
                missing.push((i, digest, paths, photo_mark));
            }
        }
        if !missing.is_empty() {
            eprintln!("OCR: {} files not cached", missing.len());
        }
        // Read as `panel submit` reads: a first pass, and a second one
        // where `wants_second` says so, prepared as the intake prepares the
        // second pass of what it found the picture to be (a photo is
        // binarised, a scan is not).
        let options = intake::Options {
            second_pass: Some(Arc::new(wants_second)),
            privacy_look: None,
            ..self.options.clone()
        };
        let _ = panel::parallel::in_order_runs(
            &missing,
            jobs,
            intake::READ_TOGETHER,
            |_, run| {
                let paths: Vec<&Path> = run
                    .iter()
                    .map(|(i, ..)| cases[*i].image.as_path())
                    .collect();
                intake::read_all(&paths, &options)
            },
            |k, document| {
                let (i, digest, paths, photo_mark) = &missing[k];
                out[*i] = Some(document.and_then(|d| match d.body {
                    Body::Picture(p) if !p.readings.is_empty() => {
                        if p.photo {
                            std::fs::write(photo_mark, b"")?;
                        }
                        for (reading, path) in p.readings.iter().zip(paths) {
                            std::fs::write(path, reading_to_json(reading))?;
                        }
                        Ok((*digest, p.readings, p.photo))
                    }
                    _ => bail!("no OCR reading"),
                }));
                Ok::<(), ()>(())
            },
        );
        out.into_iter()
            .map(|read| {
                let (digest, readings, photo) = read.expect("every case")?;
                Ok(Document {
                    kind: SourceKind::Jpeg,
                    digest,
                    body: Body::Picture(Picture {
                        pixels: image::DynamicImage::new_luma8(1, 1),
                        readings,
                        looks: Vec::new(),
                        photo,
                    }),
                    hints: intake::Hints::default(),
                })
            })
            .collect()
    }
}

/// A picture's file digest, its OCR readings (the first pass first) and
/// whether it is a photo.
type Readings = ([u8; 32], Vec<Reading>, bool);

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn tesseract_version(program: &str) -> String {
    std::process::Command::new(program)
        .arg("--version")
        .output()
        .map(|o| {
            let text = String::from_utf8_lossy(&o.stdout).into_owned();
            text.lines().next().unwrap_or_default().to_string()
        })
        .unwrap_or_default()
}

/// A digest of the intake's source: a change in how pictures are prepared
/// or read makes new cache entries.
fn intake_sources() -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/intake");
    let mut files = BTreeMap::new();
    let mut stack = vec![dir];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if let Ok(text) = std::fs::read(&path) {
                files.insert(path, text);
            }
        }
    }
    let mut hash = Sha256::new();
    for (path, text) in files {
        hash.update(path.to_string_lossy().as_bytes());
        hash.update(&text);
    }
    hex(&hash.finalize()[..8])
}

fn reading_to_json(reading: &Reading) -> String {
    let words: Vec<serde_json::Value> = reading
        .words
        .iter()
        .map(|w| {
            serde_json::json!([
                w.text,
                w.bbox,
                w.conf,
                w.block,
                w.par,
                w.line,
                w.row,
                w.span.start,
                w.span.end
            ])
        })
        .collect();
    serde_json::json!({"text": reading.text, "size": [reading.size.0, reading.size.1], "words": words})
        .to_string()
}

fn reading_from_json(text: &str) -> Option<Reading> {
    let v: serde_json::Value = serde_json::from_str(text).ok()?;
    let u = |v: &serde_json::Value| v.as_u64().map(|n| n as u32);
    let words = v["words"]
        .as_array()?
        .iter()
        .map(|w| {
            let bbox = w[1].as_array()?;
            Some(Word {
                text: w[0].as_str()?.to_string(),
                bbox: [u(&bbox[0])?, u(&bbox[1])?, u(&bbox[2])?, u(&bbox[3])?],
                conf: w[2].as_f64()? as f32,
                block: u(&w[3])?,
                par: u(&w[4])?,
                line: u(&w[5])?,
                row: w[6].as_u64()? as usize,
                span: w[7].as_u64()? as usize..w[8].as_u64()? as usize,
            })
        })
        .collect::<Option<Vec<Word>>>()?;
    Some(Reading {
        text: v["text"].as_str()?.to_string(),
        words,
        size: (u(&v["size"][0])?, u(&v["size"][1])?),
    })
}

/// Whether the merchant read matches the annotation: a similarity of at
/// least 0.8 to the annotated name, or for named scans to the name token.
pub fn merchant_matches(case: &Case, got: &str) -> Option<bool> {
    let want = case.merchant.as_deref()?;
    let score = if case.token {
        token_similarity(want, got)
    } else {
        similarity(want, got)
    };
    Some(score >= 0.8)
}

/// 1 − edit distance / length of the longer, on normalised names.
pub fn similarity(a: &str, b: &str) -> f64 {
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
