//! Recall and precision of the privacy detectors, per kind, on the ground
//! truth text of scanned receipts, against labels made by hand.
//!
//! ```text
//! cargo run --release --example privacy_eval -- ../shared/data/receipts/sroie-dev
//!     [--labels tests/fixtures/privacy/sroie-labels.tsv] [--part tune|measure|all] [--list]
//! ```
//!
//! Each receipt's `box/NNN.csv` holds one text box per line
//! (`x1,y1,x2,y2,x3,y3,x4,y4,text`, the text may hold commas). Boxes are put
//! into rows as a reader sees them (boxes that overlap vertically by more
//! than half the smaller height share a row, left to right), joined with a
//! space within a row and a newline between rows, which is what OCR gives
//! for a page. `privacy::detect_text` and `privacy::health_markers` run on
//! that text and each finding is credited to every box it touches. A
//! prediction is a (receipt, box line, kind); it is right when the labels
//! hold the same triple.
//!
//! `--part` keeps the receipts of one part of the tune/measure split (see
//! `sroie_pages`), so that what was fitted on the tune part can be judged on
//! the other. Only counts and rates are printed. `--list` adds the receipt, line and
//! kind of every miss and false alarm, never their text.

#[path = "sroie_pages/mod.rs"]
mod sroie_pages;

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use panel::privacy::{self, DetectorConfig, Kind};
use sroie_pages::{Key, Label, Part, box_files, page_text, read_boxes, read_labels, stem};

fn main() -> Result<()> {
    let mut dir = None;
    let mut labels_path = PathBuf::from("tests/fixtures/privacy/sroie-labels.tsv");
    let mut list = false;
    let mut part = Part::All;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--labels" => labels_path = args.next().context("--labels needs a file")?.into(),
            "--list" => list = true,
            "--part" => part = Part::parse(&args.next().context("--part needs a part")?)?,
            "-h" | "--help" => {
                println!(
                    "usage: privacy_eval DIR [--labels FILE] [--part tune|measure|all] [--list]"
                );
                return Ok(());
            }
            other if dir.is_none() => dir = Some(PathBuf::from(other)),
            other => bail!("unexpected argument {other:?}"),
        }
    }
    let dir = dir.unwrap_or_else(|| PathBuf::from("../shared/data/receipts/sroie-dev"));
    let mut labels = read_labels(&labels_path)?;
    labels.retain(|l| part.holds(&l.key.0));
    let truth: BTreeSet<Key> = labels.iter().map(|l| l.key.clone()).collect();
    let files = box_files(&dir, part)?;

    let config = DetectorConfig::default();
    let mut predicted: BTreeSet<Key> = BTreeSet::new();
    let mut lines_total = 0;
    let started = Instant::now();
    for path in &files {
        let id = stem(path)?;
        let boxes = read_boxes(path)?;
        lines_total += boxes.len();
        let (text, places) = page_text(&boxes);
        let findings = privacy::detect_text(&text, &config)
            .into_iter()
            .chain(privacy::health_markers(&text, &config));
        for finding in findings {
            for (line, range) in &places {
                let overlap = finding.span.start.max(range.start)..finding.span.end.min(range.end);
                if overlap.start < overlap.end && text[overlap].chars().any(char::is_alphanumeric) {
                    predicted.insert((id.clone(), *line, finding.kind));
                }
            }
        }
    }
    let elapsed = started.elapsed();

    println!(
        "{} receipts ({:?} part), {} text lines, {} labels ({}); detection took {:.1} ms in all",
        files.len(),
        part,
        lines_total,
        truth.len(),
        labels_path.display(),
        elapsed.as_secs_f64() * 1000.0
    );
    println!();
    println!(
        "{:<22} {:>8} {:>8} {:>8} {:>8} {:>10}",
        "kind", "labelled", "found", "right", "recall", "precision"
    );
    for kind in Kind::ALL {
        let labelled = truth.iter().filter(|k| k.2 == kind).count();
        let found = predicted.iter().filter(|k| k.2 == kind).count();
        let right = predicted
            .iter()
            .filter(|k| k.2 == kind && truth.contains(*k))
            .count();
        println!(
            "{:<22} {:>8} {:>8} {:>8} {:>8} {:>10}",
            kind.as_str(),
            labelled,
            found,
            right,
            rate(right, labelled),
            rate(right, found)
        );
        if matches!(kind, Kind::Name | Kind::Address) {
            let after: Vec<&Label> = labels
                .iter()
                .filter(|l| l.key.2 == kind && l.note == "after-label")
                .collect();
            let hit = after.iter().filter(|l| predicted.contains(&l.key)).count();
            println!(
                "{:<22} {:>8} {:>8} {:>8} {:>8} {:>10}",
                format!("  {} after a label", kind.as_str()),
                after.len(),
                "",
                hit,
                rate(hit, after.len()),
                ""
            );
        }
    }
    let right = predicted.intersection(&truth).count();
    println!(
        "{:<22} {:>8} {:>8} {:>8} {:>8} {:>10}",
        "all",
        truth.len(),
        predicted.len(),
        right,
        rate(right, truth.len()),
        rate(right, predicted.len())
    );

    if list {
        println!();
        let notes: BTreeMap<&Key, &str> =
            labels.iter().map(|l| (&l.key, l.note.as_str())).collect();
        for key in truth.difference(&predicted) {
            let note = notes.get(key).copied().unwrap_or("");
            println!(
                "missed       {} line {:>3} {} {}",
                key.0, key.1, key.2, note
            );
        }
        for key in predicted.difference(&truth) {
            println!("false alarm  {} line {:>3} {}", key.0, key.1, key.2);
        }
    }
    Ok(())
}

fn rate(part: usize, whole: usize) -> String {
    if whole == 0 {
        "-".into()
    } else {
        format!("{:.1}%", 100.0 * part as f64 / whole as f64)
    }
}
