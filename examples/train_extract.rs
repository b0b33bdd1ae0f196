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
        let model = model::Model::fit_table(table);
        let (names, rows) = logistic::read_table(table);
        let (first, possible) = top_right(&rows, &model);
        let (held_first, held_possible) = cross_validated(&names, &rows);
        println!(
            "{name}: {} candidates, right first in {first} of {possible} readings \
             ({held_first} of {held_possible} by {FOLDS}-fold cross-validation)",
            rows.len()
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

/// How many readings with a right candidate have it ranked first, and how
/// many have one.
fn top_right(rows: &[TableRow], model: &model::Model) -> (usize, usize) {
    let mut groups: std::collections::BTreeMap<&str, (f32, bool, bool)> = Default::default();
    for (group, right, x) in rows {
        let x: Vec<f32> = x.iter().map(|v| *v as f32).collect();
        let p = model.probability(&x);
        let g = groups.entry(group).or_insert((-1.0, false, false));
        g.2 |= *right;
        if p > g.0 {
            g.0 = p;
            g.1 = *right;
        }
    }
    let possible = groups.values().filter(|g| g.2).count();
    let first = groups.values().filter(|g| g.1).count();
    (first, possible)
}

/// How many receipts cross-validation holds out at a time: one in FOLDS.
const FOLDS: usize = 5;

/// [`top_right`] of each fold's readings under weights fitted without that
/// fold's receipts: how the weights do on receipts they were not fitted
/// to, before the measure parts are looked at.
fn cross_validated(names: &[&str], rows: &[TableRow]) -> (usize, usize) {
    let fold = |group: &str| group.parse::<usize>().unwrap_or(0) / 2 % FOLDS;
    let (mut first, mut possible) = (0, 0);
    for k in 0..FOLDS {
        let (held, kept): (Vec<TableRow>, Vec<TableRow>) =
            rows.iter().cloned().partition(|r| fold(r.0) == k);
        let model = model::Model::fit_ranked(names, &kept);
        let (f, p) = top_right(&held, &model);
        first += f;
        possible += p;
    }
    (first, possible)
}
