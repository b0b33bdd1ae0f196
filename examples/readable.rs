//! What OCR can read at all in photographed receipts, before any field
//! is extracted: the share of receipts whose exact total (`12.34`, or
//! `12,34`) appears in the text panel's own preparation and OCR make of
//! them, with the default config's OCR settings.
//!
//! `cargo run --release --example readable -- DIR [--part tune|measure|all] [--limit N] [--jobs N] [--bare] [--misses]`
//!
//! DIR is `photos-dev`-shaped (`img/NNN.jpg` and `truth.tsv` with the
//! total in its fourth column), SROIE-shaped (`img/NNN.jpg`, `key/NNN.json`
//! with `total`) or a folder of scans named `MERCHANT_DDMMYYYY_..._CENTS.jpg`
//! (what `examples/phone_photos.rs` writes). A receipt is in the *tune*
//! part when the first byte of SHA-256 of its file stem is even, else in
//! *measure*; both are reported unless `--part` picks one. `--bare` reads
//! each picture with bare `tesseract FILE stdout` instead, for comparison.
//! `--limit N` reads only the first N receipts (smoke: `--limit 2`).

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result, bail};
use panel::config::Config;
use panel::extract;
use panel::intake;

#[path = "dev_sets/mod.rs"]
mod dev_sets;
use dev_sets::Part;

struct Case {
    image: PathBuf,
    id: String,
    /// The total as printed with a decimal point, e.g. `12.34`.
    total: String,
    tune: bool,
}

#[derive(Default)]
struct Tally {
    read: usize,
    first: usize,
    count: usize,
}

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let (mut dir, mut part, mut limit) = (None, "all".to_string(), usize::MAX);
    let (mut bare, mut show_misses) = (false, false);
    let mut jobs = panel::parallel::cores();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--part" => part = args.next().context("--part tune|measure|all")?,
            "--limit" => limit = args.next().context("--limit N")?.parse()?,
            "--jobs" => jobs = args.next().context("--jobs N")?.parse()?,
            "--bare" => bare = true,
            "--misses" => show_misses = true,
            _ if dir.is_none() => dir = Some(PathBuf::from(arg)),
            other => bail!("unexpected argument {other:?}"),
        }
    }
    let dir = dir.context("usage: readable DIR [--part tune|measure|all] [--limit N] [--bare]")?;
    if !["tune", "measure", "all"].contains(&part.as_str()) {
        bail!("--part is tune, measure or all, not {part:?}");
    }
    let mut cases = cases(&dir)?;
    cases.retain(|c| part == "all" || c.tune == (part == "tune"));
    cases.truncate(limit);

    let config = Config::default();
    let settings = config.extract_settings(chrono::Local::now().date_naive());
    let options = intake::Options {
        second_pass: Some(extract::second_pass_when_unsure(settings.clone())),
        line_rereads: Some(extract::line_rereads(settings)),
        ..config.read_options(config.ocr.languages.clone())
    };
    eprintln!(
        "{} receipts in {}, {} OCR, {jobs} at a time",
        cases.len(),
        dir.display(),
        if bare { "bare" } else { "panel's" }
    );
    let started = Instant::now();
    let (mut tune, mut measure) = (Tally::default(), Tally::default());
    let mut passes = 0;
    let dump = std::env::var_os("READABLE_DUMP").map(PathBuf::from);
    panel::parallel::in_order_runs(
        &cases,
        jobs,
        if bare { 1 } else { intake::READ_TOGETHER },
        |_, run| {
            if bare {
                return run
                    .iter()
                    .map(|c| bare_text(&c.image).map(|t| vec![t]))
                    .collect();
            }
            let paths: Vec<&Path> = run.iter().map(|c| c.image.as_path()).collect();
            intake::read_all(&paths, &options)
                .into_iter()
                .map(|document| match document?.body {
                    intake::Body::Picture(p) => {
                        Ok(p.readings.into_iter().map(|r| r.text).collect())
                    }
                    _ => Ok(Vec::new()),
                })
                .collect::<Vec<Result<Vec<String>>>>()
        },
        |i, texts| {
            let case = &cases[i];
            let tally = if case.tune { &mut tune } else { &mut measure };
            tally.count += 1;
            let texts = match texts {
                Ok(texts) => texts,
                Err(e) => {
                    println!("{}  failed: {e:#}", case.id);
                    return Ok::<(), ()>(());
                }
            };
            if let Some(dump) = &dump {
                let _ = std::fs::write(
                    dump.join(format!("{}.txt", case.id)),
                    texts.join("\n=====\n"),
                );
            }
            passes += texts.len();
            let first = texts.first().is_some_and(|t| holds(t, &case.total));
            let any = texts.iter().any(|t| holds(t, &case.total));
            tally.first += usize::from(first);
            tally.read += usize::from(any);
            if show_misses && !any {
                println!("{}  {} not in the text", case.id, case.total);
            }
            Ok(())
        },
    )
    .ok();
    let pct = |k: usize, n: usize| 100.0 * k as f64 / n.max(1) as f64;
    for (name, t) in [("tune", &tune), ("measure", &measure)] {
        if t.count > 0 {
            println!(
                "{name:<8} total readable {:>3}/{:<3} = {:5.1}%  (first pass alone {:5.1}%)",
                t.read,
                t.count,
                pct(t.read, t.count),
                pct(t.first, t.count)
            );
        }
    }
    let n = tune.count + measure.count;
    println!(
        "all      total readable {:>3}/{:<3} = {:5.1}%\n{n} receipts, {passes} OCR passes ({:.2} a receipt), {:.1} s",
        tune.read + measure.read,
        n,
        pct(tune.read + measure.read, n),
        passes as f64 / n.max(1) as f64,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Whether `text` holds `total` (`12.34`) with a point or a comma, not as
/// part of a longer number.
fn holds(text: &str, total: &str) -> bool {
    let comma = total.replace('.', ",");
    [total, comma.as_str()].iter().any(|needle| {
        text.match_indices(needle).any(|(at, _)| {
            let before = text[..at].chars().next_back();
            let after = text[at + needle.len()..].chars().next();
            !before.is_some_and(|c| c.is_ascii_digit())
                && !after.is_some_and(|c| c.is_ascii_digit())
        })
    })
}

fn bare_text(image: &Path) -> Result<String> {
    let out = std::process::Command::new("tesseract")
        .arg(image)
        .arg("stdout")
        .env("OMP_THREAD_LIMIT", "1")
        .output()
        .context("cannot run tesseract")?;
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The receipts of DIR with an annotated total, in file order.
fn cases(dir: &Path) -> Result<Vec<Case>> {
    let cases: Vec<Case> = dev_sets::load(dir)?
        .into_iter()
        .filter_map(|case| {
            let minor = case.total_minor?;
            Some(Case {
                tune: Part::of(&case) == Part::Tune,
                total: format!("{}.{:02}", minor / 100, minor % 100),
                id: case.id,
                image: case.image,
            })
        })
        .collect();
    if cases.is_empty() {
        bail!("no receipts with a total found in {}", dir.display());
    }
    Ok(cases)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_total_counts_only_as_a_whole_number() {
        assert!(holds("TOTAL $12.34\n", "12.34"));
        assert!(holds("Summe 12,34 EUR", "12.34"));
        assert!(!holds("TOTAL 112.34", "12.34"));
        assert!(!holds("TOTAL 12.345", "12.34"));
    }
}
