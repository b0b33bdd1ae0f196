//! Four `panel submit` processes writing into one store at once, the store
//! not existing yet (so they also race to create it and switch it to WAL):
//! every receipt lands exactly once, nobody sees "database is locked", and
//! the monthly quota is applied exactly once across them.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use serde_json::Value;

use crate::support::{NOW, Panel, text_receipt};

const PROCESSES: usize = 4;
const PER_PROCESS: usize = 25;
/// Separate fresh stores raced in turn: the first-open race is short, so one
/// round alone would rarely hit it.
const ROUNDS: usize = 5;

/// `panel submit --json FILES` with the same environment as `Panel::cmd`.
fn spawn_submit(home: &Path, files: &[PathBuf]) -> Child {
    Command::new(assert_cmd::cargo::cargo_bin("panel"))
        .env_clear()
        .env("PANEL_HOME", home)
        .env("PANEL_NOW", NOW)
        .env("TZ", "UTC")
        .env("COLUMNS", "120")
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .arg("submit")
        .arg("--json")
        .args(files)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("panel starts")
}

fn merchant(round: usize, process: usize, n: usize) -> String {
    format!("Race Shop R{round} P{process} N{n:02}")
}

fn race(panel: &Panel, round: usize) {
    let home = panel.home().join(format!("store-{round}"));
    assert!(!home.exists());
    let batches: Vec<Vec<PathBuf>> = (0..PROCESSES)
        .map(|p| {
            (0..PER_PROCESS)
                .map(|n| {
                    let date = format!("2026-03-{:02}", 1 + (p * PER_PROCESS + n) % 19);
                    let total = format!("{}.{:02}", 10 + p, n);
                    panel.file(
                        &format!("r{round}-p{p}-n{n}.txt"),
                        text_receipt(&merchant(round, p, n), &date, &total),
                    )
                })
                .collect()
        })
        .collect();

    let children: Vec<Child> = batches.iter().map(|b| spawn_submit(&home, b)).collect();
    let mut reported = BTreeSet::new();
    for (p, child) in children.into_iter().enumerate() {
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        let lower = stderr.to_lowercase();
        assert!(
            !lower.contains("locked") && !lower.contains("busy"),
            "round {round}, process {p}: {stderr}"
        );
        assert_eq!(
            out.status.code(),
            Some(0),
            "round {round}, process {p}: {stderr}"
        );
        let reports: Value = serde_json::from_slice(&out.stdout).expect("JSON");
        let reports = reports.as_array().unwrap();
        assert_eq!(reports.len(), PER_PROCESS);
        for (n, report) in reports.iter().enumerate() {
            assert_eq!(report["ok"], true, "{report}");
            assert_eq!(report["merchant"], *merchant(round, p, n), "{report}");
            let id = report["id"].as_str().expect("an id").to_string();
            assert!(reported.insert(id), "an id was given twice: {report}");
        }
    }

    let out = panel
        .cmd(["list", "--json"])
        .env("PANEL_HOME", &home)
        .output()
        .unwrap();
    assert!(out.status.success());
    let list: Value = serde_json::from_slice(&out.stdout).unwrap();
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), PROCESSES * PER_PROCESS, "round {round}");
    let listed: BTreeSet<String> = list
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(listed, reported, "round {round}: listed ids differ");
    let merchants: BTreeSet<&str> = list
        .iter()
        .map(|r| r["merchant"].as_str().unwrap())
        .collect();
    assert_eq!(merchants.len(), PROCESSES * PER_PROCESS);

    // 100 receipts in one month: the quota (10) is counted once, not once
    // per process.
    let counted = list.iter().filter(|r| r["state"] == "counted").count();
    let extra = list.iter().filter(|r| r["state"] == "extra").count();
    assert_eq!((counted, extra), (10, 90), "round {round}");
    let out = panel
        .cmd(["status", "--month", "2026-03", "--json"])
        .env("PANEL_HOME", &home)
        .output()
        .unwrap();
    assert!(out.status.success());
    let status: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(status["counted"], 10, "{status}");
    assert_eq!(status["remaining"], 0, "{status}");
}

#[test]
fn four_processes_submit_into_one_new_store_at_once() {
    let panel = Panel::new();
    for round in 0..ROUNDS {
        race(&panel, round);
    }
}
