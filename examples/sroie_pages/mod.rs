//! The scanned development receipts as the privacy examples read them:
//! each receipt's ground-truth boxes put into the page text OCR would give,
//! the hand-made privacy labels, and the tune/measure split.
//!
//! A receipt is in the *tune* part when the first byte of the SHA-256 of
//! its file stem (`017`) is even, else in the *measure* part, as in
//! `privacy_e2e`: rules and weights are fitted on the first and judged on
//! the second.

#![allow(dead_code)]

#[path = "../dev_split/mod.rs"]
mod dev_split;

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use panel::privacy::Kind;

/// A label: receipt id, 1-based line of `box/<id>.csv`, kind.
pub type Key = (String, usize, Kind);

pub struct Label {
    pub key: Key,
    /// For names and addresses, whether a label precedes the value.
    pub note: String,
}

pub struct Box_ {
    pub line: usize,
    pub x: i64,
    pub y0: i64,
    pub y1: i64,
    pub text: String,
}

/// Which receipts to look at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Tune,
    Measure,
    All,
}

impl Part {
    pub fn parse(s: &str) -> Result<Part> {
        Ok(match s {
            "tune" => Part::Tune,
            "measure" => Part::Measure,
            "all" => Part::All,
            other => bail!("--part is tune, measure or all, not {other:?}"),
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            Part::Tune => "tune",
            Part::Measure => "measure",
            Part::All => "all",
        }
    }

    /// The part, tune or measure, the receipt with this file stem is in.
    pub fn of(stem: &str) -> Part {
        if Part::Tune.holds(stem) {
            Part::Tune
        } else {
            Part::Measure
        }
    }

    /// Whether the receipt with this file stem belongs to the part.
    pub fn holds(self, stem: &str) -> bool {
        let tune = dev_split::is_tune(stem);
        match self {
            Part::Tune => tune,
            Part::Measure => !tune,
            Part::All => true,
        }
    }
}

/// The `box/*.csv` files of a set whose stems are in `part`, sorted.
pub fn box_files(dir: &Path, part: Part) -> Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir.join("box"))
        .with_context(|| format!("cannot list {}", dir.join("box").display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "csv"))
        .filter(|p| {
            p.file_stem()
                .and_then(|s| s.to_str())
                .is_some_and(|s| part.holds(s))
        })
        .collect();
    files.sort();
    if files.is_empty() {
        bail!("no box/*.csv under {}", dir.display());
    }
    Ok(files)
}

pub fn stem(path: &Path) -> Result<String> {
    Ok(path
        .file_stem()
        .and_then(|s| s.to_str())
        .context("odd file name")?
        .to_string())
}

pub fn read_labels(path: &Path) -> Result<Vec<Label>> {
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

pub fn read_boxes(path: &Path) -> Result<Vec<Box_>> {
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
pub fn page_text(boxes: &[Box_]) -> (String, Vec<(usize, std::ops::Range<usize>)>) {
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
