//! What leaves, not what is detected: labelled personal values that a
//! reader can still read in the picture panel shares, on scanned receipts.
//!
//! ```text
//! scripts/bench-privacy [--part tune|measure|all] [--limit N] [--list]
//! cargo run --example privacy_e2e -- [DIR] [--panel BIN] [--labels FILE]
//!     [--part tune|measure|all] [--limit N] [--jobs N] [--cache DIR] [--list]
//! ```
//!
//! For each receipt of `DIR` (`../shared/data/receipts/sroie-dev`):
//! 1. Tesseract reads the original (psm 3 and 4): which labelled values
//!    (`tests/fixtures/privacy/sroie-labels.tsv`) and which of the total
//!    and date are readable at all. Cached under `--cache` by its SHA-256.
//! 2. `panel submit --dry-run` plans it with the default configuration and
//!    the field flags (merchant, date, total), as a newcomer would: the
//!    preview it writes is the exact picture that would be shared.
//! 3. Tesseract reads that picture (psm 3 and 4; cached by its SHA-256) and
//!    counts the values still readable, and the totals, dates and merchant
//!    names kept: painting must not hide what the panel pays for.
//!
//! A folder shaped like `photos-dev` (`img/` and `truth.tsv`, no personal
//! labels) gives only the second half: of the totals and dates readable on
//! the photo, how many are still readable in the flattened picture panel
//! shares. A date counts as readable where one of the usual ways of
//! printing it (`12/29/2017`, `29.12.17`, `Dec 29, 2017`, …) is.
//!
//! A receipt is in the *tune* part when the first byte of the SHA-256 of
//! its file stem (`017`) is even, else in the *measure* part: rules are
//! tuned on the misses of the first and judged on the second. Only counts
//! are printed; `--list` adds the receipt, line and kind of each value
//! still readable, never the value.

#[path = "../sroie_pages/mod.rs"]
mod sroie_pages;
mod values;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

use anyhow::{Context, Result, bail};
use panel::privacy::Kind;
use sha2::{Digest, Sha256};
use sroie_pages::Part;

use values::{Needle, Page, fold, needles, total_pattern};

/// The kinds the figures are given for, in the order printed.
const KINDS: [Kind; 6] = [
    Kind::Name,
    Kind::Email,
    Kind::Phone,
    Kind::Loyalty,
    Kind::Card,
    Kind::Address,
];

struct Args {
    dir: PathBuf,
    panel: PathBuf,
    labels: PathBuf,
    part: Part,
    limit: usize,
    jobs: usize,
    cache: PathBuf,
    list: bool,
}

/// One labelled value of a receipt.
struct Value {
    line: usize,
    kind: Kind,
    needle: Needle,
}

struct Receipt {
    stem: String,
    image: PathBuf,
    merchant: String,
    total: String,
    /// The ways the date may be printed.
    dates: Vec<Needle>,
    values: Vec<Value>,
}

