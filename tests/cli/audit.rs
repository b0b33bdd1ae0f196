//! `panel audit`: export in every format, verify, and every kind of tamper.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::support::{Panel, text_receipt};

/// A panel holding `n` receipts (the first `deleted` of them deleted), each
/// carrying an e-mail address so that findings are withheld.
fn panel_with(n: usize, deleted: usize) -> Panel {
    let panel = Panel::new();
    let files: Vec<PathBuf> = (0..n)
        .map(|i| {
            let body = format!(
                "{}contact buyer{i}@mail.example\n",
                text_receipt(
                    &format!("Shop {i}"),
                    "2026-03-15",
                    &format!("{}.{:02}", i + 1, i % 100)
                )
            );
            panel.file(&format!("r{i}.txt"), body)
        })
        .collect();
    panel.cmd(["submit"]).args(&files).assert().success();
    let ids: Vec<String> = ids(&panel).into_iter().take(deleted).collect();
    if !ids.is_empty() {
        panel.cmd(["delete", "--yes"]).args(&ids).assert().success();
    }
    panel
}

fn ids(panel: &Panel) -> Vec<String> {
    panel
        .list_json()
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect()
}

fn export(panel: &Panel, format: &str) -> Vec<u8> {
    let out = panel
        .cmd(["audit", "export", "--format", format])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

fn write(panel: &Panel, name: &str, bytes: &[u8]) -> PathBuf {
    panel.file(name, bytes)
}

/// `audit verify FILE [extra]`: exit code, stdout, stderr.
fn verify(panel: &Panel, file: &Path, extra: &[&str]) -> (i32, String, String) {
    let out = panel
        .cmd(["audit", "verify"])
        .arg(file)
        .args(extra)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn checkpoint(panel: &Panel) -> String {
    let out = panel.cmd(["audit", "checkpoint"]).output().unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

/// The lines of a JSON export that hold one ledger entry each.
fn entry_lines(text: &str) -> Vec<usize> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| l.starts_with("{\"leaf\":"))
        .map(|(i, _)| i)
        .collect()
}

fn rejoin(lines: &[String]) -> Vec<u8> {
    let mut text = lines.join("\n");
    text.push('\n');
    text.into_bytes()
}

#[test]
fn export_and_verify_round_trip_on_a_thousand_entries() {
    let panel = panel_with(700, 300);
    for format in ["json", "jsonl"] {
        let bytes = export(&panel, format);
        let file = write(&panel, &format!("export.{format}"), &bytes);
        let (code, stdout, stderr) = verify(&panel, &file, &[]);
        assert_eq!(code, 0, "{format}: {stderr}");
        let size: u64 = stdout
            .trim()
            .trim_start_matches("ok ")
            .split(':')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        assert!(size >= 1000, "{format}: only {size} entries");
    }
}

#[test]
fn json_export_matches_its_schema() {
    let panel = panel_with(6, 2);
    let schema: Value =
        serde_json::from_str(include_str!("../../schema/audit-export.schema.json")).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    let document: Value = serde_json::from_slice(&export(&panel, "json")).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&document)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(document["receipts"].as_array().unwrap().len(), 6);
    let deleted = document["receipts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["state"] == "deleted")
        .count();
    assert_eq!(deleted, 2);
}

#[test]
fn the_schema_rejects_a_broken_export() {
    let panel = panel_with(2, 0);
    let schema: Value =
        serde_json::from_str(include_str!("../../schema/audit-export.schema.json")).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let mut document: Value = serde_json::from_slice(&export(&panel, "json")).unwrap();
    document["ledger"]["root"] = Value::from("not a hash");
    assert!(!validator.is_valid(&document));
}

#[test]
fn jsonl_records_each_have_a_type() {
    let panel = panel_with(3, 1);
    let text = String::from_utf8(export(&panel, "jsonl")).unwrap();
    let types: Vec<String> = text
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["type"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(types.iter().filter(|t| *t == "receipt").count(), 3);
    assert!(types.iter().filter(|t| *t == "entry").count() >= 5);
    assert_eq!(types.first().map(String::as_str), Some("summary"));
    assert_eq!(types.iter().filter(|t| *t == "summary").count(), 1);
}

#[test]
fn csv_has_one_row_per_receipt_and_md_names_the_root() {
    let panel = panel_with(4, 1);
    let csv = String::from_utf8(export(&panel, "csv")).unwrap();
    assert_eq!(csv.lines().count(), 1 + 4);
    assert!(
        csv.lines()
            .next()
            .unwrap()
            .starts_with("id,submitted_at,month,")
    );
    let md = String::from_utf8(export(&panel, "md")).unwrap();
    // An export includes its own `export_made` entry, so nothing follows it.
    assert!(
        md.contains(&format!("Checkpoint: `{}`", checkpoint(&panel))),
        "{md}"
    );
    assert!(md.contains("| email | 4 |"), "{md}");
    assert!(md.contains("| panelist | 1 |"), "{md}");
}

#[test]
fn checkpoint_matches_a_fresh_export() {
    let panel = panel_with(3, 0);
    let bytes = export(&panel, "json");
    let document: Value = serde_json::from_slice(&bytes).unwrap();
    let from_export = format!(
        "{}:{}",
        document["ledger"]["size"],
        document["ledger"]["root"].as_str().unwrap()
    );
    assert_eq!(checkpoint(&panel), from_export);
}

#[test]
fn a_flipped_byte_names_the_altered_entry() {
    let panel = panel_with(5, 1);
    let text = String::from_utf8(export(&panel, "json")).unwrap();
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    let third = entry_lines(&text)[2];
    lines[third] = lines[third].replacen("\"at\":\"2026", "\"at\":\"2027", 1);
    let file = write(&panel, "flipped.json", &rejoin(&lines));
    let (code, _, stderr) = verify(&panel, &file, &[]);
    assert_eq!(code, 1);
    assert!(stderr.contains("entry 3 was altered"), "{stderr}");
}

#[test]
fn removed_reordered_and_inserted_entries_are_named() {
    let panel = panel_with(5, 0);
    let text = String::from_utf8(export(&panel, "json")).unwrap();
    let lines: Vec<String> = text.lines().map(String::from).collect();
    let entries = entry_lines(&text);

    let mut removed = lines.clone();
    removed.remove(entries[1]);
    let (code, _, stderr) = verify(
        &panel,
        &write(&panel, "removed.json", &rejoin(&removed)),
        &[],
    );
    assert_eq!(code, 1);
    assert!(
        stderr.contains("entry 2 carries sequence number 3"),
        "{stderr}"
    );

    let mut swapped = lines.clone();
    swapped.swap(entries[2], entries[3]);
    let (code, _, stderr) = verify(
        &panel,
        &write(&panel, "swapped.json", &rejoin(&swapped)),
        &[],
    );
    assert_eq!(code, 1);
    assert!(
        stderr.contains("entry 3 carries sequence number 4"),
        "{stderr}"
    );

    let mut inserted = lines.clone();
    inserted.insert(entries[1], lines[entries[0]].clone());
    let (code, _, stderr) = verify(
        &panel,
        &write(&panel, "inserted.json", &rejoin(&inserted)),
        &[],
    );
    assert_eq!(code, 1);
    assert!(
        stderr.contains("entry 2 carries sequence number 1"),
        "{stderr}"
    );
}

#[test]
fn truncated_exports_fail_in_both_forms() {
    let panel = panel_with(4, 0);
    for format in ["json", "jsonl"] {
        let bytes = export(&panel, format);
        for cut in [bytes.len() / 3, bytes.len() - 5] {
            let file = write(&panel, &format!("cut.{format}"), &bytes[..cut]);
            let (code, _, stderr) = verify(&panel, &file, &[]);
            assert_eq!(code, 1, "{format} cut at {cut}");
            assert!(
                stderr.contains("truncated"),
                "{format} cut at {cut}: {stderr}"
            );
        }
    }
}

#[test]
fn a_rewritten_leaf_and_entry_still_fail_on_the_root() {
    let panel = panel_with(3, 0);
    let text = String::from_utf8(export(&panel, "jsonl")).unwrap();
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    // The export's own entry, the last: rewritten with its leaf, only the
    // root can tell.
    let index = lines
        .iter()
        .rposition(|l| l.contains("\"event\":\"export_made\""))
        .unwrap();
    let record: Value = serde_json::from_str(&lines[index]).unwrap();
    let entry =
        record["entry"]
            .to_string()
            .replacen("\"entries_before\":", "\"entries_before\":1", 1);
    let leaf = leaf_hex(entry.as_bytes());
    lines[index] = format!("{{\"type\":\"entry\",\"leaf\":\"{leaf}\",\"entry\":{entry}}}");
    let (code, _, stderr) = verify(
        &panel,
        &write(&panel, "rewritten.jsonl", &rejoin(&lines)),
        &[],
    );
    assert_eq!(code, 1);
    assert!(stderr.contains("root"), "{stderr}");
}

fn leaf_hex(entry: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    let mut hasher = Sha256::new();
    hasher.update([0u8]);
    hasher.update(entry);
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[test]
fn receipts_must_agree_with_the_ledger() {
    let panel = panel_with(3, 1);
    let mut document: Value = serde_json::from_slice(&export(&panel, "json")).unwrap();
    let receipts = document["receipts"].as_array_mut().unwrap();
    let live = receipts
        .iter_mut()
        .find(|r| r["state"] != "deleted")
        .unwrap();
    live["state"] = Value::from("deleted");
    let file = write(
        &panel,
        "disagree.json",
        &serde_json::to_vec(&document).unwrap(),
    );
    let (code, _, stderr) = verify(&panel, &file, &[]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("is exported as deleted but shows shared fields"),
        "{stderr}"
    );
}

#[test]
fn an_earlier_checkpoint_is_proved_consistent() {
    let panel = panel_with(3, 0);
    let earlier = checkpoint(&panel);
    let more = panel.file("more.txt", text_receipt("Later Shop", "2026-03-16", "9.99"));
    panel.cmd(["submit"]).arg(&more).assert().success();
    let file = write(&panel, "later.json", &export(&panel, "json"));
    let (code, stdout, stderr) = verify(&panel, &file, &["--checkpoint", &earlier]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.starts_with("ok "), "{stdout}");
    assert!(stderr.contains("extends checkpoint"), "{stderr}");

    let (size, _) = earlier.split_once(':').unwrap();
    let forged = format!("{size}:{}", "ab".repeat(32));
    let (code, _, stderr) = verify(&panel, &file, &["--checkpoint", &forged]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("were rewritten since the checkpoint"),
        "{stderr}"
    );

    let future = format!("999999:{}", "ab".repeat(32));
    let (code, _, stderr) = verify(&panel, &file, &["--checkpoint", &future]);
    assert_eq!(code, 1);
    assert!(stderr.contains("only"), "{stderr}");
}

#[test]
fn ledger_entries_hold_no_personal_value() {
    let panel = Panel::new();
    let body = "Marigold Pharmacy Ltd\n2026-03-14\nPaid with 4111 1111 1111 1111\nmail jane.roe@private.example\nTOTAL 17.35\n";
    let file = panel.file("personal.txt", body);
    panel.cmd(["submit"]).arg(&file).assert().success();
    let document: Value = serde_json::from_slice(&export(&panel, "json")).unwrap();
    let entries = document["ledger"]["entries"].to_string();
    let readable = without_digests(&entries);
    for value in [
        "Marigold",
        "4111",
        "jane.roe",
        "private.example",
        "17.35",
        "1735",
    ] {
        assert!(
            !readable.contains(value),
            "{value} is in the ledger: {entries}"
        );
    }
    assert!(
        entries.contains("\"withheld\":{\"card\":1,\"email\":1}"),
        "{entries}"
    );
}

#[test]
fn a_deleted_receipt_leaves_nothing_in_any_export() {
    let panel = Panel::new();
    let marker = "Zanzibar Quokka Emporium";
    let file = panel.file("gone.txt", text_receipt(marker, "2026-03-14", "31.41"));
    panel.cmd(["submit"]).arg(&file).assert().success();
    let id = ids(&panel).remove(0);
    assert!(
        String::from_utf8(export(&panel, "json"))
            .unwrap()
            .contains(marker),
        "the search can find it while it lives"
    );
    panel.cmd(["delete", "--yes", &id]).assert().success();
    for format in ["json", "jsonl", "csv", "md"] {
        let text = String::from_utf8(export(&panel, format)).unwrap();
        let readable = without_digests(&text);
        assert!(
            !readable.contains(marker) && !readable.contains("31.41") && !readable.contains("3141"),
            "{format}: {text}"
        );
        if format != "md" {
            assert!(
                text.contains(&id),
                "{format} still accounts for the deletion"
            );
        }
    }
}

#[test]
fn export_to_a_file_and_bad_arguments() {
    let panel = panel_with(2, 0);
    let target = panel.home().with_extension("files").join("out.json");
    panel
        .cmd(["audit", "export", "-o"])
        .arg(&target)
        .assert()
        .success();
    let (code, _, stderr) = verify(&panel, &target, &[]);
    assert_eq!(code, 0, "{stderr}");
    panel
        .cmd([
            "audit",
            "export",
            "--since",
            "2026-03-20",
            "--until",
            "2026-03-01",
        ])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("swap them"));
    panel
        .cmd(["audit", "verify", "/nonexistent/export.json"])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("cannot read"));
    panel
        .cmd(["audit", "verify", "--checkpoint", "12-abc"])
        .arg(&target)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("SIZE:ROOT"));
}

