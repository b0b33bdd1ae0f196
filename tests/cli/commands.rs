//! Every command and every refusal, end to end: human output pinned with
//! insta snapshots (receipt ids and temp paths redacted), `--json` parsed
//! back and checked field by field, and exit codes.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

use crate::support::{self, NOW, PNG_SIGNATURE, Panel, crc32, redact, text_receipt};

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

/// What one run of `panel` said and how it ended.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}):\n{}\nstderr:\n{}",
                self.stdout, self.stderr
            )
        })
    }

    fn ok(self) -> Run {
        assert_eq!(
            self.code, 0,
            "expected success\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }
}

/// The scratch folder `Panel::file` writes into; commands run there so that
/// file names in their output are bare names.
fn files_dir(p: &Panel) -> PathBuf {
    let dir = p.home().with_extension("files");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn exec(mut cmd: Command) -> Run {
    let out = cmd.output().expect("panel runs");
    Run {
        code: out.status.code().expect("panel exited, not killed"),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    }
}

fn run<I, S>(p: &Panel, args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    let mut cmd = p.cmd(args);
    cmd.current_dir(files_dir(p));
    exec(cmd)
}

/// Like [`run`], at another instant.
fn run_at<I, S>(p: &Panel, now: &str, args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    let mut cmd = p.cmd(args);
    cmd.current_dir(files_dir(p)).env("PANEL_NOW", now);
    exec(cmd)
}

/// A distinct, eligible text receipt (merchant `Shop n`, total `n.00`).
fn receipt(p: &Panel, n: u32) -> String {
    let name = format!("r{n}.txt");
    p.file(
        &name,
        text_receipt(&format!("Shop {n}"), "2026-03-10", &format!("{n}.00")),
    );
    name
}

/// `submit ARGS --json`: the exit code and the array of file reports.
fn submit_json(p: &Panel, args: &[&str]) -> (i32, Vec<Value>) {
    let mut all = vec!["submit", "--json"];
    all.extend_from_slice(args);
    let r = run(p, all);
    let reports = match r.json() {
        Value::Array(items) => items,
        other => panic!("submit --json printed {other}, not an array"),
    };
    (r.code, reports)
}

/// Submits one file that must be recorded; returns its id.
fn submit_ok(p: &Panel, args: &[&str]) -> String {
    let (code, reports) = submit_json(p, args);
    assert_eq!(code, 0, "{reports:#?}");
    assert_eq!(reports.len(), 1);
    reports[0]["id"].as_str().expect("an id").to_string()
}

fn ids(p: &Panel) -> Vec<String> {
    p.list_json()
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect()
}

/// Runs a command that must be refused with exit 1 and change nothing in
/// the store; returns its standard error.
fn refused<I, S>(p: &Panel, args: I) -> String
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    let before = p.list_json();
    let r = run(p, args);
    assert_eq!(
        r.code, 1,
        "expected exit 1\nstdout:\n{}\nstderr:\n{}",
        r.stdout, r.stderr
    );
    assert_eq!(p.list_json(), before, "a refused command changed the store");
    r.stderr
}

fn status_month_json(p: &Panel, month: Option<&str>) -> Value {
    let mut args = vec!["status", "--json", "--month"];
    args.extend(month);
    run(p, args).ok().json()
}

/// A `width`×`height` RGB picture with a fixed pattern, optionally carrying a
/// `tEXt` chunk.
fn png(width: u32, height: u32, text: Option<&str>) -> Vec<u8> {
    support::png(
        width,
        height,
        |x, y| [(x * 29) as u8, (y * 41) as u8, ((x + y) * 13) as u8],
        text,
    )
}

/// The chunk types of a PNG, checking its signature and every CRC.
fn png_chunk_types(bytes: &[u8]) -> Vec<String> {
    assert!(bytes.starts_with(PNG_SIGNATURE), "not a PNG signature");
    let mut at = PNG_SIGNATURE.len();
    let mut types = Vec::new();
    while at < bytes.len() {
        let len = u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap()) as usize;
        let body = &bytes[at + 4..at + 8 + len];
        let crc = u32::from_be_bytes(bytes[at + 8 + len..at + 12 + len].try_into().unwrap());
        assert_eq!(crc, crc32(body), "bad CRC in chunk {types:?}");
        types.push(String::from_utf8_lossy(&body[..4]).into_owned());
        at += 12 + len;
    }
    assert_eq!(at, bytes.len(), "bytes after the last chunk");
    types
}

// ---------------------------------------------------------------------------
// submit
// ---------------------------------------------------------------------------

#[test]
fn submit_reads_merchant_date_and_total_from_a_text_receipt() {
    let p = Panel::new();
    p.file(
        "corner.txt",
        text_receipt("Corner Shop", "2026-03-10", "12.34"),
    );
    let r = run(&p, ["submit", "corner.txt"]).ok();
    insta::assert_snapshot!(redact(&p, &r.stdout, &ids(&p)));

    let list = p.list_json();
    let item = &list[0];
    assert_eq!(item["merchant"], "Corner Shop");
    assert_eq!(item["purchase_date"], "2026-03-10");
    assert_eq!(item["total_minor"], 1234);
    assert_eq!(item["currency"], "USD");
    assert_eq!(item["category"], "other");
    assert_eq!(item["state"], "counted");
}

#[test]
fn submit_json_reports_every_field() {
    let p = Panel::new();
    p.file(
        "corner.txt",
        text_receipt("Corner Shop", "2026-03-10", "12.34"),
    );
    let (code, reports) = submit_json(&p, &["corner.txt", "--category", "grocery"]);
    assert_eq!(code, 0);
    let r = &reports[0];
    assert_eq!(r["file"], "corner.txt");
    assert_eq!(r["ok"], true);
    assert_eq!(r["id"].as_str().unwrap().len(), 10);
    assert_eq!(r["state"], "counted");
    assert_eq!(r["merchant"], "Corner Shop");
    assert_eq!(r["purchase_date"], "2026-03-10");
    assert_eq!(r["total_minor"], 1234);
    assert_eq!(r["currency"], "USD");
    assert_eq!(r["category"], "grocery");
    assert_eq!(r["error"], Value::Null);
    // The same object decodes into the struct the command prints.
    let _: Vec<panel::commands::submit::FileReport> =
        serde_json::from_value(Value::Array(reports)).unwrap();
}

#[test]
fn submit_flags_override_what_the_receipt_says() {
    let p = Panel::new();
    p.file(
        "corner.txt",
        text_receipt("Corner Shop", "2026-03-10", "12.34"),
    );
    let (code, reports) = submit_json(
        &p,
        &[
            "corner.txt",
            "--merchant",
            "Bakery Rose",
            "--date",
            "2026-03-15",
            "--total",
            "7,50 EUR",
            "--category",
            "Department  Store",
        ],
    );
    assert_eq!(code, 0, "{reports:#?}");
    let r = &reports[0];
    assert_eq!(r["merchant"], "Bakery Rose");
    assert_eq!(r["purchase_date"], "2026-03-15");
    assert_eq!(r["total_minor"], 750);
    assert_eq!(r["currency"], "EUR");
    assert_eq!(r["category"], "department store");
    let stored = &p.list_json()[0];
    assert_eq!(stored["merchant"], "Bakery Rose");
    assert_eq!(stored["total_minor"], 750);
    assert_eq!(stored["category"], "department store");
}

