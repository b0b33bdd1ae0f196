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
    let index = lines
        .iter()
        .position(|l| l.starts_with("{\"type\":\"entry\""))
        .unwrap();
    let record: Value = serde_json::from_str(&lines[index]).unwrap();
    let entry = record["entry"].to_string().replacen(
        "\"category\":\"other\"",
        "\"category\":\"grocery\"",
        1,
    );
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
        stderr.contains("exported as deleted but the ledger has no deletion"),
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
    assert!(stderr.contains("consistency proof fails"), "{stderr}");

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
    for value in [
        "Marigold",
        "4111",
        "jane.roe",
        "private.example",
        "17.35",
        "1735",
    ] {
        assert!(
            !entries.contains(value),
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
        assert!(
            !text.contains(marker) && !text.contains("31.41") && !text.contains("3141"),
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