/// What one receipt gave: per value, (readable on the original, still
/// readable on the shared picture); the same for the total and the date.
#[derive(Default)]
struct Outcome {
    values: Vec<(usize, Kind, bool, bool)>,
    kept: Vec<(&'static str, bool, bool)>,
    refused: Option<String>,
}

fn main() -> Result<()> {
    let args = parse_args()?;
    let receipts = receipts(&args)?;
    if receipts.is_empty() {
        bail!(
            "no receipt in part {} under {}",
            args.part.name(),
            args.dir.display()
        );
    }
    std::fs::create_dir_all(&args.cache)
        .with_context(|| format!("cannot create the cache {}", args.cache.display()))?;
    eprintln!(
        "{} receipts ({} tune, {} measure), {} jobs",
        receipts.len(),
        receipts
            .iter()
            .filter(|r| Part::Tune.holds(&r.stem))
            .count(),
        receipts
            .iter()
            .filter(|r| Part::Measure.holds(&r.stem))
            .count(),
        args.jobs
    );
    let queue = Mutex::new(receipts.iter());
    let results: Mutex<Vec<(&Receipt, Outcome)>> = Mutex::new(Vec::new());
    let failure: Mutex<Option<anyhow::Error>> = Mutex::new(None);
    std::thread::scope(|scope| {
        for _ in 0..args.jobs {
            scope.spawn(|| {
                loop {
                    let Some(receipt) = queue.lock().unwrap().next() else {
                        break;
                    };
                    match run(&args, receipt) {
                        Ok(outcome) => results.lock().unwrap().push((receipt, outcome)),
                        Err(e) => {
                            *failure.lock().unwrap() = Some(e);
                            break;
                        }
                    }
                }
            });
        }
    });
    if let Some(e) = failure.into_inner().unwrap() {
        return Err(e);
    }
    let mut results = results.into_inner().unwrap();
    results.sort_by(|a, b| a.0.stem.cmp(&b.0.stem));
    for part in [Part::Tune, Part::Measure, Part::All] {
        let receipts: Vec<&(&Receipt, Outcome)> = results
            .iter()
            .filter(|(r, _)| part.holds(&r.stem))
            .collect();
        if !receipts.is_empty() && (part == Part::All || [Part::All, part].contains(&args.part)) {
            print_part(part.name(), &receipts);
        }
    }
    if args.list {
        for (receipt, outcome) in &results {
            let part = Part::of(&receipt.stem).name();
            for (line, kind, before, after) in &outcome.values {
                if *before && *after {
                    println!("readable  {part:<7} {} line {line} {kind}", receipt.stem);
                }
            }
            for (field, before, after) in &outcome.kept {
                if *before && !*after {
                    println!("hidden    {part:<7} {} {field}", receipt.stem);
                }
            }
            if let Some(reason) = &outcome.refused {
                println!("refused   {part:<7} {} {reason}", receipt.stem);
            }
        }
    }
    Ok(())
}

fn print_part(name: &str, part: &[&(&Receipt, Outcome)]) {
    println!("\n== {name}: {} receipts", part.len());
    let mut sums = (0, 0);
    let row = |label: &str, readable: usize, still: usize| {
        let rate = match readable {
            0 => "-".to_string(),
            n => format!("{:.1}%", 100.0 * still as f64 / n as f64),
        };
        println!("{label:<10} {readable:>9} {still:>9} {rate:>8}");
    };
    if part.iter().any(|(r, _)| !r.values.is_empty()) {
        println!(
            "{:<10} {:>9} {:>9} {:>8}",
            "kind", "readable", "still", "rate"
        );
        for kind in KINDS {
            let (readable, still) = count(part, |(_, k, before, after)| {
                (*k == kind).then_some((*before, *after))
            });
            sums = (sums.0 + readable, sums.1 + still);
            row(kind.as_str(), readable, still);
        }
        row("personal", sums.0, sums.1);
    }
    println!(
        "{:<10} {:>9} {:>9} {:>8}",
        "field", "readable", "kept", "rate"
    );
    for field in ["total", "date", "merchant"] {
        let (readable, kept) = part
            .iter()
            .flat_map(|(_, o)| &o.kept)
            .filter(|(f, before, _)| *f == field && *before)
            .fold((0, 0), |(r, k), (_, _, after)| {
                (r + 1, k + usize::from(*after))
            });
        row(field, readable, kept);
    }
    let refused = part.iter().filter(|(_, o)| o.refused.is_some()).count();
    println!("refused    {refused:>9}");
}

fn count(
    part: &[&(&Receipt, Outcome)],
    pick: impl Fn(&(usize, Kind, bool, bool)) -> Option<(bool, bool)>,
) -> (usize, usize) {
    part.iter()
        .flat_map(|(_, o)| o.values.iter().filter_map(&pick))
        .filter(|(before, _)| *before)
        .fold((0, 0), |(r, s), (_, after)| (r + 1, s + usize::from(after)))
}

/// Reads the original, plans the receipt with panel, reads what it shares.
fn run(args: &Args, receipt: &Receipt) -> Result<Outcome> {
    let digest = hex(&Sha256::digest(std::fs::read(&receipt.image)?));
    let original = read_cached(&args.cache, &receipt.image, &format!("orig-{digest}"))?;
    let mut outcome = Outcome::default();
    let shared = match plan(args, receipt)? {
        Ok(preview) => {
            let digest = hex(&Sha256::digest(std::fs::read(&preview)?));
            let text = read_cached(&args.cache, &preview, &format!("shared-{digest}"))?;
            // Which shared picture the receipt gave last, to look at by hand.
            std::fs::write(args.cache.join(format!("last-{}", receipt.stem)), &digest)?;
            std::fs::remove_file(&preview).ok();
            Some(text)
        }
        Err(reason) => {
            outcome.refused = Some(reason);
            None
        }
    };
    let original_pages = original.iter().map(|t| Page::new(t)).collect::<Vec<_>>();
    let shared_pages = shared
        .iter()
        .flatten()
        .map(|t| Page::new(t))
        .collect::<Vec<_>>();
    let shows = |pages: &[Page], needle: &Needle| pages.iter().any(|p| p.shows(needle));
    for value in &receipt.values {
        outcome.values.push((
            value.line,
            value.kind,
            shows(&original_pages, &value.needle),
            shows(&shared_pages, &value.needle),
        ));
    }
    if let Some(total) = total_pattern(&receipt.total) {
        let found = |texts: &[String]| texts.iter().any(|t| total.is_match(&t.to_uppercase()));
        let after = shared.as_deref().is_some_and(found);
        outcome.kept.push(("total", found(&original), after));
    }
    let shows_date = |pages: &[Page]| receipt.dates.iter().any(|d| shows(pages, d));
    if !receipt.dates.is_empty() {
        outcome.kept.push((
            "date",
            shows_date(&original_pages),
            shows_date(&shared_pages),
        ));
    }
    // The merchant as the key prints it, letters and digits run together:
    // readable only where OCR got every one of them, so fewer receipts.
    let merchant = Needle::Folded(fold(&receipt.merchant));
    outcome.kept.push((
        "merchant",
        shows(&original_pages, &merchant),
        shows(&shared_pages, &merchant),
    ));
    Ok(outcome)
}

/// `panel submit --dry-run` on one receipt in a fresh home: the preview's
/// path, or why the receipt was refused.
fn plan(args: &Args, receipt: &Receipt) -> Result<Result<PathBuf, String>> {
    let home = tempfile::tempdir()?;
    let out = Command::new(&args.panel)
        .env_clear()
        .env("PANEL_HOME", home.path())
        .env("PANEL_NOW", "2026-03-20T10:00:00Z")
        .env("TMPDIR", &args.cache)
        .env("TZ", "UTC")
        .env("OMP_THREAD_LIMIT", "1")
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .args(["submit", "--dry-run", "--date", "2026-03-19"])
        .args(["--merchant", &receipt.merchant, "--total", &receipt.total])
        .arg(&receipt.image)
        .output()
        .with_context(|| format!("cannot run {}; build it first", args.panel.display()))?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    let preview = stdout
        .lines()
        .find_map(|l| l.trim().strip_prefix("preview:"))
        .map(|p| PathBuf::from(p.trim()));
    Ok(preview.ok_or_else(|| {
        let err = String::from_utf8_lossy(&out.stderr);
        err.lines().last().unwrap_or("no preview").to_string()
    }))
}

/// Tesseract's text of `image` at psm 3 and 4, from the cache when there.
fn read_cached(cache: &Path, image: &Path, key: &str) -> Result<Vec<String>> {
    let mut texts = Vec::new();
    for psm in ["3", "4"] {
        let cached = cache.join(format!("{key}.psm{psm}.txt"));
        if let Ok(text) = std::fs::read_to_string(&cached) {
            texts.push(text);
            continue;
        }
        let out = Command::new("tesseract")
            .arg(image)
            .args(["-", "--psm", psm])
            .env("OMP_THREAD_LIMIT", "1")
            .output()
            .context("cannot run tesseract; is it installed?")?;
        if !out.status.success() {
            bail!("tesseract failed on {}", image.display());
        }
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        std::fs::write(&cached, &text)?;
        texts.push(text);
    }
    Ok(texts)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The receipts of the chosen part, each with its key fields and values.
fn receipts(args: &Args) -> Result<Vec<Receipt>> {
    if args.dir.join("truth.tsv").is_file() {
        return photos(args);
    }
    let labels = std::fs::read_to_string(&args.labels)
        .with_context(|| format!("cannot read labels {}", args.labels.display()))?;
    let mut by_file: BTreeMap<String, Vec<(usize, Kind)>> = BTreeMap::new();
    for line in labels.lines().filter(|l| !l.starts_with('#')).skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        let (Some(file), Some(n), Some(kind)) = (cols.first(), cols.get(1), cols.get(2)) else {
            continue;
        };
        let kind: Kind = kind.parse()?;
        by_file
            .entry(file.to_string())
            .or_default()
            .push((n.parse()?, kind));
    }
    let mut stems: Vec<String> = std::fs::read_dir(args.dir.join("img"))
        .with_context(|| format!("cannot list {}", args.dir.join("img").display()))?
        .filter_map(|e| e.ok())
        .filter_map(|e| Some(e.path().file_stem()?.to_str()?.to_string()))
        .collect();
    stems.sort();
    let mut out = Vec::new();
    for stem in stems {
        if !args.part.holds(&stem) {
            continue;
        }
        if out.len() >= args.limit {
            break;
        }
        let key: serde_json::Value = serde_json::from_slice(&std::fs::read(
            args.dir.join("key").join(format!("{stem}.json")),
        )?)?;
        let field = |name: &str| key[name].as_str().unwrap_or_default().to_string();
        let boxes = std::fs::read_to_string(args.dir.join("box").join(format!("{stem}.csv")))?;
        let lines: Vec<&str> = boxes.lines().collect();
        let mut values = Vec::new();
        for (n, kind) in by_file.get(&stem).into_iter().flatten() {
            if !KINDS.contains(kind) {
                continue;
            }
            let text = lines
                .get(n - 1)
                .and_then(|l| l.splitn(9, ',').nth(8))
                .with_context(|| format!("{stem}: no box line {n}"))?;
            for needle in needles(*kind, text) {
                values.push(Value {
                    line: *n,
                    kind: *kind,
                    needle,
                });
            }
        }
        let total: String = field("total")
            .chars()
            .filter(|c| c.is_ascii_digit() || *c == '.')
            .collect();
        out.push(Receipt {
            image: args.dir.join("img").join(format!("{stem}.jpg")),
            merchant: field("company"),
            total,
            dates: vec![Needle::Folded(fold(&field("date")))],
            values,
            stem,
        });
    }
    Ok(out)
}

/// The photos of a `photos-dev`-shaped folder with their annotated fields;
/// no personal values are labelled on them.
fn photos(args: &Args) -> Result<Vec<Receipt>> {
    let path = args.dir.join("truth.tsv");
    let truth = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read {}", path.display()))?;
    let mut lines = truth.lines();
    let header: Vec<&str> = lines.next().unwrap_or_default().split('\t').collect();
    let column = |name: &str| {
        header
            .iter()
            .position(|h| *h == name)
            .with_context(|| format!("{}: no column {name}", path.display()))
    };
    let (id, merchant, date, total) = (
        column("id")?,
        column("merchant")?,
        column("date")?,
        column("total")?,
    );
    let mut out = Vec::new();
    for line in lines {
        let cols: Vec<&str> = line.split('\t').collect();
        let cell = |i: usize| cols.get(i).copied().unwrap_or_default().to_string();
        let stem = cell(id);
        let image = args.dir.join("img").join(format!("{stem}.jpg"));
        if !args.part.holds(&stem) {
            continue;
        }
        // A receipt is planned with its fields given, so each is needed.
        if cell(total).is_empty() || cell(merchant).is_empty() || !image.is_file() {
            continue;
        }
        if out.len() >= args.limit {
            break;
        }
        out.push(Receipt {
            image,
            merchant: cell(merchant),
            total: cell(total),
            dates: printed_dates(&cell(date)),
            values: Vec::new(),
            stem,
        });
    }
    Ok(out)
}

/// The usual ways of printing an ISO date, folded, those of six characters
/// or more (shorter ones turn up inside other numbers).
fn printed_dates(iso: &str) -> Vec<Needle> {
    let Ok(date) = chrono::NaiveDate::parse_from_str(iso, "%Y-%m-%d") else {
        return Vec::new();
    };
    let mut forms = Vec::new();
    for (d, m) in [("%d", "%m"), ("%-d", "%-m")] {
        for y in ["%Y", "%y"] {
            forms.push(format!("{m}{d}{y}"));
            forms.push(format!("{d}{m}{y}"));
        }
    }
    forms.extend(["%Y%m%d", "%b%-d%Y", "%-d%b%Y", "%b%-d%y", "%-d%b%y"].map(String::from));
    let mut out: Vec<Needle> = Vec::new();
    for form in forms {
        let needle = Needle::Folded(fold(&date.format(&form).to_string()));
        if matches!(&needle, Needle::Folded(n) if n.len() >= 6) && !out.contains(&needle) {
            out.push(needle);
        }
    }
    out
}

fn parse_args() -> Result<Args> {
    let exe = std::env::current_exe()?;
    let mut args = Args {
        dir: PathBuf::from("../shared/data/receipts/sroie-dev"),
        panel: exe
            .parent()
            .and_then(Path::parent)
            .map(|d| d.join("panel"))
            .unwrap_or_else(|| PathBuf::from("panel")),
        labels: PathBuf::from("tests/fixtures/privacy/sroie-labels.tsv"),
        part: Part::All,
        limit: usize::MAX,
        jobs: 2,
        cache: PathBuf::from(
            std::env::var_os("CARGO_TARGET_DIR").unwrap_or_else(|| "target".into()),
        )
        .join("privacy-cache"),
        list: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut value = |name: &str| it.next().with_context(|| format!("{name} needs a value"));
        match arg.as_str() {
            "--panel" => args.panel = value("--panel")?.into(),
            "--labels" => args.labels = value("--labels")?.into(),
            "--part" => args.part = Part::parse(&value("--part")?)?,
            "--limit" => args.limit = value("--limit")?.parse()?,
            "--jobs" => args.jobs = value("--jobs")?.parse()?,
            "--cache" => args.cache = value("--cache")?.into(),
            "--list" => args.list = true,
            "-h" | "--help" => {
                println!(
                    "usage: privacy_e2e [DIR] [--panel BIN] [--labels FILE] \
                     [--part tune|measure|all] [--limit N] [--jobs N] [--cache DIR] [--list]"
                );
                std::process::exit(0);
            }
            other if !other.starts_with('-') => args.dir = other.into(),
            other => bail!("unexpected argument {other:?}"),
        }
    }
    Ok(args)
}