const TOTAL_FORMS: &[(&str, i64, &str)] = &[
    ("12.34", 1234, "USD"),
    ("12,34", 1234, "USD"),
    ("1,234.56", 123_456, "USD"),
    ("1.234,56", 123_456, "USD"),
    ("12,34 EUR", 1234, "EUR"),
];

#[test]
fn submit_accepts_every_total_form_as_a_flag() {
    let p = Panel::new();
    for (n, (total, minor, currency)) in TOTAL_FORMS.iter().enumerate() {
        let name = format!("f{n}.txt");
        p.file(&name, format!("Shop {n}\n2026-03-10\n"));
        let (code, reports) = submit_json(&p, &[&name, "--total", total]);
        assert_eq!(code, 0, "{total}: {reports:#?}");
        assert_eq!(reports[0]["total_minor"], *minor, "{total}");
        assert_eq!(reports[0]["currency"], *currency, "{total}");
    }
    assert_eq!(p.list_json().as_array().unwrap().len(), TOTAL_FORMS.len());
}

#[test]
fn submit_reads_every_total_form_in_a_text_receipt() {
    let p = Panel::new();
    for (n, (total, minor, currency)) in TOTAL_FORMS.iter().enumerate() {
        let name = format!("t{n}.txt");
        p.file(
            &name,
            text_receipt(&format!("Shop {n}"), "2026-03-10", total),
        );
        let (code, reports) = submit_json(&p, &[&name]);
        assert_eq!(code, 0, "{total}: {reports:#?}");
        assert_eq!(reports[0]["total_minor"], *minor, "{total}");
        assert_eq!(reports[0]["currency"], *currency, "{total}");
    }
}

#[test]
fn submit_dry_run_stores_nothing_and_reports_no_id() {
    let p = Panel::new();
    p.file(
        "corner.txt",
        text_receipt("Corner Shop", "2026-03-10", "12.34"),
    );
    let before = p.list_json();
    let (code, reports) = submit_json(&p, &["--dry-run", "corner.txt"]);
    assert_eq!(code, 0);
    assert_eq!(reports[0]["ok"], true);
    assert_eq!(reports[0]["dry_run"], true);
    assert_eq!(reports[0]["id"], Value::Null);
    assert_eq!(reports[0]["state"], "counted");
    assert_eq!(reports[0]["total_minor"], 1234);
    assert_eq!(p.list_json(), before);

    let r = run(&p, ["submit", "--dry-run", "corner.txt"]).ok();
    insta::assert_snapshot!(redact(&p, &r.stdout, &[]));
    assert_eq!(p.list_json(), before);
    // Nothing was recorded, so the real submit is not a duplicate.
    submit_ok(&p, &["corner.txt"]);
}

#[test]
fn submit_dry_run_in_a_new_home_creates_no_store() {
    let p = Panel::new();
    p.file(
        "corner.txt",
        text_receipt("Corner Shop", "2026-03-10", "12.34"),
    );
    let r = run(&p, ["submit", "--dry-run", "corner.txt"]).ok();
    assert!(r.stdout.contains("Corner Shop"), "{}", r.stdout);
    assert!(
        !p.home().join("panel.db").exists(),
        "a dry run made a store"
    );

    let missing = p.tmp.path().join("not-yet");
    let home = std::ffi::OsString::from(&missing);
    let r = run(
        &p,
        [
            OsStr::new("--home"),
            &home,
            OsStr::new("submit"),
            OsStr::new("--dry-run"),
            OsStr::new("corner.txt"),
        ],
    )
    .ok();
    assert!(r.stdout.contains("Corner Shop"), "{}", r.stdout);
    assert!(!missing.exists(), "a dry run made {}", missing.display());
}

#[test]
fn submit_several_files_with_one_failing_exits_4_and_records_the_others() {
    let p = Panel::new();
    let a = receipt(&p, 1);
    p.file(
        "future.txt",
        text_receipt("Later Shop", "2026-04-01", "5.00"),
    );
    let c = receipt(&p, 3);
    let (code, reports) = submit_json(&p, &[&a, "future.txt", &c]);
    assert_eq!(code, 4);
    let files: Vec<&str> = reports
        .iter()
        .map(|r| r["file"].as_str().unwrap())
        .collect();
    assert_eq!(files, [a.as_str(), "future.txt", c.as_str()]);
    assert_eq!(reports[0]["ok"], true);
    assert_eq!(reports[1]["ok"], false);
    assert_eq!(reports[1]["id"], Value::Null);
    assert!(
        reports[1]["error"]
            .as_str()
            .unwrap()
            .contains("in the future"),
        "{}",
        reports[1]["error"]
    );
    assert_eq!(reports[2]["ok"], true);
    let mut recorded: Vec<String> = vec![
        reports[0]["id"].as_str().unwrap().into(),
        reports[2]["id"].as_str().unwrap().into(),
    ];
    recorded.sort();
    let mut stored = ids(&p);
    stored.sort();
    assert_eq!(stored, recorded);
}

#[test]
fn submit_several_files_names_each_and_sums_up() {
    let p = Panel::new();
    let a = receipt(&p, 1);
    p.file(
        "future.txt",
        text_receipt("Later Shop", "2026-04-01", "5.00"),
    );
    let r = run(&p, ["submit", &a, "future.txt"]);
    assert_eq!(r.code, 4);
    let ids = ids(&p);
    insta::assert_snapshot!(redact(
        &p,
        &format!("--- stdout\n{}--- stderr\n{}", r.stdout, r.stderr),
        &ids
    ));
}

#[test]
fn submit_of_a_single_failing_file_exits_1() {
    let p = Panel::new();
    p.file(
        "future.txt",
        text_receipt("Later Shop", "2026-04-01", "5.00"),
    );
    let (code, reports) = submit_json(&p, &["future.txt"]);
    assert_eq!(code, 1);
    assert_eq!(reports[0]["ok"], false);
    assert!(p.list_json().as_array().unwrap().is_empty());
}

#[test]
fn submit_refuses_a_purchase_in_the_future() {
    let p = Panel::new();
    p.file("r.txt", text_receipt("Corner Shop", "2026-03-21", "1.00"));
    insta::assert_snapshot!(refused(&p, ["submit", "r.txt"]));
}

#[test]
fn submit_accepts_a_purchase_made_today_or_30_days_ago() {
    let p = Panel::new();
    p.file(
        "today.txt",
        text_receipt("Corner Shop", "2026-03-20", "1.00"),
    );
    p.file("old.txt", text_receipt("Corner Shop", "2026-02-18", "1.00"));
    submit_ok(&p, &["today.txt"]);
    submit_ok(&p, &["old.txt"]);
}

