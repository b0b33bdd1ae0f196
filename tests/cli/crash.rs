//! Crash safety: `panel submit` of a batch and `panel delete` of several
//! receipts are killed with SIGKILL at pseudo-random moments, 50 times, on
//! one store. After each kill the store opens, SQLite's integrity and
//! foreign key checks pass, its files stay private, and every receipt
//! the killed command touched is wholly present (row, fields and shared
//! content all match what was submitted) or wholly absent (submitting it
//! again records it, deleting it again is not needed). Nothing else changes.

use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsStr;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use serde_json::Value;

use crate::support::{NOW, Panel};

const ITERATIONS: u64 = 50;
const BATCH: u64 = 30;
const DELETE_AT_ONCE: u64 = 15;
const QUOTA: usize = 10;

/// splitmix64: a small deterministic generator, seeded per iteration.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// What a receipt must look like in the store once recorded.
#[derive(Debug, Clone)]
struct Expected {
    merchant: String,
    date: String,
    total_minor: i64,
    /// The text with its e-mail address redacted: what is shared.
    shared: String,
}

struct Receipt {
    file: PathBuf,
    expected: Expected,
}

fn batch(panel: &Panel, iteration: u64) -> Vec<Receipt> {
    (0..BATCH)
        .map(|k| {
            let merchant = format!("Crash Shop {iteration:02}-{k:02}");
            let date = format!("2026-03-{:02}", 1 + (iteration + k) % 19);
            let total_minor = (100 * (iteration + 1) + k) as i64;
            let email = format!("c{iteration}k{k}@example.com");
            let text = format!(
                "{merchant}\n1 Main Street\n{date}\nContact: {email}\nBread 1.00\nTOTAL {}.{:02}\n",
                total_minor / 100,
                total_minor % 100
            );
            Receipt {
                file: panel.file(&format!("crash-{iteration}-{k}.txt"), &text),
                expected: Expected {
                    merchant,
                    date,
                    total_minor,
                    shared: text.replace(&email, "[email]"),
                },
            }
        })
        .collect()
}

/// Runs `panel ARGS` as `Panel::cmd` would and kills it with SIGKILL after
/// `delay`.
fn run_and_kill(panel: &Panel, args: &[&OsStr], delay: Duration) {
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("panel"))
        .env_clear()
        .env("PANEL_HOME", panel.home())
        .env("PANEL_NOW", NOW)
        .env("TZ", "UTC")
        .env("COLUMNS", "120")
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("panel starts");
    std::thread::sleep(delay);
    // SIGKILL on Unix; an error only means it had already ended.
    let _ = child.kill();
    child.wait().unwrap();
}

/// `list --json` as a map from id to receipt, checking the quota invariant.
fn listed(panel: &Panel, context: &str) -> BTreeMap<String, Value> {
    let list = panel.list_json();
    let list = list.as_array().unwrap();
    let by_id: BTreeMap<String, Value> = list
        .iter()
        .map(|r| (r["id"].as_str().unwrap().to_string(), r.clone()))
        .collect();
    assert_eq!(by_id.len(), list.len(), "{context}: an id is listed twice");
    let counted = list.iter().filter(|r| r["state"] == "counted").count();
    assert_eq!(
        counted,
        list.len().min(QUOTA),
        "{context}: {counted} counted among {} receipts of one month",
        list.len()
    );
    // Status reads kept counts, not the rows: they must agree.
    let out = panel.cmd(["status", "--json", "--month"]).output().unwrap();
    assert!(out.status.success(), "{context}: status failed");
    let status: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(status["counted"], counted, "{context}: {status}");
    assert_eq!(status["extra"], list.len() - counted, "{context}: {status}");
    by_id
}

/// A listed receipt without its state, which a deletion may promote.
fn but_state(receipt: &Value) -> Value {
    let mut receipt = receipt.clone();
    receipt.as_object_mut().unwrap().remove("state");
    receipt
}

fn assert_private(home: &Path, context: &str) {
    let mode = std::fs::metadata(home).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o700, "{context}: the home has mode {mode:o}");
    for entry in std::fs::read_dir(home).unwrap() {
        let entry = entry.unwrap();
        let mode = entry.metadata().unwrap().permissions().mode() & 0o777;
        assert_eq!(
            mode,
            0o600,
            "{context}: {} has mode {mode:o}",
            entry.path().display()
        );
    }
}