// Every record bound to the ledger

/// A panel with live and deleted receipts, a survey, a charity chosen and a
/// closed month (March, exported in April), and its JSON export.
fn bound_panel() -> (Panel, Value) {
    let panel = panel_with(3, 1);
    panel
        .cmd(["survey", "add", "--title", "Coffee", "--reward", "1"])
        .assert()
        .success();
    panel
        .cmd(["reward", "choose", "charity", "feeding"])
        .assert()
        .success();
    let out = panel
        .cmd(["audit", "export"])
        .env("PANEL_NOW", "2026-04-02T12:00:00Z")
        .output()
        .unwrap();
    assert!(out.status.success());
    let document = serde_json::from_slice(&out.stdout).unwrap();
    (panel, document)
}

/// Verifies `document` after `tamper`; the failure must name `expected`.
fn assert_named(panel: &Panel, document: &Value, tamper: impl Fn(&mut Value), expected: &str) {
    let mut copy = document.clone();
    tamper(&mut copy);
    let file = write(panel, "tampered.json", &serde_json::to_vec(&copy).unwrap());
    let (code, stdout, stderr) = verify(panel, &file, &[]);
    assert_eq!(code, 1, "passed with {expected}: {stdout}");
    assert!(stderr.contains(expected), "{expected}: {stderr}");
}