#[test]
fn submit_refuses_a_purchase_older_than_30_days() {
    let p = Panel::new();
    p.file("r.txt", text_receipt("Corner Shop", "2026-02-17", "1.00"));
    insta::assert_snapshot!(refused(&p, ["submit", "r.txt"]));
}

#[test]
fn submit_refuses_the_owners_merchants_in_any_case() {
    let p = Panel::new();
    let mut messages = String::new();
    for (n, merchant) in [
        "Amazon",
        "whole foods market",
        "WHOLE FOODS MARKET",
        "Amazon  Fresh",
        "amazon 4-star",
    ]
    .iter()
    .enumerate()
    {
        let name = format!("o{n}.txt");
        p.file(&name, text_receipt(merchant, "2026-03-10", "1.00"));
        messages.push_str(&refused(&p, ["submit", &name]));
    }
    insta::assert_snapshot!(messages);
}

#[test]
fn submit_refuses_the_owners_merchant_given_as_a_flag() {
    let p = Panel::new();
    p.file("r.txt", text_receipt("Corner Shop", "2026-03-10", "1.00"));
    let err = refused(&p, ["submit", "r.txt", "--merchant", "Whole Foods Market"]);
    assert!(err.contains("belongs to the panel's owner"), "{err}");
}

#[test]
fn submit_refuses_an_excluded_kind() {
    let p = Panel::new();
    p.file("r.txt", text_receipt("Lucky 7", "2026-03-10", "20.00"));
    insta::assert_snapshot!(refused(&p, ["submit", "r.txt", "--category", "casino"]));
    let err = refused(&p, ["submit", "r.txt", "--category", "Transit  Fare"]);
    assert!(err.contains("transit fare purchases are excluded"), "{err}");
}

#[test]
fn submit_refuses_an_unknown_category() {
    let p = Panel::new();
    p.file("r.txt", text_receipt("Corner Shop", "2026-03-10", "1.00"));
    insta::assert_snapshot!(refused(&p, ["submit", "r.txt", "--category", "spaceships"]));
}

#[test]
fn submit_refuses_a_receipt_without_a_total() {
    let p = Panel::new();
    // No amount at all: a lone unlabelled amount is read as a total the
    // panelist is asked to check.
    p.file("r.txt", "Corner Shop\n2026-03-10\nBread\n");
    insta::assert_snapshot!(refused(&p, ["submit", "r.txt"]));
}

#[test]
fn submit_refuses_a_receipt_without_a_date() {
    let p = Panel::new();
    p.file("r.txt", "Corner Shop\nBread 1.00\nTOTAL 1.00\n");
    insta::assert_snapshot!(refused(&p, ["submit", "r.txt"]));
}

#[test]
fn submit_refuses_a_receipt_without_a_merchant() {
    let p = Panel::new();
    // A PDF is not read yet, so only the flags give fields.
    p.file(
        "r.pdf",
        "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n",
    );
    insta::assert_snapshot!(refused(
        &p,
        ["submit", "r.pdf", "--date", "2026-03-10", "--total", "3.00"]
    ));
    // With the merchant given it is recorded.
    submit_ok(
        &p,
        &[
            "r.pdf",
            "--merchant",
            "Paper Co",
            "--date",
            "2026-03-10",
            "--total",
            "3.00",
        ],
    );
}

#[test]
fn submit_refuses_the_same_file_twice_naming_the_earlier_id() {
    let p = Panel::new();
    let name = receipt(&p, 1);
    let first = submit_ok(&p, &[&name]);
    let err = refused(&p, ["submit", &name]);
    insta::assert_snapshot!(redact(&p, &err, &[first]));
}

#[test]
fn submit_refuses_the_same_file_under_another_name_and_other_flags() {
    let p = Panel::new();
    let name = receipt(&p, 1);
    let first = submit_ok(&p, &[&name]);
    p.file(
        "copy.txt",
        std::fs::read(files_dir(&p).join(&name)).unwrap(),
    );
    let err = refused(&p, ["submit", "copy.txt", "--total", "99.99"]);
    assert!(
        err.contains(&format!("already submitted as receipt {first}")),
        "{err}"
    );
}

#[test]
fn submit_refuses_the_same_merchant_date_and_total_from_another_file() {
    let p = Panel::new();
    p.file("a.txt", text_receipt("Corner Shop", "2026-03-10", "12.34"));
    p.file("b.txt", "CORNER SHOP\nthank you\n2026-03-10\nTOTAL 12,34\n");
    let first = submit_ok(&p, &["a.txt"]);
    let err = refused(&p, ["submit", "b.txt"]);
    insta::assert_snapshot!(redact(&p, &err, &[first]));
}

#[test]
fn submit_refuses_a_bad_total() {
    let p = Panel::new();
    p.file("r.txt", text_receipt("Corner Shop", "2026-03-10", "1.00"));
    insta::assert_snapshot!(refused(&p, ["submit", "r.txt", "--total", "12.3.4"]));
    let err = refused(&p, ["submit", "r.txt", "--total", "lots"]);
    assert!(
        err.contains("--total") && err.contains("no amount"),
        "{err}"
    );
    let err = refused(&p, ["submit", "r.txt", "--total", "12.34 EURO"]);
    assert!(err.contains("--total") && err.contains("currency"), "{err}");
}

#[test]
fn submit_refuses_a_bad_date_flag_as_a_usage_error() {
    let p = Panel::new();
    p.file("r.txt", text_receipt("Corner Shop", "2026-03-10", "1.00"));
    let r = run(&p, ["submit", "r.txt", "--date", "10/03/2026"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("YYYY-MM-DD"), "{}", r.stderr);
    assert!(p.list_json().as_array().unwrap().is_empty());
}

// ---------------------------------------------------------------------------
// The monthly quota
// ---------------------------------------------------------------------------

#[test]
fn the_eleventh_receipt_of_a_month_is_extra() {
    let p = Panel::new();
    let files: Vec<String> = (1..=11).map(|n| receipt(&p, n)).collect();
    let args: Vec<&str> = files.iter().map(String::as_str).collect();
    let (code, reports) = submit_json(&p, &args);
    assert_eq!(code, 0);
    let states: Vec<&str> = reports
        .iter()
        .map(|r| r["state"].as_str().unwrap())
        .collect();
    assert_eq!(states[..10], ["counted"; 10]);
    assert_eq!(states[10], "extra");

    let s = status_month_json(&p, None);
    assert_eq!(s["month"], "2026-03");
    assert_eq!(s["counted"], 10);
    assert_eq!(s["extra"], 1);
    assert_eq!(s["quota"], 10);
    assert_eq!(s["remaining"], 0);
    assert_eq!(s["reward_minor"], 1000);
    assert_eq!(s["currency"], "USD");

    let r = run(&p, ["status", "--month"]).ok();
    insta::assert_snapshot!(r.stdout);
    let extra = run(&p, ["list", "--state", "extra", "--json"]).ok().json();
    assert_eq!(extra.as_array().unwrap().len(), 1);
    assert_eq!(extra[0]["merchant"], "Shop 11");
}

#[test]
fn deleting_a_counted_receipt_promotes_the_oldest_extra() {
    let p = Panel::new();
    // Ten counted receipts, then two extras submitted an hour apart.
    for n in 1..=10 {
        let name = receipt(&p, n);
        run(&p, ["submit", &name]).ok();
    }
    let r11 = receipt(&p, 11);
    run_at(&p, "2026-03-20T11:00:00Z", ["submit", &r11]).ok();
    let r12 = receipt(&p, 12);
    run_at(&p, "2026-03-20T12:00:00Z", ["submit", &r12]).ok();
    let counted = run(&p, ["list", "--state", "counted", "--json"])
        .ok()
        .json();
    let victim = counted[0]["id"].as_str().unwrap().to_string();

    run_at(&p, "2026-03-20T13:00:00Z", ["delete", "--yes", &victim]).ok();

    let state_of = |merchant: &str| {
        p.list_json()
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["merchant"] == merchant)
            .map(|r| r["state"].as_str().unwrap().to_string())
            .unwrap()
    };
    assert_eq!(state_of("Shop 11"), "counted");
    assert_eq!(state_of("Shop 12"), "extra");
    let s = status_month_json(&p, None);
    assert_eq!(
        (s["counted"].clone(), s["extra"].clone()),
        (10.into(), 1.into())
    );
}

