//! Field extraction measured on real receipts, read the way `panel submit`
//! reads them with the default config.toml.
//!
//! `cargo run --example eval -- DIR [--lang LANGS] [--part tune|measure|all]
//!  [--jobs N] [--limit N] [--no-cache]`
//!
//! DIR is a development set: SROIE-shaped (`img/NNN.jpg` + `key/NNN.json`),
//! photos (`img/NNN.jpg` + `truth.tsv`) or scans named
//! `MERCHANT_DDMMYYYY_NUMITEMS_TOTALCENTS.jpg`. Nothing is set per set:
//! the settings are those of the default config, and `--lang` is what a
//! panelist passes for receipts in another language (`deu+eng`).
//!
//! Each receipt belongs to the *tune* part when the first byte of SHA-256
//! of its file stem is even, else to the *measure* part. Figures are
//! printed for each part, each beside how many receipts had the right
//! value among extraction's candidates at all (what OCR left within its
//! reach: the rest is lost before extraction); misses only for the tune
//! part, the one tuned on.
//!
//! OCR readings are cached under `target/eval-cache/`, keyed by the
//! image, the preparation, the languages, Tesseract's version and the
//! intake's source, so a run after a change to extraction alone does no
//! OCR. `--no-cache` reads every file afresh through the intake exactly as
//! `panel submit` does. `--limit N` reads the first N receipts (a smoke
//! run).

#[path = "dev_sets/mod.rs"]
mod dev_sets;

use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use dev_sets::{Part, Reader};
use panel::extract::{self, Overrides};
use panel::intake;

#[derive(Default)]
struct Tally {
    n: usize,
    passes: usize,
    failed: usize,
    /// (right, annotated) per field: total, date, merchant.
    fields: [(usize, usize); 3],
    /// Per field, how many annotated receipts had the right value among
    /// the candidates of some reading: what OCR left within extraction's
    /// reach.
    within_reach: [usize; 3],
    /// Per field, (wrong values shown as sure, right ones flagged for
    /// review): how the confidence serves the panelist who checks flags.
    review: [(usize, usize); 3],
}

