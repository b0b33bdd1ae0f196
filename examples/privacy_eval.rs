//! Recall and precision of the privacy detectors, per kind, on the ground
//! truth text of scanned receipts, against labels made by hand.
//!
//! ```text
//! cargo run --release --example privacy_eval -- ../shared/data/receipts/sroie-dev
//!     [--labels tests/fixtures/privacy/sroie-labels.tsv] [--list]
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
//! Only counts and rates are printed. `--list` adds the receipt, line and
//! kind of every miss and false alarm, never their text.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result, bail};
use panel::privacy::{self, DetectorConfig, Kind};

type Key = (String, usize, Kind);

struct Label {
    key: Key,
    note: String,
}

struct Box_ {
    line: usize,
    x: i64,
    y0: i64,
    y1: i64,
    text: String,
}

fn main() -> Result<()> {
    let mut dir = None;
    let mut labels_path = PathBuf::from("tests/fixtures/privacy/sroie-labels.tsv");
    let mut list = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--labels" => labels_path = args.next().context("--labels needs a file")?.into(),
            "--list" => list = true,
            "-h" | "--help" => {
                println!("usage: privacy_eval DIR [--labels FILE] [--list]");
                return Ok(());
            }
            other if dir.is_none() => dir = Some(PathBuf::from(other)),
            other => bail!("unexpected argument {other:?}"),
        }
    }
    let dir = dir.unwrap_or_else(|| PathBuf::from("../shared/data/receipts/sroie-dev"));
    let labels = read_labels(&labels_path)?;
    let truth: BTreeSet<Key> = labels.iter().map(|l| l.key.clone()).collect();

    let mut files: Vec<PathBuf> = std::fs::read_dir(dir.join("box"))
        .with_context(|| format!("cannot list {}", dir.join("box").display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "csv"))
        .collect();
    files.sort();
    if files.is_empty() {
        bail!("no box/*.csv under {}", dir.display());
    }

    let config = DetectorConfig::default();
    let mut predicted: BTreeSet<Key> = BTreeSet::new();
    let mut lines_total = 0;
    let started = Instant::now();
    for path in &files {
        let id = path
            .file_stem()
            .and_then(|s| s.to_str())
            .context("odd file name")?
            .to_string();
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
        "{} receipts, {} text lines, {} labels ({}); detection took {:.1} ms in all",
        files.len(),
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

fn read_labels(path: &Path) -> Result<Vec<Label>> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read the labels {}", path.display()))?;
    let mut labels = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.starts_with('#') || line.starts_with("file\t") || line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        if fields.len() < 3 {
            bail!("{}:{}: expected file, line, kind", path.display(), n + 1);
        }
        let kind: Kind = fields[2]
            .parse()
            .with_context(|| format!("{}:{}", path.display(), n + 1))?;
        labels.push(Label {
            key: (
                fields[0].to_string(),
                fields[1]
                    .parse()
                    .with_context(|| format!("{}:{}: bad line number", path.display(), n + 1))?,
                kind,
            ),
            note: fields.get(3).unwrap_or(&"").to_string(),
        });
    }
    Ok(labels)
}

fn read_boxes(path: &Path) -> Result<Vec<Box_>> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let text = String::from_utf8_lossy(&bytes);
    let mut boxes = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let parts: Vec<&str> = line.splitn(9, ',').collect();
        if parts.len() < 9 {
            continue;
        }
        let numbers: Vec<i64> = parts[..8]
            .iter()
            .map(|p| p.trim().parse())
            .collect::<Result<_, _>>()
            .with_context(|| format!("{}:{}: bad coordinates", path.display(), n + 1))?;
        let xs = [numbers[0], numbers[2], numbers[4], numbers[6]];
        let ys = [numbers[1], numbers[3], numbers[5], numbers[7]];
        boxes.push(Box_ {
            line: n + 1,
            x: *xs.iter().min().unwrap(),
            y0: *ys.iter().min().unwrap(),
            y1: *ys.iter().max().unwrap(),
            text: parts[8].to_string(),
        });
    }
    Ok(boxes)
}

/// The page as OCR would give it, and where each box line sits in it.
fn page_text(boxes: &[Box_]) -> (String, Vec<(usize, std::ops::Range<usize>)>) {
    let mut order: Vec<&Box_> = boxes.iter().collect();
    order.sort_by_key(|b| b.y0 + b.y1);
    let mut rows: Vec<Vec<&Box_>> = Vec::new();
    for b in order {
        let height = b.y1 - b.y0;
        let row = rows.iter_mut().rev().take(3).find(|row| {
            let top = row.iter().map(|r| r.y0).min().unwrap();
            let bottom = row.iter().map(|r| r.y1).max().unwrap();
            let smallest = row.iter().map(|r| r.y1 - r.y0).min().unwrap().min(height);
            let overlap = bottom.min(b.y1) - top.max(b.y0);
            2 * overlap > smallest
        });
        match row {
            Some(row) => row.push(b),
            None => rows.push(vec![b]),
        }
    }
    let mut text = String::new();
    let mut places = Vec::new();
    for mut row in rows {
        row.sort_by_key(|b| b.x);
        for (k, b) in row.iter().enumerate() {
            if k > 0 {
                text.push(' ');
            }
            let start = text.len();
            text.push_str(&b.text);
            places.push((b.line, start..text.len()));
        }
        text.push('\n');
    }
    (text, places)
}