/// Files of one `submit` call share a timestamp to the second; the oldest
/// extra is still the one submitted first, in input order.
#[test]
fn promotion_follows_input_order_within_one_submit_call() {
    // Ids are random, so retry until the 12th file's id sorts before the
    // 11th's: the case where ordering by id instead of submission would show.
    for _ in 0..12 {
        let p = Panel::new();
        let files: Vec<String> = (1..=12).map(|n| receipt(&p, n)).collect();
        let args: Vec<&str> = files.iter().map(String::as_str).collect();
        let (code, reports) = submit_json(&p, &args);
        assert_eq!(code, 0);
        let id = |i: usize| reports[i]["id"].as_str().unwrap().to_string();
        let (eleventh, twelfth) = (id(10), id(11));
        if twelfth > eleventh {
            continue;
        }
        run(&p, ["delete", "--yes", &id(0)]).ok();
        let list = p.list_json();
        let state_of = |id: &str| {
            list.as_array()
                .unwrap()
                .iter()
                .find(|r| r["id"] == id)
                .map(|r| r["state"].as_str().unwrap().to_string())
                .unwrap()
        };
        assert_eq!(
            state_of(&eleventh),
            "counted",
            "the 11th file, submitted before the 12th, should take the freed place"
        );
        assert_eq!(state_of(&twelfth), "extra");
        return;
    }
}

// ---------------------------------------------------------------------------
// A picture: the shared image is re-encoded without metadata
// ---------------------------------------------------------------------------

#[test]
fn shared_png_is_reencoded_from_pixels_without_metadata() {
    let p = Panel::new();
    let with_text = png(8, 6, Some("Jane Doe, 12 Secret Lane"));
    let plain = png(8, 6, None);
    assert_ne!(with_text, plain);
    p.file("photo.png", &with_text);
    p.file("plain.png", &plain);
    let flags = |total: &'static str| {
        [
            "--merchant",
            "Corner Shop",
            "--date",
            "2026-03-10",
            "--total",
            total,
        ]
    };
    let mut args = vec!["photo.png"];
    args.extend(flags("4.00"));
    let id = submit_ok(&p, &args);
    let mut args = vec!["plain.png"];
    args.extend(flags("5.00"));
    let plain_id = submit_ok(&p, &args);

    let out = files_dir(&p).join("shared.png");
    let r = run(&p, ["show", &id, "--shared-image", "shared.png"]).ok();
    assert!(
        r.stderr.contains("wrote the shared content to shared.png"),
        "{}",
        r.stderr
    );
    let shared = std::fs::read(&out).unwrap();
    assert_ne!(shared, with_text, "the original bytes were shared");
    assert!(
        !shared.windows(8).any(|w| w == b"Jane Doe"),
        "the tEXt metadata was shared"
    );
    let types = png_chunk_types(&shared);
    assert_eq!(types.first().map(String::as_str), Some("IHDR"));
    assert_eq!(types.last().map(String::as_str), Some("IEND"));
    for meta in ["tEXt", "zTXt", "iTXt", "eXIf", "tIME"] {
        assert!(!types.iter().any(|t| t == meta), "{meta} in {types:?}");
    }
    assert_eq!(&shared[16..24], &with_text[16..24], "width and height kept");

    // Same pixels, same shared bytes, whatever metadata the file carried.
    run(
        &p,
        ["show", &plain_id, "--shared-image", "plain-shared.png"],
    )
    .ok();
    assert_eq!(
        std::fs::read(files_dir(&p).join("plain-shared.png")).unwrap(),
        shared
    );

    // It decodes: panel reads it back as a picture.
    let (code, reports) = submit_json(
        &p,
        &[
            "shared.png",
            "--merchant",
            "Corner Shop",
            "--date",
            "2026-03-10",
            "--total",
            "6.00",
        ],
    );
    assert_eq!(code, 0, "{reports:#?}");
    let shown = run(&p, ["show", reports[0]["id"].as_str().unwrap(), "--json"])
        .ok()
        .json();
    assert_eq!(shown["source_kind"], "png");
    assert_eq!(shown["shared"]["mime"], "image/png");
}

#[test]
fn show_shared_image_of_a_pdf_says_nothing_was_shared_but_fields() {
    let p = Panel::new();
    p.file(
        "r.pdf",
        "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n",
    );
    let id = submit_ok(
        &p,
        &[
            "r.pdf",
            "--merchant",
            "Paper Co",
            "--date",
            "2026-03-10",
            "--total",
            "3.00",
        ],
    );
    let err = refused(&p, ["show", &id, "--shared-image", "out.bin"]);
    assert!(err.contains("no shared content"), "{err}");
    assert!(!files_dir(&p).join("out.bin").exists());
}

// ---------------------------------------------------------------------------
// list
// ---------------------------------------------------------------------------

/// Three receipts: two in February, one in March, submitted at distinct times.
fn three_receipts(p: &Panel) -> Vec<String> {
    p.file("a.txt", text_receipt("Corner Shop", "2026-02-10", "12.34"));
    p.file("b.txt", text_receipt("Bakery Rose", "2026-02-11", "3.50"));
    p.file(
        "c.txt",
        text_receipt("Cinema Paradiso", "2026-03-10", "1.234,56 EUR"),
    );
    run_at(
        p,
        "2026-02-15T09:00:00Z",
        ["submit", "a.txt", "--category", "grocery"],
    )
    .ok();
    run_at(p, "2026-02-16T09:00:00Z", ["submit", "b.txt"]).ok();
    run_at(
        p,
        "2026-03-12T09:00:00Z",
        ["submit", "c.txt", "--category", "cinema"],
    )
    .ok();
    ids(p)
}