fn month<'a>(document: &'a mut Value, name: &str) -> &'a mut Value {
    document["rewards"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|r| r["month"] == name)
        .unwrap()
}

fn live(document: &mut Value) -> &mut Value {
    document["receipts"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|r| r["state"] != "deleted")
        .unwrap()
}

#[test]
fn every_tamper_is_named() {
    let (panel, document) = bound_panel();
    let file = write(
        &panel,
        "sound.json",
        &serde_json::to_vec(&document).unwrap(),
    );
    let (code, _, stderr) = verify(&panel, &file, &[]);
    assert_eq!(code, 0, "{stderr}");
    let id = live(&mut document.clone())["id"]
        .as_str()
        .unwrap()
        .to_string();
    let receipt = format!("receipt {id}");
    let fields: [(&str, Value); 4] = [
        ("merchant", Value::from("Other Shop")),
        ("total_minor", Value::from(1)),
        ("purchase_date", Value::from("2026-01-01")),
        (
            "items",
            serde_json::json!([{"description": "Caviar", "quantity": 1, "amount_minor": 1}]),
        ),
    ];
    for (key, value) in fields {
        assert_named(
            &panel,
            &document,
            |d| live(d)["fields"][key] = value.clone(),
            &receipt,
        );
    }
    let members: [(&str, Value); 5] = [
        ("category", Value::from("grocery")),
        ("withheld", serde_json::json!({})),
        ("health_consent", Value::from(true)),
        (
            "shared_content",
            serde_json::json!({"mime": "text/plain", "size": 1, "sha256": "ab".repeat(32)}),
        ),
        ("device", serde_json::json!({"os": "x"})),
    ];
    for (key, value) in members {
        assert_named(
            &panel,
            &document,
            |d| live(d)[key] = value.clone(),
            &receipt,
        );
    }
    // A receipt removed from a full export.
    assert_named(
        &panel,
        &document,
        |d| {
            d["receipts"]
                .as_array_mut()
                .unwrap()
                .retain(|r| r["id"] != id.as_str())
        },
        &receipt,
    );
    // A deletion's cause.
    assert_named(
        &panel,
        &document,
        |d| {
            let deleted = d["receipts"]
                .as_array_mut()
                .unwrap()
                .iter_mut()
                .find(|r| r["state"] == "deleted")
                .unwrap();
            deleted["deleted"]["cause"] = Value::from("retention");
        },
        "receipt ",
    );
    // The closed month's reward, and a charity not on the list.
    assert_eq!(
        document["rewards"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["month"] == "2026-03")
            .unwrap()["destination"],
        "charity:feeding-america"
    );
    for (key, value) in [
        ("destination", Value::from("charity:my-own-pocket")),
        ("destination", Value::from("balance")),
        ("reward_minor", Value::from(99999)),
        ("counted", Value::from(10)),
    ] {
        assert_named(
            &panel,
            &document,
            |d| month(d, "2026-03")[key] = value.clone(),
            "month 2026-03",
        );
    }
    // A survey's reward, and a survey that never happened.
    assert_named(
        &panel,
        &document,
        |d| d["surveys"][0]["reward_minor"] = Value::from(500),
        "survey ",
    );
    assert_named(
        &panel,
        &document,
        |d| {
            let mut fake = d["surveys"][0].clone();
            fake["id"] = Value::from("zzzzzzzzzz");
            d["surveys"].as_array_mut().unwrap().push(fake);
        },
        "survey zzzzzzzzzz",
    );
    assert_named(
        &panel,
        &document,
        |d| d["device_shared"]["consent"] = Value::from(true),
        "device_shared",
    );
    assert_named(
        &panel,
        &document,
        |d| d["charities"][0]["name"] = Value::from("Someone Else"),
        "the export's head",
    );
}

