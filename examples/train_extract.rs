//! Learns extraction's weights from the tune part of the development sets.
//!
//! `cargo run --example train_extract -- [DIR[=LANGS] ...] [--jobs N] [--limit N]`
//!
//! Without DIRs: `../shared/data/receipts/sroie-dev`, `photos-dev` and
//! `de-scans=deu+eng` (the languages a panelist passes for German
//! receipts). Each receipt of a set's tune part is read as `panel submit`
//! reads it with the default config, with both OCR passes (from the cache
//! `eval` shares),
//! every candidate of every field is described by its features and
//! labelled right or wrong against the annotation. The tables go to
//! `src/extract/training/<field>.tsv` (numbers and labels only, no receipt
//! text) and the weights fitted to them to `src/extract/weights.json`; a
//! unit test refits the tables and checks the weights. The measure parts
//! are never read here.
//!
//! Retrain after a change to features or to how pictures are read (new
//! readings change what the model learns from), then run `eval` on the
//! measure parts. `--limit N` reads the first N receipts of each set (a
//! smoke run; it writes nothing).

#[path = "dev_sets/mod.rs"]
mod dev_sets;

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use dev_sets::{Part, Reader};
use panel::extract::{self, model};
use panel::logistic::{self, TableRow};

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let mut sets: Vec<(PathBuf, Option<String>)> = Vec::new();
    let mut jobs = panel::parallel::cores();
    let mut limit = usize::MAX;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--jobs" => jobs = args.next().context("--jobs N")?.parse()?,
            "--limit" => limit = args.next().context("--limit N")?.parse()?,
            set => {
                let (dir, lang) = match set.split_once('=') {
                    Some((d, l)) => (d, Some(l.to_string())),
                    None => (set, None),
                };
                sets.push((PathBuf::from(dir), lang));
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    if sets.is_empty() {
        let data = root.join("../shared/data/receipts");
        sets = vec![
            (data.join("sroie-dev"), None),
            (data.join("photos-dev"), None),
            (data.join("de-scans"), Some("deu+eng".to_string())),
        ];
    }
    let mut tables = [String::new(), String::new(), String::new()];
    for (table, names) in tables.iter_mut().zip(features()) {
        *table = format!("group\tlabel\t{}\n", names.join("\t"));
    }
    let mut receipt = 0;
    for (dir, lang) in sets {
        let mut cases = dev_sets::load(&dir)?;
        cases.truncate(limit);
        cases.retain(|c| Part::of(c) == Part::Tune);
        let reader = Reader::new(lang, true)?;
        eprintln!(
            "{}: {} receipts of the tune part",
            dir.display(),
            cases.len()
        );
        let documents = reader.read_passes(&cases, jobs, true);
        for (case, document) in cases.iter().zip(documents) {
            let Ok(document) = document else { continue };
            // A receipt's readings are groups 2n and 2n + 1, so that
            // cross-validation holds out whole receipts.
            receipt += 1;
            for (pass, found) in extract::candidates(&document, &reader.settings)
                .into_iter()
                .enumerate()
            {
                let group = 2 * receipt + pass;
                if let Some(want) = case.total_minor {
                    for c in &found.totals {
                        let row = model::table_row(group, c.minor == want, &c.features);
                        tables[0].push_str(&row);
                        tables[0].push('\n');
                    }
                }
                if let Some(want) = case.date {
                    for c in &found.dates {
                        let row = model::table_row(group, c.date == want, &c.features);
                        tables[1].push_str(&row);
                        tables[1].push('\n');
                    }
                }
                for c in &found.merchants {
                    let Some(right) = dev_sets::merchant_matches(case, &c.name) else {
                        break;
                    };
                    tables[2].push_str(&model::table_row(group, right, &c.features));
                    tables[2].push('\n');
                }
            }
        }
    }
    if limit != usize::MAX {
        for (name, table) in ["total", "date", "merchant"].iter().zip(&tables) {
            println!("{name}: {} candidates", table.lines().count() - 1);
        }
        return Ok(());
    }
    let training = root.join("src/extract/training");
    std::fs::create_dir_all(&training)?;
    let mut fitted = Vec::new();
    for (name, table) in ["total", "date", "merchant"].iter().zip(&tables) {
        std::fs::write(training.join(format!("{name}.tsv")), table)?;
        let (names, rows) = logistic::read_table(table);
        let held_scores = logistic::held_out_scores(&names, &rows);
        let model = model::Model::fit_calibrated(&names, &rows, &held_scores);
        let fitted_scores: Vec<f64> = rows.iter().map(|r| model.score_row(r)).collect();
        let (first, possible) = top_right(&rows, &fitted_scores);
        let (held_first, held_possible) = top_right(&rows, &held_scores);
        let (wrong_sure, right_flagged, loss) = held_out_confidence(&model, &rows, &held_scores);
        println!(
            "{name}: {} candidates, right first in {first} of {possible} readings \
             ({held_first} of {held_possible} by {}-fold cross-validation)\n  \
             held out: {wrong_sure} wrong picks shown as sure, {right_flagged} right ones \
             flagged for review, confidence log loss {loss:.3}",
            rows.len(),
            logistic::FOLDS
        );
        fitted.push(model);
    }
    let merchant = fitted.pop().expect("three");
    let date = fitted.pop().expect("three");
    let total = fitted.pop().expect("three");
    let weights = model::Weights {
        total,
        date,
        merchant,
    };
    std::fs::write(
        root.join("src/extract/weights.json"),
        serde_json::to_string_pretty(&weights)? + "\n",
    )?;
    println!("wrote src/extract/weights.json and src/extract/training/*.tsv");
    Ok(())
}

/// The feature names of each field, in the order of the tables.
fn features() -> [&'static [&'static str]; 3] {
    [
        extract::feature_names("total"),
        extract::feature_names("date"),
        extract::feature_names("merchant"),
    ]
}

/// How many readings with a right candidate have it ranked first by
/// `scores`, and how many have one.
fn top_right(rows: &[TableRow], scores: &[f64]) -> (usize, usize) {
    let first = logistic::best_per_group(rows, scores)
        .iter()
        .filter(|(_, _, right)| *right)
        .count();
    let possible = rows
        .iter()
        .filter(|(_, right, _)| *right)
        .map(|(group, _, _)| *group)
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    (first, possible)
}

/// How the calibrated confidence does on the readings' best candidates as
/// scored without their receipt: how many wrong ones it shows as sure, how
/// many right ones it flags for review (what a panelist would meet), and
/// its mean log loss (lower is better calibrated).
fn held_out_confidence(
    model: &model::Model,
    rows: &[TableRow],
    scores: &[f64],
) -> (usize, usize, f64) {
    let (mut wrong_sure, mut right_flagged, mut loss) = (0, 0, 0.0);
    let best = logistic::best_per_group(rows, scores);
    for &(score, next, right) in &best {
        let p = f64::from(model.confidence(score, next)).clamp(1e-6, 1.0 - 1e-6);
        let sure = p * 100.0 >= f64::from(extract::REVIEW_BELOW);
        wrong_sure += usize::from(sure && !right);
        right_flagged += usize::from(!sure && right);
        loss -= if right { p.ln() } else { (1.0 - p).ln() };
    }
    (wrong_sure, right_flagged, loss / best.len().max(1) as f64)
}
