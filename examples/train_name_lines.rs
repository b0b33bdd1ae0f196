//! Learns the scorer of names printed without a label from the tune part
//! of the scanned development receipts.
//!
//! `cargo run --example train_name_lines -- [DIR] [--labels FILE] [--limit N]`
//!
//! DIR is `../shared/data/receipts/sroie-dev`. Each receipt of the tune
//! part is put into page text as `privacy_eval` does from its ground-truth
//! boxes; every candidate name line is described by its features and
//! labelled right when it touches a box labelled `name` in
//! `tests/fixtures/privacy/sroie-labels.tsv`. The table goes to
//! `src/privacy/training/name_lines.tsv` (numbers and labels only, no
//! receipt text) and the model fitted to it to `src/privacy/name_lines.json`;
//! a unit test refits the table and checks the model. The measure part is
//! never read here.
//!
//! Retrain after a change to the features, then run `privacy_eval --part
//! measure`. `--limit N` reads the first N receipts (a smoke run; it writes
//! nothing).

#[path = "sroie_pages/mod.rs"]
mod sroie_pages;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use panel::logistic;
use panel::privacy::{self, Kind};
use sroie_pages::{Part, box_files, page_text, read_boxes, read_labels, stem};

fn main() -> Result<()> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut dir = root.join("../shared/data/receipts/sroie-dev");
    let mut labels_path = root.join("tests/fixtures/privacy/sroie-labels.tsv");
    let mut limit = usize::MAX;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--labels" => labels_path = args.next().context("--labels needs a file")?.into(),
            "--limit" => limit = args.next().context("--limit N")?.parse()?,
            other if other.starts_with("--") => bail!("unexpected argument {other:?}"),
            other => dir = PathBuf::from(other),
        }
    }
    let names: BTreeSet<(String, usize)> = read_labels(&labels_path)?
        .into_iter()
        .filter(|l| l.key.2 == Kind::Name && Part::Tune.holds(&l.key.0))
        .map(|l| (l.key.0, l.key.1))
        .collect();
    let mut files = box_files(&dir, Part::Tune)?;
    files.truncate(limit);

    let mut table = format!("group\tlabel\t{}\n", privacy::NAME_LINE_FEATURES.join("\t"));
    let (mut rows, mut right) = (0, 0);
    for (group, path) in files.iter().enumerate() {
        let id = stem(path)?;
        let (text, places) = page_text(&read_boxes(path)?);
        for line in privacy::name_lines(&text) {
            let is_name = places.iter().any(|(n, range)| {
                range.start < line.span.end
                    && line.span.start < range.end
                    && names.contains(&(id.clone(), *n))
            });
            table.push_str(&logistic::table_row(group + 1, is_name, &line.features));
            table.push('\n');
            rows += 1;
            right += usize::from(is_name);
        }
    }
    println!(
        "{} tune receipts: {rows} candidate lines, {right} of them names",
        files.len()
    );
    if limit != usize::MAX {
        return Ok(());
    }
    let fitted = privacy::fit_name_lines(&table);
    std::fs::write(root.join("src/privacy/training/name_lines.tsv"), &table)?;
    std::fs::write(
        root.join("src/privacy/name_lines.json"),
        serde_json::to_string_pretty(&fitted)? + "\n",
    )?;
    println!(
        "threshold {:.4}; wrote src/privacy/name_lines.json and src/privacy/training/name_lines.tsv",
        fitted.threshold
    );
    Ok(())
}
