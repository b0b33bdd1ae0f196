//! What a reader takes from the picture panel shares: on a few labelled
//! scans (a card, a loyalty number, names printed twice, an e-mail,
//! phones), Tesseract reads the shared picture and finds none of the
//! labelled personal values, and still finds the total and the date.
//! The full figure over every labelled receipt comes from the
//! `privacy_e2e` example (`scripts/bench-privacy`).

use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::support::{Panel, shared_data, tesseract};

#[path = "../../examples/privacy_e2e/values.rs"]
#[allow(dead_code)]
mod values;

use values::{Needle, Page, fold, needles, total_pattern};

/// Receipts of the part the rules were tuned on, with every kind between
/// them; small enough to keep the suite quick.
const SAMPLE: [&str; 3] = ["325", "396", "434"];

fn read(picture: &Path, psm: &str) -> String {
    let out = Command::new("tesseract")
        .arg(picture)
        .args(["-", "--psm", psm])
        .env("OMP_THREAD_LIMIT", "1")
        .output()
        .unwrap();
    assert!(out.status.success(), "tesseract on {}", picture.display());
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn labelled_values_cannot_be_read_in_what_is_shared() {
    let (Some(data), true) = (shared_data(), tesseract()) else {
        return;
    };
    let dir = data.join("receipts/sroie-dev");
    let labels = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/privacy/sroie-labels.tsv"),
    )
    .unwrap();
    let p = Panel::new();
    let mut readable = Vec::new();
    let mut looked_for = 0;
    std::thread::scope(|scope| {
        let runs: Vec<_> = SAMPLE
            .iter()
            .map(|stem| {
                let (p, dir, labels) = (&p, &dir, &labels);
                scope.spawn(move || leaks(p, dir, labels, stem))
            })
            .collect();
        for run in runs {
            let (n, found) = run.join().unwrap();
            looked_for += n;
            readable.extend(found);
        }
    });
    assert!(
        looked_for >= 8,
        "{looked_for} labelled values in the sample"
    );
    assert!(
        readable.is_empty(),
        "readable in the shared picture: {readable:?}"
    );
}

/// How many labelled values receipt `stem` has, and what of it can be read
/// in its shared picture: each value still readable, and a total or date
/// that is not.
fn leaks(p: &Panel, dir: &Path, labels: &str, stem: &str) -> (usize, Vec<String>) {
    let key: Value =
        serde_json::from_slice(&std::fs::read(dir.join(format!("key/{stem}.json"))).unwrap())
            .unwrap();
    let field = |name: &str| key[name].as_str().unwrap().to_string();
    let total: String = field("total")
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    let image = dir.join(format!("img/{stem}.jpg"));
    let merchant = field("company");
    let out = p
        .cmd(["submit", "--json", "--dry-run", "--date", "2026-03-19"])
        .args(["--merchant", &merchant, "--total", &total])
        .arg(&image)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let reports: Value = serde_json::from_slice(&out.stdout).unwrap();
    let preview = Path::new(reports[0]["preview"].as_str().expect("a preview")).to_path_buf();
    let texts: Vec<String> = ["3", "4"].map(|psm| read(&preview, psm)).into();
    let pages: Vec<Page> = texts.iter().map(|t| Page::new(t)).collect();
    let shows = |needle: &Needle| pages.iter().any(|page| page.shows(needle));

    let lines: Vec<String> = std::fs::read_to_string(dir.join(format!("box/{stem}.csv")))
        .unwrap()
        .lines()
        .map(|l| l.splitn(9, ',').nth(8).unwrap_or_default().to_string())
        .collect();
    let mut found = Vec::new();
    let mut looked_for = 0;
    for label in labels
        .lines()
        .filter(|l| l.starts_with(&format!("{stem}\t")))
    {
        let cols: Vec<&str> = label.split('\t').collect();
        let line: usize = cols[1].parse().unwrap();
        let kind = cols[2].parse().unwrap();
        for needle in needles(kind, &lines[line - 1]) {
            looked_for += 1;
            if shows(&needle) {
                found.push(format!("{stem} line {line} {kind}"));
            }
        }
    }
    let total = total_pattern(&total).unwrap();
    if !texts.iter().any(|t| total.is_match(&t.to_uppercase())) {
        found.push(format!("{stem}: the total is not readable"));
    }
    if !shows(&Needle::Folded(fold(&field("date")))) {
        found.push(format!("{stem}: the date is not readable"));
    }
    (looked_for, found)
}