#[test]
fn list_prints_a_table() {
    let p = Panel::new();
    let ids = three_receipts(&p);
    let r = run(&p, ["list"]).ok();
    insta::assert_snapshot!(redact(&p, &r.stdout, &ids));
}

#[test]
fn list_of_an_empty_store_says_how_to_start() {
    let p = Panel::new();
    let r = run(&p, ["list"]).ok();
    insta::assert_snapshot!(r.stdout);
    assert_eq!(
        run(&p, ["list", "--json"]).ok().json(),
        Value::Array(vec![])
    );
}

#[test]
fn list_json_has_every_field() {
    let p = Panel::new();
    let ids = three_receipts(&p);
    let list = p.list_json();
    let c = &list[2];
    assert_eq!(c["id"], ids[2].as_str());
    assert_eq!(c["submitted_at"], "2026-03-12T09:00:00Z");
    assert_eq!(c["month"], "2026-03");
    assert_eq!(c["purchase_date"], "2026-03-10");
    assert_eq!(c["merchant"], "Cinema Paradiso");
    assert_eq!(c["total_minor"], 123_456);
    assert_eq!(c["currency"], "EUR");
    assert_eq!(c["category"], "cinema");
    assert_eq!(c["state"], "counted");
    let items: Vec<panel::commands::list::ListItem> = serde_json::from_value(list).unwrap();
    assert_eq!(items.len(), 3);
}