#[test]
fn a_deleted_receipt_keeps_no_opening() {
    let panel = panel_with(2, 0);
    let before: Value = serde_json::from_slice(&export(&panel, "json")).unwrap();
    let first = &before["receipts"][0];
    let (id, opening) = (
        first["id"].as_str().unwrap(),
        first["opening"].as_str().unwrap(),
    );
    assert_eq!(opening.len(), 64);
    panel.cmd(["delete", "--yes", id]).assert().success();
    let after = export(&panel, "json");
    let document: Value = serde_json::from_slice(&after).unwrap();
    let deleted = document["receipts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == id)
        .unwrap();
    assert_eq!(deleted["opening"], Value::Null);
    assert_eq!(deleted["fields"], Value::Null);
    assert_eq!(deleted["commitment"], first["commitment"]);
    // Neither the export nor the store's files hold the opening any more.
    assert!(!String::from_utf8_lossy(&after).contains(opening));
    let raw = data_encoding_hex(opening);
    assert!(
        crate::support::occurrences(panel.home(), &raw).is_empty(),
        "the opening is still in the store"
    );
    let file = write(&panel, "after.json", &after);
    assert_eq!(verify(&panel, &file, &[]).0, 0);
}

fn data_encoding_hex(hex: &str) -> Vec<u8> {
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
        .collect()
}

#[test]
fn entries_must_be_canonical_and_a_bom_is_skipped() {
    let panel = panel_with(2, 0);
    let text = String::from_utf8(export(&panel, "jsonl")).unwrap();
    let lines: Vec<String> = text.lines().map(String::from).collect();
    let index = lines
        .iter()
        .position(|l| l.starts_with("{\"type\":\"entry\""))
        .unwrap();
    let record: Value = serde_json::from_str(&lines[index]).unwrap();
    let entry = record["entry"].to_string();
    let forged = [
        entry.replacen('{', "{\"seq\":1,", 1),
        entry.replacen(",", ", ", 1),
        entry.replacen('{', "{\"zz\":1e999,", 1),
    ];
    for bad in forged {
        let mut copy = lines.clone();
        let leaf = leaf_hex(bad.as_bytes());
        copy[index] = format!("{{\"type\":\"entry\",\"leaf\":\"{leaf}\",\"entry\":{bad}}}");
        let file = write(&panel, "forged.jsonl", &rejoin(&copy));
        let (code, _, stderr) = verify(&panel, &file, &[]);
        assert_eq!(code, 1, "{bad}");
        assert!(
            stderr.contains("entry 1 is not in canonical form")
                || stderr.contains("entry 1 is malformed"),
            "{bad}: {stderr}"
        );
    }
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(text.as_bytes());
    let (code, _, stderr) = verify(&panel, &write(&panel, "bom.jsonl", &bom), &[]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("byte order mark"), "{stderr}");
    let (code, _, stderr) = verify(&panel, &write(&panel, "zero.json", &[0u8; 64]), &[]);
    assert_eq!(code, 1);
    assert!(stderr.contains("byte 0x00"), "{stderr}");
}

#[test]
fn a_hundred_files_with_one_broken() {
    let panel = panel_with(2, 0);
    let bytes = export(&panel, "jsonl");
    let dir = panel.home().join("exports");
    std::fs::create_dir(&dir).unwrap();
    for i in 0..100 {
        let mut copy = bytes.clone();
        if i == 42 {
            copy.truncate(copy.len() / 2);
        }
        std::fs::write(dir.join(format!("p{i:03}.jsonl")), copy).unwrap();
    }
    let out = panel.cmd(["audit", "verify"]).arg(&dir).output().unwrap();
    assert_eq!(out.status.code(), Some(4));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(stdout.lines().count(), 100);
    let failed: Vec<&str> = stdout.lines().filter(|l| l.starts_with("FAILED")).collect();
    assert_eq!(failed.len(), 1, "{stdout}");
    assert!(failed[0].contains("p042.jsonl"), "{stdout}");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("100 files: 99 ok, 1 failed"), "{stderr}");
    let out = panel
        .cmd(["audit", "verify", "--json"])
        .arg(dir.join("p041.jsonl"))
        .arg(dir.join("p042.jsonl"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    let objects: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(objects.len(), 2);
    assert_eq!(objects[0]["ok"], true);
    assert_eq!(objects[1]["ok"], false);
}

/// A version 1 export of `entries` padded entries, streamed into `out`.
fn generate(entries: u64, mut out: impl std::io::Write) -> std::io::Result<()> {
    use panel::proof::merkle::{RootBuilder, leaf_hash, to_hex};
    let pad = "x".repeat(1000);
    let mut tree = RootBuilder::new();
    let entry = |seq: u64| {
        format!(
            "{{\"at\":\"2026-03-20T10:00:00Z\",\"event\":\"note\",\"pad\":\"{pad}\",\"seq\":{seq}}}"
        )
    };
    for seq in 1..=entries {
        tree.push(leaf_hash(entry(seq).as_bytes()));
    }
    writeln!(
        out,
        "{{\"type\":\"summary\",\"format\":\"panel-audit-export\",\"version\":1,\"size\":{entries},\"root\":\"{}\"}}",
        to_hex(&tree.root())
    )?;
    for seq in 1..=entries {
        let e = entry(seq);
        writeln!(
            out,
            "{{\"type\":\"entry\",\"leaf\":\"{}\",\"entry\":{e}}}",
            to_hex(&leaf_hash(e.as_bytes()))
        )?;
    }
    Ok(())
}

#[test]
fn verify_streams_a_large_export_under_a_memory_limit() {
    // 300 MB through a pipe, with 200 MB of address space: reading the
    // whole file first cannot fit.
    let panel = Panel::new();
    let binary = assert_cmd::cargo::cargo_bin("panel");
    let mut child = panel
        .std_cmd(std::path::Path::new("prlimit"), ["--as=200000000", "--"])
        .arg(&binary)
        .args(["audit", "verify", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || generate(280_000, std::io::BufWriter::new(stdin)));
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("ok 280000:"));
    // An endless line fails fast instead.
    let out = panel
        .std_cmd(std::path::Path::new("prlimit"), ["--as=200000000", "--"])
        .arg(&binary)
        .args(["audit", "verify", "-"])
        .stdin(std::fs::File::open("/dev/zero").unwrap())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("byte 0x00"));
    // So does one line that never ends.
    let mut child = panel
        .std_cmd(std::path::Path::new("prlimit"), ["--as=200000000", "--"])
        .arg(&binary)
        .args(["audit", "verify", "-"])
        .stdin(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        use std::io::Write;
        stdin.write_all(b"{\"type\":\"summary\",\"x\":\"")?;
        let chunk = vec![b'x'; 1 << 20];
        for _ in 0..64 {
            stdin.write_all(&chunk)?;
        }
        Ok::<_, std::io::Error>(())
    });
    let out = child.wait_with_output().unwrap();
    let _ = writer.join().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("line 1 is longer than 16 MiB"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn tree_size(panel: &Panel) -> u64 {
    checkpoint(panel)
        .split(':')
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

#[test]
fn export_writes_in_place_refuses_links_and_records_only_what_was_delivered() {
    let panel = panel_with(2, 0);
    let size = tree_size(&panel);
    // A write that fails leaves no export_made entry.
    let out = panel
        .cmd(["audit", "export", "-o", "/dev/full"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(tree_size(&panel), size);
    // /dev/null stays a device, and the delivered export is recorded.
    panel
        .cmd(["audit", "export", "-o", "/dev/null"])
        .assert()
        .success();
    assert_eq!(tree_size(&panel), size + 1);
    // A FIFO is written in place.
    let fifo = panel.home().join("fifo");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read(fifo).unwrap())
    };
    panel
        .cmd(["audit", "export", "--format", "jsonl", "-o"])
        .arg(&fifo)
        .assert()
        .success();
    let read = reader.join().unwrap();
    assert!(
        String::from_utf8_lossy(&read)
            .lines()
            .next()
            .unwrap()
            .contains("\"type\":\"summary\"")
    );
    use std::os::unix::fs::FileTypeExt;
    assert!(
        std::fs::symlink_metadata(&fifo)
            .unwrap()
            .file_type()
            .is_fifo()
    );
    // A link to a regular file is refused unless followed.
    let target = panel.home().join("target.json");
    std::fs::write(&target, "old").unwrap();
    let link = panel.home().join("link.json");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let out = panel
        .cmd(["audit", "export", "-o"])
        .arg(&link)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("symbolic link"));
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "old");
    panel
        .cmd(["audit", "export", "--follow-symlink", "-o"])
        .arg(&link)
        .assert()
        .success();
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(std::fs::read_to_string(&target).unwrap().starts_with('{'));
    // The temporary file of an export killed mid-way is swept by the next.
    let stale = panel.home().join(".panel-export-4294967294-abcd.tmp");
    std::fs::write(&stale, "half").unwrap();
    panel
        .cmd(["audit", "export", "-o"])
        .arg(panel.home().join("e.json"))
        .assert()
        .success();
    assert!(!stale.exists());
}

/// Whether `python3 -c "import duckdb"` works; outside CI a missing DuckDB
/// skips the test with a reason, in CI it fails.
fn duckdb() -> bool {
    let ok = std::process::Command::new("python3")
        .args(["-c", "import duckdb"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            std::env::var_os("CI").is_none(),
            "DuckDB is missing: pip install duckdb (.ci/run does)"
        );
        eprintln!("skipped: DuckDB is not installed (pip install duckdb)");
    }
    ok
}

#[test]
fn the_documented_duckdb_query_reads_a_folder_of_exports() {
    if !duckdb() {
        return;
    }
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/duckdb");
    let work = tempfile::tempdir().unwrap();
    std::fs::create_dir(work.path().join("exports")).unwrap();
    for (i, (n, deleted)) in [(3, 1), (2, 0), (4, 2)].into_iter().enumerate() {
        let panel = panel_with(n, deleted);
        std::fs::write(
            work.path().join(format!("exports/p{i}.jsonl")),
            export(&panel, "jsonl"),
        )
        .unwrap();
    }
    let out = std::process::Command::new("python3")
        .arg(root.join("run.py"))
        .arg(root.join("panel-audit.sql"))
        .current_dir(work.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let results: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    // Every receipt, deleted ones too, carries an e-mail address: 9 in all,
    // from 3 panelists, all shared in March and read as "other".
    assert_eq!(results[0], serde_json::json!([["2026-03", "other", 9, 3]]));
    assert_eq!(results[1], serde_json::json!([["email", 9]]));
    assert_eq!(results[2], serde_json::json!([["2026-03", 0, 9]]));
}

#[test]
fn a_store_from_before_commitments_verifies_and_says_what_is_unbound() {
    let panel = Panel::new();
    panel.with_store_fixture("v2-panel.db");
    let bytes = export(&panel, "json");
    let document: Value = serde_json::from_slice(&bytes).unwrap();
    let receipts = document["receipts"].as_array().unwrap();
    assert!(!receipts.is_empty());
    assert!(receipts.iter().all(|r| r["opening"].is_null()));
    let (code, _, stderr) = verify(&panel, &write(&panel, "old.json", &bytes), &[]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("were shared before entries committed to the whole record"),
        "{stderr}"
    );
    // A receipt shared now is bound.
    let file = panel.file("new.txt", text_receipt("New Shop", "2026-03-18", "4.20"));
    panel.cmd(["submit"]).arg(&file).assert().success();
    let document: Value = serde_json::from_slice(&export(&panel, "json")).unwrap();
    let bound = document["receipts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["opening"].is_string())
        .count();
    assert_eq!(bound, 1);
}

#[test]
fn a_filtered_export_says_it_is_partial_and_cannot_pass_as_full() {
    let panel = panel_with(3, 0);
    let out = panel
        .cmd(["audit", "export", "--since", "2026-03-20"])
        .output()
        .unwrap();
    let document: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(document["scope"], "partial");
    let file = write(&panel, "partial.json", &out.stdout);
    let (code, _, stderr) = verify(&panel, &file, &[]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("partial: receipts submitted 2026-03-20 to (any)"),
        "{stderr}"
    );
    let id = document["receipts"][1]["id"].as_str().unwrap().to_string();
    assert_named(
        &panel,
        &document,
        |d| {
            d["receipts"].as_array_mut().unwrap().remove(1);
        },
        &format!("receipt {id}"),
    );
    assert_named(
        &panel,
        &document,
        |d| {
            d["scope"] = Value::from("full");
            d["period"]["since"] = Value::Null;
        },
        "the export's head",
    );
}

/// `text` with its digests (64 hex digits) blanked out: given four digits
/// turn up by chance in about one digest in a thousand, so a search for a
/// withheld value must not look inside them.
fn without_digests(text: &str) -> String {
    regex::Regex::new(r"\b[0-9a-f]{64}\b")
        .unwrap()
        .replace_all(text, "DIGEST")
        .into_owned()
}