/// SQLite's own checks of the store file.
fn assert_sound(home: &Path, context: &str) {
    let db = home.join("panel.db");
    if !db.exists() {
        return;
    }
    let conn = rusqlite::Connection::open(&db).unwrap();
    for pragma in ["PRAGMA integrity_check", "PRAGMA foreign_key_check"] {
        let mut stmt = conn.prepare(pragma).unwrap();
        let rows: Vec<String> = stmt
            .query_map([], |row| row.get::<_, rusqlite::types::Value>(0))
            .unwrap()
            .map(|v| format!("{:?}", v.unwrap()))
            .collect();
        let sound = match pragma {
            "PRAGMA integrity_check" => rows == ["Text(\"ok\")"],
            _ => rows.is_empty(),
        };
        assert!(sound, "{context}: {pragma} says {rows:?}");
    }
}

/// Receipt `id` is wholly present: its fields and its shared content are
/// those of the file submitted.
fn assert_whole(panel: &Panel, id: &str, expected: &Expected, context: &str) {
    let shared_file = panel.home().with_extension("files").join("shown.txt");
    let _ = std::fs::remove_file(&shared_file);
    let out = panel
        .cmd([
            OsStr::new("show"),
            OsStr::new(id),
            OsStr::new("--json"),
            OsStr::new("--shared-image"),
            shared_file.as_os_str(),
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{context}: show {id} ({}): {}",
        expected.merchant,
        String::from_utf8_lossy(&out.stderr)
    );
    let shown: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(shown["merchant"], *expected.merchant, "{context}: {shown}");
    assert_eq!(shown["purchase_date"], *expected.date, "{context}: {shown}");
    assert_eq!(
        shown["total_minor"], expected.total_minor,
        "{context}: {shown}"
    );
    assert_eq!(shown["currency"], "USD", "{context}: {shown}");
    assert_eq!(shown["source_kind"], "text", "{context}: {shown}");
    assert_eq!(shown["withheld"]["email"], 1, "{context}: {shown}");
    assert_eq!(
        shown["shared"]["size"],
        expected.shared.len(),
        "{context}: {shown}"
    );
    let content = std::fs::read_to_string(&shared_file).unwrap();
    std::fs::remove_file(&shared_file).unwrap();
    assert_eq!(
        content, expected.shared,
        "{context}: shared content of {id}"
    );
}

fn assert_absent(panel: &Panel, id: &str, context: &str) {
    let out = panel.cmd(["show", id, "--json"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{context}: show {id}: {stderr}");
    assert!(
        stderr.contains("no receipt"),
        "{context}: show {id}: {stderr}"
    );
}

/// The state of the store after a kill: it opens, it is sound, it is private.
fn after_kill(panel: &Panel, context: &str) -> BTreeMap<String, Value> {
    let now = listed(panel, context);
    assert_sound(panel.home(), context);
    assert_private(panel.home(), context);
    now
}

fn submit_iteration(
    panel: &Panel,
    iteration: u64,
    delay: Duration,
    known: &mut BTreeMap<String, Expected>,
) {
    let context = format!("iteration {iteration} (submit killed after {delay:?})");
    let receipts = batch(panel, iteration);
    let before = listed(panel, &context);
    let mut args = vec![OsStr::new("submit")];
    args.extend(receipts.iter().map(|r| r.file.as_os_str()));
    run_and_kill(panel, &args, delay);

    let after = after_kill(panel, &context);
    let by_merchant: BTreeMap<&str, &Expected> = receipts
        .iter()
        .map(|r| (r.expected.merchant.as_str(), &r.expected))
        .collect();
    let mut present = BTreeSet::new();
    for (id, receipt) in &after {
        if let Some(earlier) = before.get(id) {
            assert_eq!(
                but_state(earlier),
                but_state(receipt),
                "{context}: {id} changed"
            );
            continue;
        }
        let merchant = receipt["merchant"].as_str().unwrap();
        let expected = by_merchant
            .get(merchant)
            .unwrap_or_else(|| panic!("{context}: unexpected receipt {receipt}"));
        assert_whole(panel, id, expected, &context);
        assert!(
            present.insert(merchant.to_string()),
            "{context}: {merchant} twice"
        );
        known.insert(id.clone(), (*expected).clone());
    }
    assert!(
        before.keys().all(|id| after.contains_key(id)),
        "{context}: a receipt disappeared"
    );

    // The rest are wholly absent: submitting the batch again records
    // exactly them and refuses the others as duplicates.
    let mut args = vec![OsStr::new("submit"), OsStr::new("--json")];
    args.extend(receipts.iter().map(|r| r.file.as_os_str()));
    let out = panel.cmd(args).output().unwrap();
    let expected_code = if present.is_empty() { 0 } else { 4 };
    assert_eq!(
        out.status.code(),
        Some(expected_code),
        "{context}: resubmit: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let reports: Value = serde_json::from_slice(&out.stdout).unwrap();
    for (report, receipt) in reports.as_array().unwrap().iter().zip(&receipts) {
        let merchant = &receipt.expected.merchant;
        if present.contains(merchant) {
            assert_eq!(report["ok"], false, "{context}: {report}");
            let error = report["error"].as_str().unwrap();
            assert!(error.contains("duplicate"), "{context}: {report}");
        } else {
            assert_eq!(report["ok"], true, "{context}: {report}");
            let id = report["id"].as_str().unwrap();
            assert_whole(panel, id, &receipt.expected, &context);
            known.insert(id.to_string(), receipt.expected.clone());
        }
    }
    let done = listed(panel, &context);
    assert_eq!(done.len(), before.len() + receipts.len(), "{context}");
}

fn delete_iteration(
    panel: &Panel,
    iteration: u64,
    delay: Duration,
    rng: &mut Rng,
    known: &mut BTreeMap<String, Expected>,
) {
    let context = format!("iteration {iteration} (delete killed after {delay:?})");
    let before = listed(panel, &context);
    let mut pool: Vec<&String> = before.keys().collect();
    let mut targets = Vec::new();
    while targets.len() < DELETE_AT_ONCE as usize && !pool.is_empty() {
        let pick = rng.below(pool.len() as u64) as usize;
        targets.push(pool.swap_remove(pick).clone());
    }
    let mut args = vec![OsStr::new("delete"), OsStr::new("--yes")];
    args.extend(targets.iter().map(OsStr::new));
    run_and_kill(panel, &args, delay);

    let after = after_kill(panel, &context);
    assert!(
        after.keys().all(|id| before.contains_key(id)),
        "{context}: a receipt appeared"
    );
    for (id, earlier) in before.iter().filter(|(id, _)| !targets.contains(id)) {
        let now = after
            .get(id)
            .unwrap_or_else(|| panic!("{context}: {id} was not a target but went"));
        assert_eq!(
            but_state(earlier),
            but_state(now),
            "{context}: {id} changed"
        );
    }
    let mut remaining = Vec::new();
    for id in &targets {
        if after.contains_key(id) {
            assert_whole(panel, id, &known[id], &context);
            remaining.push(id.as_str());
        } else {
            assert_absent(panel, id, &context);
            known.remove(id);
        }
    }
    if !remaining.is_empty() {
        let mut args = vec!["delete", "--yes"];
        args.extend(&remaining);
        panel.cmd(args).assert().success();
        for id in remaining {
            assert_absent(panel, id, &context);
            known.remove(id);
        }
    }
    assert_eq!(
        listed(panel, &context).len(),
        before.len() - targets.len(),
        "{context}"
    );
}

#[test]
fn killed_submits_and_deletes_leave_whole_receipts() {
    let panel = Panel::new();
    let mut known: BTreeMap<String, Expected> = BTreeMap::new();
    for iteration in 0..ITERATIONS {
        let mut rng = Rng::new(iteration);
        let delay = Duration::from_micros(rng.below(50_001));
        if iteration % 2 == 0 {
            submit_iteration(&panel, iteration, delay, &mut known);
        } else {
            delete_iteration(&panel, iteration, delay, &mut rng, &mut known);
        }
    }
    let all = listed(&panel, "at the end");
    let ids: BTreeSet<&String> = all.keys().collect();
    assert_eq!(ids, known.keys().collect(), "at the end");
    for (id, expected) in &known {
        assert_whole(&panel, id, expected, "at the end");
    }
}