fn merchants(list: &Value) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|r| r["merchant"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn list_filters_by_month_of_submission() {
    let p = Panel::new();
    three_receipts(&p);
    let feb = run(&p, ["list", "--month", "2026-02", "--json"])
        .ok()
        .json();
    assert_eq!(merchants(&feb), ["Corner Shop", "Bakery Rose"]);
    let mar = run(&p, ["list", "--month", "2026-03", "--json"])
        .ok()
        .json();
    assert_eq!(merchants(&mar), ["Cinema Paradiso"]);
    let jan = run(&p, ["list", "--month", "2026-01", "--json"])
        .ok()
        .json();
    assert!(merchants(&jan).is_empty());
}

#[test]
fn list_filters_by_merchant_substring_in_any_case() {
    let p = Panel::new();
    three_receipts(&p);
    let r = run(&p, ["list", "--merchant", "SHOP", "--json"])
        .ok()
        .json();
    assert_eq!(merchants(&r), ["Corner Shop"]);
    let r = run(&p, ["list", "--merchant", "ros", "--json"]).ok().json();
    assert_eq!(merchants(&r), ["Bakery Rose"]);
    // LIKE wildcards are matched literally.
    let r = run(&p, ["list", "--merchant", "%", "--json"]).ok().json();
    assert!(merchants(&r).is_empty());
}

#[test]
fn list_filters_by_state() {
    let p = Panel::new();
    let files: Vec<String> = (1..=11).map(|n| receipt(&p, n)).collect();
    for (n, file) in files.iter().enumerate() {
        run_at(&p, &format!("2026-03-20T10:{n:02}:00Z"), ["submit", file]).ok();
    }
    let extra = run(&p, ["list", "--state", "extra", "--json"]).ok().json();
    assert_eq!(merchants(&extra), ["Shop 11"]);
    let counted = run(&p, ["list", "--state", "COUNTED", "--json"])
        .ok()
        .json();
    assert_eq!(counted.as_array().unwrap().len(), 10);
}

#[test]
fn list_refuses_a_bad_state() {
    let p = Panel::new();
    insta::assert_snapshot!(refused(&p, ["list", "--state", "pending"]));
}

#[test]
fn list_refuses_a_bad_month_as_a_usage_error() {
    let p = Panel::new();
    let r = run(&p, ["list", "--month", "2026-13"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr
            .contains(r#""2026-13" is not a month; write it as YYYY-MM"#),
        "{}",
        r.stderr
    );
}

// ---------------------------------------------------------------------------
// show
// ---------------------------------------------------------------------------

#[test]
fn show_prints_one_receipt_in_full() {
    let p = Panel::new();
    p.file(
        "mail.txt",
        "Corner Shop\n2026-03-10\nReceipt sent to jane@example.com\nTOTAL 12.34\n",
    );
    let id = submit_ok(&p, &["mail.txt", "--category", "grocery"]);
    let r = run(&p, ["show", &id]).ok();
    insta::assert_snapshot!(redact(&p, &r.stdout, std::slice::from_ref(&id)));
    // The shared text has the address replaced by its kind.
    run(&p, ["show", &id, "--shared-image", "shared.txt"]).ok();
    let shared = std::fs::read_to_string(files_dir(&p).join("shared.txt")).unwrap();
    assert!(shared.contains("Receipt sent to [email]"), "{shared}");
    assert!(!shared.contains("jane@example.com"), "{shared}");
}

#[test]
fn show_json_has_every_field() {
    let p = Panel::new();
    p.file(
        "corner.txt",
        text_receipt("Corner Shop", "2026-03-10", "12.34"),
    );
    let id = submit_ok(&p, &["corner.txt"]);
    let v = run(&p, ["show", &id, "--json"]).ok().json();
    assert_eq!(v["id"], id.as_str());
    assert_eq!(v["submitted_at"], NOW);
    assert_eq!(v["month"], "2026-03");
    assert_eq!(v["purchase_date"], "2026-03-10");
    assert_eq!(v["merchant"], "Corner Shop");
    assert_eq!(v["total_minor"], 1234);
    assert_eq!(v["currency"], "USD");
    assert_eq!(v["category"], "other");
    assert_eq!(v["state"], "counted");
    assert_eq!(v["source_kind"], "text");
    assert_eq!(v["shared"]["mime"], "text/plain; charset=utf-8");
    assert!(v["shared"]["size"].as_u64().unwrap() > 0);
    let _: panel::commands::show::Shown = serde_json::from_value(v).unwrap();
}

#[test]
fn show_accepts_an_id_prefix_of_4_characters_in_any_case() {
    let p = Panel::new();
    let name = receipt(&p, 1);
    let id = submit_ok(&p, &[&name]);
    for prefix in [&id[..4], &id[..7], &id.to_ascii_uppercase()[..5]] {
        let v = run(&p, ["show", prefix, "--json"]).ok().json();
        assert_eq!(v["id"], id.as_str(), "{prefix}");
    }
}

#[test]
fn show_refuses_a_prefix_shorter_than_4_characters() {
    let p = Panel::new();
    let name = receipt(&p, 1);
    let id = submit_ok(&p, &[&name]);
    let err = refused(&p, ["show", &id[..3]]);
    assert!(
        err.contains("too short; give at least 4 characters"),
        "{err}"
    );
}

#[test]
fn show_refuses_an_unknown_id() {
    let p = Panel::new();
    let name = receipt(&p, 1);
    submit_ok(&p, &[&name]);
    // `1` is not in the base32 alphabet, so no id starts with it.
    insta::assert_snapshot!(refused(&p, ["show", "1111"]));
    let err = refused(&p, ["show", "ab-c"]);
    assert!(err.contains("is not a receipt id"), "{err}");
}

#[test]
fn show_and_delete_refuse_an_ambiguous_prefix() {
    let p = Panel::new();
    // Ids are random: add receipts until two share their first 4 characters
    // (about 1,300 are needed on average; 10,000 make it all but certain).
    let mut seen = std::collections::HashMap::<String, String>::new();
    let mut pair = None;
    let mut n = 0u32;
    for batch in 0..10 {
        let mut files = Vec::new();
        for _ in 0..1000 {
            n += 1;
            let name = format!("b{batch}-{n}.txt");
            let total = format!("{}.{:02}", n / 100, n % 100);
            p.file(
                &name,
                text_receipt(&format!("Shop {n}"), "2026-03-10", &total),
            );
            files.push(name);
        }
        let args: Vec<&str> = files.iter().map(String::as_str).collect();
        let (code, reports) = submit_json(&p, &args);
        assert_eq!(code, 0);
        for r in &reports {
            let id = r["id"].as_str().unwrap().to_string();
            if let Some(other) = seen.insert(id[..4].to_string(), id.clone()) {
                pair = Some((other, id));
            }
        }
        if pair.is_some() {
            break;
        }
    }
    let (a, b) = pair.expect("two ids sharing 4 characters among 10,000");
    let err = refused(&p, ["show", &a[..4]]);
    assert!(err.contains("matches several receipts"), "{err}");
    assert!(err.contains(&a) && err.contains(&b), "{err}");
    assert!(err.contains("give more characters"), "{err}");
    let err = refused(&p, ["delete", "--yes", &a[..4]]);
    assert!(err.contains("matches several receipts"), "{err}");
}

// ---------------------------------------------------------------------------
// delete
// ---------------------------------------------------------------------------

#[test]
fn delete_without_a_terminal_needs_yes() {
    let p = Panel::new();
    let name = receipt(&p, 1);
    let id = submit_ok(&p, &[&name]);
    let before = p.list_json();
    let mut cmd = p.cmd(["delete", &id]);
    cmd.write_stdin("y\n");
    let r = exec(cmd);
    assert_eq!(r.code, 1);
    insta::assert_snapshot!(r.stderr);
    assert_eq!(p.list_json(), before);
}

#[test]
fn delete_by_prefix_with_yes() {
    let p = Panel::new();
    let name = receipt(&p, 1);
    let id = submit_ok(&p, &[&name]);
    let r = run(&p, ["delete", "--yes", &id[..5]]).ok();
    insta::assert_snapshot!(redact(&p, &r.stdout, std::slice::from_ref(&id)));
    assert!(p.list_json().as_array().unwrap().is_empty());
    let err = refused(&p, ["show", &id]);
    assert!(err.contains("no receipt has an id starting with"), "{err}");
    // Deleted for good: the same file can be submitted again.
    submit_ok(&p, &[&name]);
}

#[test]
fn delete_json_lists_the_deleted_ids() {
    let p = Panel::new();
    let (a, b, c) = (receipt(&p, 1), receipt(&p, 2), receipt(&p, 3));
    let ida = submit_ok(&p, &[&a]);
    let idb = submit_ok(&p, &[&b]);
    let idc = submit_ok(&p, &[&c]);
    // The same receipt named twice is deleted once.
    let v = run(&p, ["delete", "-y", "--json", &ida, &idb[..4], &ida[..6]])
        .ok()
        .json();
    assert_eq!(v["deleted"], serde_json::json!([ida, idb]));
    assert_eq!(ids(&p), [idc]);
}

#[test]
fn delete_of_an_unknown_id_exits_1_and_deletes_nothing() {
    let p = Panel::new();
    let name = receipt(&p, 1);
    let id = submit_ok(&p, &[&name]);
    let err = refused(&p, ["delete", "--yes", "zzzz"]);
    assert!(
        err.contains(r#"no receipt has an id starting with "zzzz""#),
        "{err}"
    );
    // One unknown id among known ones: nothing is deleted.
    let err = refused(&p, ["delete", "--yes", &id, "zzzz"]);
    assert!(err.contains("zzzz"), "{err}");
    assert_eq!(ids(&p), [id]);
}

#[test]
fn delete_lowers_the_status_count() {
    let p = Panel::new();
    let (a, b) = (receipt(&p, 1), receipt(&p, 2));
    let ida = submit_ok(&p, &[&a]);
    submit_ok(&p, &[&b]);
    assert_eq!(status_month_json(&p, None)["counted"], 2);
    run(&p, ["delete", "--yes", &ida]).ok();
    let s = status_month_json(&p, None);
    assert_eq!(s["counted"], 1);
    assert_eq!(s["remaining"], 9);
}

// ---------------------------------------------------------------------------
// status
// ---------------------------------------------------------------------------

/// Ten receipts in January 2026, two in February, one in March (now).
fn a_season(p: &Panel) {
    for n in 1..=10 {
        let name = format!("jan{n}.txt");
        p.file(
            &name,
            text_receipt(&format!("Jan Shop {n}"), "2026-01-05", "1.00"),
        );
        run_at(p, "2026-01-20T12:00:00Z", ["submit", &name]).ok();
    }
    for n in 1..=2 {
        let name = format!("feb{n}.txt");
        p.file(
            &name,
            text_receipt(&format!("Feb Shop {n}"), "2026-02-05", "1.00"),
        );
        run_at(p, "2026-02-20T12:00:00Z", ["submit", &name]).ok();
    }
    let name = receipt(p, 1);
    run(p, ["submit", &name]).ok();
}

#[test]
fn status_shows_this_month_and_the_twelve_before() {
    let p = Panel::new();
    a_season(&p);
    let r = run(&p, ["status"]).ok();
    insta::assert_snapshot!(r.stdout);
}

#[test]
fn status_json_has_the_current_month_and_twelve_previous() {
    let p = Panel::new();
    a_season(&p);
    let v = run(&p, ["status", "--json"]).ok().json();
    assert_eq!(v["month"], "2026-03");
    assert_eq!(v["counted"], 1);
    assert_eq!(v["quota"], 10);
    assert_eq!(v["remaining"], 9);
    assert_eq!(v["days_left"], 12);
    assert_eq!(v["reward_minor"], 0);
    assert_eq!(v["currency"], "USD");
    let previous = v["previous"].as_array().unwrap();
    assert_eq!(previous.len(), 12);
    let months: Vec<&str> = previous
        .iter()
        .map(|m| m["month"].as_str().unwrap())
        .collect();
    assert_eq!(months.first(), Some(&"2026-02"));
    assert_eq!(months.last(), Some(&"2025-03"));
    assert_eq!(previous[0]["counted"], 2);
    assert_eq!(previous[0]["reward_minor"], 0);
    assert_eq!(previous[1]["counted"], 10);
    assert_eq!(previous[1]["reward_minor"], 1000);
    assert_eq!(previous[1]["days_left"], 0);
    let _: panel::commands::status::Overview = serde_json::from_value(v).unwrap();
}

#[test]
fn status_month_shows_the_current_month() {
    let p = Panel::new();
    a_season(&p);
    let r = run(&p, ["status", "--month"]).ok();
    insta::assert_snapshot!(r.stdout);
    let v = status_month_json(&p, None);
    assert_eq!(v["month"], "2026-03");
    assert_eq!(v["counted"], 1);
    assert_eq!(v["quota"], 10);
    assert_eq!(v["remaining"], 9);
    assert_eq!(v["days_left"], 12);
    assert_eq!(v["reward_minor"], 0);
    assert_eq!(v["currency"], "USD");
    let _: panel::program::progress::MonthProgress = serde_json::from_value(v).unwrap();
}

#[test]
fn status_month_shows_a_past_month() {
    let p = Panel::new();
    a_season(&p);
    let r = run(&p, ["status", "--month", "2026-02"]).ok();
    insta::assert_snapshot!(r.stdout);
    let v = status_month_json(&p, Some("2026-02"));
    assert_eq!(v["month"], "2026-02");
    assert_eq!(v["counted"], 2);
    assert_eq!(v["quota"], 10);
    assert_eq!(v["remaining"], 8);
    assert_eq!(v["days_left"], 0);
    assert_eq!(v["reward_minor"], 0);
    assert_eq!(v["currency"], "USD");

    let r = run(&p, ["status", "--month", "2026-01"]).ok();
    insta::assert_snapshot!(r.stdout);
    assert_eq!(status_month_json(&p, Some("2026-01"))["reward_minor"], 1000);
}

#[test]
fn status_refuses_a_bad_month_as_a_usage_error() {
    let p = Panel::new();
    let r = run(&p, ["status", "--month", "March"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("is not a month"), "{}", r.stderr);
}

#[test]
fn months_follow_the_configured_time_zone() {
    let p = Panel::new().at("2026-04-01T02:00:00Z");
    std::fs::write(
        p.home().join("config.toml"),
        "[locale]\ntime_zone = \"America/New_York\"\n",
    )
    .unwrap();
    // 02:00 UTC on 1 April is still 31 March in New York.
    p.file("late.txt", text_receipt("Night Owl", "2026-03-31", "9.00"));
    submit_ok(&p, &["late.txt"]);
    assert_eq!(p.list_json()[0]["month"], "2026-03");
    let v = status_month_json(&p, None);
    assert_eq!(v["month"], "2026-03");
    assert_eq!(v["counted"], 1);
    assert_eq!(v["days_left"], 1);
    // And 1 April is tomorrow there.
    p.file(
        "early.txt",
        text_receipt("Early Bird", "2026-04-01", "9.00"),
    );
    let err = refused(&p, ["submit", "early.txt"]);
    assert!(err.contains("in the future"), "{err}");

    // The same instant in UTC is already April.
    std::fs::remove_file(p.home().join("config.toml")).unwrap();
    let v = status_month_json(&p, None);
    assert_eq!(v["month"], "2026-04");
    assert_eq!(v["counted"], 0);
}

// ---------------------------------------------------------------------------
// config
// ---------------------------------------------------------------------------

#[test]
fn config_show_prints_the_commented_defaults() {
    let p = Panel::new();
    let r = run(&p, ["config", "show"]).ok();
    insta::assert_snapshot!(r.stdout);
}

#[test]
fn config_show_reads_back_as_a_configuration() {
    let p = Panel::new();
    std::fs::write(
        p.home().join("config.toml"),
        "[program]\nquota = 3\n\n[locale]\ntime_zone = \"Europe/Berlin\"\n",
    )
    .unwrap();
    let shown = run(&p, ["config", "show"]).ok().stdout;
    assert!(shown.contains("quota = 3\n"), "{shown}");
    assert!(shown.contains("time_zone = \"Europe/Berlin\"\n"), "{shown}");
    std::fs::write(p.home().join("config.toml"), &shown).unwrap();
    assert_eq!(run(&p, ["config", "show"]).ok().stdout, shown);
    assert_eq!(status_month_json(&p, None)["quota"], 3);
    let json = run(&p, ["config", "show", "--json"]).ok().json();
    assert_eq!(json["program"]["quota"], 3);
    assert_eq!(json["locale"]["time_zone"], "Europe/Berlin");
}

#[test]
fn config_path_names_the_store_and_the_config_file() {
    let p = Panel::new();
    let r = run(&p, ["config", "path"]).ok();
    insta::assert_snapshot!(redact(&p, &r.stdout, &[]));
    let v = run(&p, ["config", "path", "--json"]).ok().json();
    let home = p.home();
    assert_eq!(v["data_dir"], home.to_str().unwrap());
    assert_eq!(v["database"], home.join("panel.db").to_str().unwrap());
    assert_eq!(v["config"], home.join("config.toml").to_str().unwrap());
}

#[test]
fn config_with_an_unknown_key_is_refused() {
    let p = Panel::new();
    std::fs::write(p.home().join("config.toml"), "[program]\nqouta = 3\n").unwrap();
    let r = run(&p, ["status"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let err = redact(&p, &r.stderr, &[]);
    assert!(
        err.contains("[HOME]/config.toml is not a valid panel configuration"),
        "{err}"
    );
    assert!(err.contains("qouta"), "{err}");
    assert!(
        err.contains("`panel config show` prints a valid one"),
        "{err}"
    );
}

#[test]
fn config_with_a_bad_time_zone_is_refused() {
    let p = Panel::new();
    std::fs::write(
        p.home().join("config.toml"),
        "[locale]\ntime_zone = \"Mars/Olympus\"\n",
    )
    .unwrap();
    let r = run(&p, ["list"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    insta::assert_snapshot!(redact(&p, &r.stderr, &[]));
}

#[test]
fn config_path_still_answers_with_a_broken_config() {
    let p = Panel::new();
    std::fs::write(p.home().join("config.toml"), "this is [not toml").unwrap();
    assert_eq!(run(&p, ["config", "show"]).code, 1);
    let r = run(&p, ["config", "path"]).ok();
    assert!(r.stdout.contains("config.toml"), "{}", r.stdout);
    run(&p, ["config", "path", "--json"]).ok().json();
}

// ---------------------------------------------------------------------------
// The store and the environment
// ---------------------------------------------------------------------------

#[test]
fn a_store_from_a_newer_panel_is_refused_with_exit_3() {
    let p = Panel::new();
    run(&p, ["reward", "choose", "balance"]).ok();
    let db = p.home().join("panel.db");
    let wal = p.home().join("panel.db-wal");
    assert!(
        !wal.exists() || std::fs::metadata(&wal).unwrap().len() == 0,
        "the store was left with a write-ahead log"
    );
    // PRAGMA user_version: the big-endian u32 at offset 60 of the header.
    let mut bytes = std::fs::read(&db).unwrap();
    assert!(bytes.starts_with(b"SQLite format 3\0"));
    bytes[60..64].copy_from_slice(&99u32.to_be_bytes());
    std::fs::write(&db, &bytes).unwrap();

    let r = run(&p, ["list"]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(
        r.stderr.contains("written by a newer panel"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("schema 99"), "{}", r.stderr);
    assert!(r.stderr.contains("upgrade panel"), "{}", r.stderr);
    assert_eq!(
        std::fs::read(&db).unwrap(),
        bytes,
        "the newer store was changed"
    );
}

#[test]
fn a_store_that_is_not_sqlite_is_refused_with_exit_3() {
    let p = Panel::new();
    let db = p.home().join("panel.db");
    let junk = "this is not a database\n".repeat(200);
    std::fs::write(&db, &junk).unwrap();
    let r = run(&p, ["status"]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    let err = redact(&p, &r.stderr, &[]);
    assert!(
        err.contains("[HOME]/panel.db is damaged or not a panel store"),
        "{err}"
    );
    assert!(
        err.contains("restore it from a backup or move it away"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&db).unwrap(), junk);
}

#[test]
fn a_relative_panel_home_is_refused() {
    let p = Panel::new();
    let mut cmd = p.cmd(["list"]);
    cmd.env("PANEL_HOME", "relative/home")
        .current_dir(files_dir(&p));
    let r = exec(cmd);
    assert_eq!(r.code, 1);
    insta::assert_snapshot!(r.stderr);
    assert!(!files_dir(&p).join("relative").exists());

    let r = run(&p, ["--home", "rel", "list"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("--home=rel is a relative path"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_bad_panel_now_is_refused() {
    let p = Panel::new().at("yesterday");
    let r = run(&p, ["status"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .contains(r#"PANEL_NOW="yesterday" is not an RFC 3339 time"#),
        "{}",
        r.stderr
    );
}

#[test]
fn help_lists_the_environment_variables_and_exit_codes() {
    let p = Panel::new();
    let r = run(&p, ["--help"]).ok();
    for name in [
        "PANEL_HOME",
        "PANEL_NOW",
        "XDG_DATA_HOME",
        "XDG_CONFIG_HOME",
        "NO_COLOR",
        "TZ",
    ] {
        assert!(
            r.stdout.contains(name),
            "{name} missing from --help:\n{}",
            r.stdout
        );
    }
    assert!(r.stdout.contains("Exit codes"), "{}", r.stdout);
    for command in [
        "submit",
        "list",
        "show",
        "delete",
        "status",
        "config",
        "completions",
        "man",
    ] {
        assert!(r.stdout.contains(command), "{command} missing from --help");
    }
}

#[test]
fn version_prints_the_crate_version() {
    let p = Panel::new();
    let r = run(&p, ["--version"]).ok();
    assert_eq!(r.stdout, format!("panel {}\n", env!("CARGO_PKG_VERSION")));
}

#[test]
fn an_unknown_command_is_a_usage_error() {
    let p = Panel::new();
    assert_eq!(run(&p, ["frobnicate"]).code, 2);
    assert_eq!(run(&p, ["submit"]).code, 2);
}

// ---------------------------------------------------------------------------
// Completions and the man page
// ---------------------------------------------------------------------------

const COMPLETIONS: &[(&str, &str)] = &[
    ("bash", "panel.bash"),
    ("zsh", "_panel"),
    ("fish", "panel.fish"),
    ("elvish", "panel.elv"),
    ("powershell", "_panel.ps1"),
];

fn completions_dir() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/completions"))
}

#[test]
fn completion_files_are_up_to_date() {
    let p = Panel::new();
    let mut stale = Vec::new();
    for (shell, file) in COMPLETIONS {
        let r = run(&p, ["completions", shell]).ok();
        assert!(
            r.stdout.contains("submit"),
            "{shell} completions lack `submit`"
        );
        let path = completions_dir().join(file);
        let stored = std::fs::read_to_string(&path).unwrap_or_default();
        if stored != r.stdout {
            stale.push(format!("completions/{file}"));
        }
    }
    assert!(
        stale.is_empty(),
        "stale shell completions: {}; regenerate them with `completions/update.sh`",
        stale.join(", ")
    );
}

#[test]
fn completions_need_no_home_or_store() {
    let p = Panel::new();
    let mut cmd = p.cmd(["completions", "bash"]);
    cmd.env("PANEL_HOME", "relative").current_dir(files_dir(&p));
    let r = exec(cmd).ok();
    assert!(r.stdout.contains("_panel"), "{}", r.stdout);
    assert!(!p.home().join("panel.db").exists());
}

#[test]
fn completions_refuse_an_unknown_shell() {
    let p = Panel::new();
    assert_eq!(run(&p, ["completions", "tcsh"]).code, 2);
}

#[test]
fn man_prints_a_roff_page() {
    let p = Panel::new();
    let r = run(&p, ["man"]).ok();
    assert!(
        r.stdout.starts_with(".ie \\n(.g .ds Aq"),
        "{}",
        &r.stdout[..80.min(r.stdout.len())]
    );
    assert!(r.stdout.contains(".TH panel 1"), "no .TH header");
    assert!(r.stdout.contains("submit"), "no submit");
    assert!(!p.home().join("panel.db").exists());
}

#[test]
fn a_detector_switched_off_in_config_shares_that_kind() {
    let text =
        "Corner Shop\n2026-03-18\nTOTAL 3.50\nmail jane@example.com\ncall +44 20 7946 0958\n";
    let withheld = |config: Option<&str>| {
        let p = Panel::new();
        if let Some(config) = config {
            std::fs::write(p.home().join("config.toml"), config).unwrap();
        }
        let file = p.file("r.txt", text);
        let (code, reports) = submit_json(&p, &[file.to_str().unwrap()]);
        assert_eq!(code, 0, "{reports:?}");
        let id = reports[0]["id"].as_str().unwrap().to_string();
        let shared = files_dir(&p).join("shared.txt");
        run(
            &p,
            ["show", &id, "--shared-image", shared.to_str().unwrap()],
        )
        .ok();
        (
            reports[0]["withheld"].clone(),
            std::fs::read_to_string(shared).unwrap(),
        )
    };
    let (counts, shared) = withheld(None);
    assert_eq!(counts, serde_json::json!({ "email": 1, "phone": 1 }));
    assert!(
        !shared.contains("jane@example.com") && !shared.contains("7946"),
        "{shared}"
    );
    let (counts, shared) = withheld(Some("[privacy]\nemail = false\n"));
    assert_eq!(counts, serde_json::json!({ "phone": 1 }));
    assert!(
        shared.contains("jane@example.com") && !shared.contains("7946"),
        "{shared}"
    );
}

/// A reader that stops early (`panel list --json | head -1`) is not an
/// error: the command ends quietly with success.
#[test]
fn a_closed_pipe_ends_json_output_quietly() {
    let p = Panel::new();
    p.file("a.txt", text_receipt("Corner Shop", "2026-03-10", "12.34"));
    submit_ok(&p, &["a.txt"]);
    for args in [["list", "--json"], ["status", "--json"]] {
        let panel = assert_cmd::cargo::cargo_bin("panel");
        let mut child = p
            .std_cmd(&panel, args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(String::from_utf8_lossy(&out.stderr), "", "{args:?}");
    }
}