impl Tally {
    /// Counts a field read `right` or not with `confidence`.
    fn judge(&mut self, field: usize, right: bool, confidence: u8) {
        let sure = confidence >= extract::REVIEW_BELOW;
        self.fields[field].1 += 1;
        self.fields[field].0 += usize::from(right);
        self.review[field].0 += usize::from(!right && sure);
        self.review[field].1 += usize::from(right && !sure);
    }
}

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let (mut dir, mut lang, mut part, mut limit) = (None, None, "all".to_string(), usize::MAX);
    let mut jobs = panel::parallel::cores();
    let mut cache = true;
    let mut show: Option<String> = None;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--lang" => lang = args.next(),
            "--jobs" => jobs = args.next().context("--jobs N")?.parse()?,
            "--limit" => limit = args.next().context("--limit N")?.parse()?,
            "--part" => part = args.next().context("--part tune|measure|all")?,
            "--no-cache" => cache = false,
            "--show" => show = args.next(),
            _ if dir.is_none() => dir = Some(PathBuf::from(arg)),
            other => bail!("unexpected argument {other:?}"),
        }
    }
    let dir = dir.context("usage: eval DIR [--lang LANGS] [--part tune|measure|all] [--jobs N]")?;
    let wanted = match part.as_str() {
        "tune" => vec![Part::Tune],
        "measure" => vec![Part::Measure],
        "all" => vec![Part::Tune, Part::Measure],
        other => bail!("--part {other:?}: expected tune, measure or all"),
    };
    let mut cases = dev_sets::load(&dir)?;
    cases.truncate(limit);
    cases.retain(|c| wanted.contains(&Part::of(c)));
    let reader = Reader::new(lang, cache)?;
    eprintln!(
        "{} receipts in {}, languages {}, {jobs} at a time",
        cases.len(),
        dir.display(),
        reader.languages
    );
    let started = Instant::now();
    let documents = reader.read(&cases, jobs);
    let read_secs = started.elapsed().as_secs_f64();
    let started = Instant::now();
    let mut tallies = [Tally::default(), Tally::default()];
    let mut misses = Vec::new();
    for (case, document) in cases.iter().zip(documents) {
        let part = Part::of(case);
        let tally = &mut tallies[part as usize];
        tally.n += 1;
        let mut miss = |text: String| {
            if part == Part::Tune {
                misses.push(format!("{}  {text}", case.id));
            }
        };
        let document = match document {
            Ok(d) => d,
            Err(e) => {
                tally.failed += 1;
                miss(format!("failed: {e:#}"));
                continue;
            }
        };
        if let intake::Body::Picture(p) = &document.body {
            tally.passes += p.readings.len();
        }
        if part == Part::Tune && show.as_deref() == Some(case.id.as_str()) {
            show_candidates(&document, &reader.settings);
        }
        let fields = extract::extract(&document, &Overrides::default(), &reader.settings);
        let found = extract::candidates(&document, &reader.settings);
        let reachable = [
            case.total_minor.is_some_and(|want| {
                found
                    .iter()
                    .flat_map(|f| &f.totals)
                    .any(|c| c.minor == want)
            }),
            case.date
                .is_some_and(|want| found.iter().flat_map(|f| &f.dates).any(|c| c.date == want)),
            found
                .iter()
                .flat_map(|f| &f.merchants)
                .any(|c| dev_sets::merchant_matches(case, &c.name).unwrap_or(false)),
        ];
        for (count, reached) in tally.within_reach.iter_mut().zip(reachable) {
            *count += usize::from(reached);
        }
        if let Some(want) = case.total_minor {
            let got = fields.total.as_ref().map(|t| t.minor);
            tally.judge(0, got == Some(want), fields.confidence.total);
            if got != Some(want) {
                miss(format!(
                    "total     want {want} got {got:?} ({}%)",
                    fields.confidence.total
                ));
            }
        }
        if let Some(want) = case.date {
            let right = fields.purchase_date == Some(want);
            tally.judge(1, right, fields.confidence.purchase_date);
            if !right {
                miss(format!(
                    "date      want {want} got {:?} ({}%)",
                    fields.purchase_date, fields.confidence.purchase_date
                ));
            }
        }
        let got = fields.merchant.clone().unwrap_or_default();
        if let Some(right) = dev_sets::merchant_matches(case, &got) {
            tally.judge(2, right, fields.confidence.merchant);
            if !right {
                miss(format!(
                    "merchant  want {:?} got {got:?} ({}%)",
                    case.merchant.as_deref().unwrap_or_default(),
                    fields.confidence.merchant
                ));
            }
        }
    }
    for miss in &misses {
        println!("{miss}");
    }
    println!(
        "\n{}: read in {read_secs:.1} s, extracted in {:.2} s",
        dir.display(),
        started.elapsed().as_secs_f64()
    );
    for part in wanted {
        let t = &tallies[part as usize];
        println!(
            "{:<8} {} receipts, {} OCR passes, {} failed",
            part.name(),
            t.n,
            t.passes,
            t.failed
        );
        let fields = ["total", "date", "merchant"].iter().zip(t.fields);
        for ((name, (right, of)), reach) in fields.zip(t.within_reach) {
            let pct = 100.0 * right as f64 / of.max(1) as f64;
            println!(
                "  {name:<9} {right}/{of} = {pct:.1}%   right value among the candidates: {reach}/{of}"
            );
        }
        let [(wt, rt), (wd, rd), (wm, rm)] = t.review;
        println!(
            "  review    wrong shown as sure (confidence {}+): {wt} / {wd} / {wm}; \
             right flagged: {rt} / {rd} / {rm}",
            extract::REVIEW_BELOW
        );
    }
    Ok(())
}

/// The text of each reading of a tune receipt and its likeliest candidates
/// (`--show ID`), to see why a field was missed.
fn show_candidates(document: &intake::Document, settings: &extract::Settings) {
    let weights = extract::model::weights();
    let readings = match &document.body {
        intake::Body::Picture(p) => p.readings.iter().map(|r| r.text.clone()).collect(),
        _ => Vec::new(),
    };
    for (text, found) in readings.iter().zip(extract::candidates(document, settings)) {
        println!("----\n{text}\n----");
        let mut totals: Vec<(f32, String)> = found
            .totals
            .iter()
            .map(|c| {
                (
                    weights.total.probability(&c.features),
                    format!("{} {:?}", c.minor, c.features),
                )
            })
            .collect();
        let mut dates: Vec<(f32, String)> = found
            .dates
            .iter()
            .map(|c| {
                (
                    weights.date.probability(&c.features),
                    format!("{} {:?}", c.date, c.features),
                )
            })
            .collect();
        let mut merchants: Vec<(f32, String)> = found
            .merchants
            .iter()
            .map(|c| {
                (
                    weights.merchant.probability(&c.features),
                    format!("{:?} {:?}", c.name, c.features),
                )
            })
            .collect();
        for list in [&mut totals, &mut dates, &mut merchants] {
            list.sort_by(|a, b| b.0.total_cmp(&a.0));
            for (p, c) in list.iter().take(4) {
                println!("{p:.2} {c}");
            }
            println!();
        }
    }
}
