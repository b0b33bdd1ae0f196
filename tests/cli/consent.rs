//! `panel device` and `panel consent`: what device data would accompany a
//! submission, consent to share it kept with its time, and both in the
//! audit export; and the migration that added them.

use std::path::Path;

use panel::clock::rfc3339;
use panel::commands::consent::DeviceChoice;
use panel::device::{DeviceInfo, DeviceSharing};
use panel::store::consents::{ConsentChange, ConsentKind};
use rusqlite::Connection;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::support::{Panel, text_receipt, user_version};

const T1: &str = "2026-03-20T10:00:00Z";
const T2: &str = "2026-03-21T11:30:00Z";
const T3: &str = "2026-03-22T09:15:00Z";

fn export(p: &Panel, now: &str, format: &str) -> String {
    p.run_at(now, ["audit", "export", "--format", format])
        .ok()
        .stdout
}

/// Every ledger entry, from a JSON export.
fn ledger(p: &Panel, now: &str) -> Vec<Value> {
    let document: Value = serde_json::from_str(&export(p, now, "json")).unwrap();
    document["ledger"]["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["entry"].clone())
        .collect()
}

fn history(p: &Panel, now: &str) -> Vec<ConsentChange> {
    read(&p.run_at(now, ["consent", "list", "--json"]).ok().stdout)
}

/// JSON that panel printed, read into `T`. Times are read as instants, so
/// `T` must write the JSON back unchanged: a time printed in another form
/// than the store's fails here.
fn read<T: DeserializeOwned + Serialize>(json: &str) -> T {
    let raw: Value = serde_json::from_str(json).unwrap();
    let read: T = serde_json::from_value(raw.clone()).unwrap();
    assert_eq!(
        serde_json::to_value(&read).unwrap(),
        raw,
        "read back otherwise"
    );
    read
}

fn schema_errors(document: &Value) -> Vec<String> {
    let schema: Value =
        serde_json::from_str(include_str!("../../schema/audit-export.schema.json")).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    validator
        .iter_errors(document)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

fn verify(p: &Panel, now: &str, text: &str, name: &str) {
    let file = p.file(name, text);
    let r = p.run_at(now, [Path::new("audit"), Path::new("verify"), &file]);
    assert_eq!(r.code, 0, "{name} does not verify: {}", r.stderr);
}

fn submit(p: &Panel, now: &str, name: &str, merchant: &str) -> String {
    let file = p.file(name, text_receipt(merchant, "2026-03-15", "12.34"));
    p.run_at(now, [Path::new("submit"), &file]).ok();
    let list = p.list_json();
    list.as_array()
        .unwrap()
        .iter()
        .find(|r| r["merchant"] == merchant)
        .expect("the receipt is listed")["id"]
        .as_str()
        .unwrap()
        .to_string()
}

// ---------------------------------------------------------------------------
// panel device
// ---------------------------------------------------------------------------

#[test]
fn device_shows_what_would_accompany_submissions_and_that_it_is_off() {
    let p = Panel::new();
    let r = p.run_at(T1, ["device", "--json"]).ok();
    let shown: DeviceSharing = read(&r.stdout);
    assert!(!shown.consent);
    assert_eq!(shown.since, None);
    let data: DeviceInfo = shown.data.expect("the data is always shown");
    assert_eq!(data.app_version, env!("CARGO_PKG_VERSION"));
    assert!(!data.os.is_empty() && !data.os_version.is_empty());
    // The raw JSON names exactly the fields of DeviceInfo.
    let raw: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(
        sorted_keys(&raw["data"]),
        ["app_version", "locale", "model", "os", "os_version"]
    );

    let text = p.run_at(T1, ["device"]).ok().stdout;
    assert!(
        text.contains(&format!(
            "app version       panel {}",
            env!("CARGO_PKG_VERSION")
        )),
        "{text}"
    );
    assert!(text.contains("Shared: no"), "{text}");
    assert!(text.contains("panel consent device on"), "{text}");
}

#[test]
fn device_reads_the_locale_without_its_codeset() {
    let p = Panel::new();
    let out = p
        .cmd(["device", "--json"])
        .env("LANG", "de_DE.UTF-8")
        .output()
        .unwrap();
    assert!(out.status.success());
    let shown: DeviceSharing = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(shown.data.unwrap().locale.as_deref(), Some("de_DE"));
    // The tests' cleared environment has no locale at all.
    let shown: DeviceSharing =
        serde_json::from_str(&p.run_at(T1, ["device", "--json"]).ok().stdout).unwrap();
    assert_eq!(shown.data.unwrap().locale, None);
}

// ---------------------------------------------------------------------------
// panel consent
// ---------------------------------------------------------------------------

#[test]
fn on_off_on_is_kept_with_each_time_in_the_store_and_the_ledger() {
    let p = Panel::new();
    let on = p.run_at(T1, ["consent", "device", "on"]).ok().stdout;
    assert!(
        on.contains(&format!("Device consent given at {T1}")),
        "{on}"
    );
    let off = p.run_at(T2, ["consent", "device", "off"]).ok().stdout;
    assert!(
        off.contains(&format!("Device consent withdrawn at {T2}")),
        "{off}"
    );
    p.run_at(T3, ["consent", "device", "on"]).ok();

    let expected: Vec<ConsentChange> = [(T1, true), (T2, false), (T3, true)]
        .into_iter()
        .map(|(at, granted)| ConsentChange {
            kind: ConsentKind::Device,
            receipt: None,
            granted,
            at: at.parse().unwrap(),
        })
        .collect();
    assert_eq!(history(&p, T3), expected);

    let entries: Vec<Value> = ledger(&p, T3)
        .into_iter()
        .filter(|e| e["event"] == "consent_changed")
        .collect();
    assert_eq!(entries.len(), 3, "{entries:#?}");
    for (entry, change) in entries.iter().zip(&expected) {
        // Ids, kinds and times only: exactly these fields.
        assert_eq!(
            sorted_keys(entry),
            ["at", "event", "granted", "kind", "seq"]
        );
        assert_eq!(entry["kind"], "device");
        assert_eq!(entry["granted"], change.granted);
        assert_eq!(entry["at"], rfc3339(change.at));
    }

    let shown: DeviceSharing = read(&p.run_at(T3, ["device", "--json"]).ok().stdout);
    assert!(shown.consent);
    assert_eq!(shown.since.map(rfc3339).as_deref(), Some(T3));
    let text = p.run_at(T3, ["device"]).ok().stdout;
    assert!(text.contains(&format!("Shared: yes, since {T3}")), "{text}");

    let table = p.run_at(T3, ["consent", "list"]).ok().stdout;
    assert_eq!(table.matches("device").count(), 3, "{table}");
    assert_eq!(table.matches("withdrawn").count(), 1, "{table}");
    for at in [T1, T2, T3] {
        assert!(table.contains(at), "{table}");
    }
}

#[test]
fn consent_list_prints_a_table_and_off_says_what_it_does() {
    let p = Panel::new();
    insta::assert_snapshot!("empty", p.run_at(T1, ["consent", "list"]).ok().stdout);
    p.run_at(T1, ["consent", "device", "on"]).ok();
    insta::assert_snapshot!(
        "off",
        p.run_at(T2, ["consent", "device", "off"]).ok().stdout
    );
    insta::assert_snapshot!("list", p.run_at(T2, ["consent", "list"]).ok().stdout);
}

#[test]
fn on_names_each_field_that_will_accompany_receipts() {
    let p = Panel::new();
    let out = p
        .cmd(["consent", "device", "on"])
        .env("LANG", "fr_FR.UTF-8")
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    for word in [
        "operating system",
        "os version",
        "device model",
        "app version",
        "locale            fr_FR",
    ] {
        assert!(text.contains(word), "{word} missing:\n{text}");
    }
}

#[test]
fn asking_for_the_state_in_effect_writes_nothing() {
    let p = Panel::new();
    let db = p.home().join("panel.db");
    // Off is the default: turning it off writes no change.
    let r = p.run_at(T1, ["consent", "device", "off"]).ok();
    assert!(r.stdout.contains("already not shared"), "{}", r.stdout);
    assert!(history(&p, T1).is_empty());

    p.run_at(T1, ["consent", "device", "on"]).ok();
    let before = std::fs::read(&db).unwrap();
    // A later time, even in a later month, changes nothing either.
    for now in [T2, "2026-04-02T08:00:00Z"] {
        let r = p.run_at(now, ["consent", "device", "on"]).ok();
        assert!(
            r.stdout.contains(&format!(
                "already shared (consent given at {T1}); nothing changed"
            )),
            "{}",
            r.stdout
        );
        assert_eq!(std::fs::read(&db).unwrap(), before, "the store was written");
    }
    let entries = ledger(&p, T2);
    assert_eq!(
        entries
            .iter()
            .filter(|e| e["event"] == "consent_changed")
            .count(),
        1
    );
    assert_eq!(history(&p, T2).len(), 1);
}

#[test]
fn consent_device_json_says_the_consent_in_effect_and_whether_it_changed() {
    let p = Panel::new();
    let on: DeviceChoice = read(
        &p.run_at(T1, ["consent", "device", "on", "--json"])
            .ok()
            .stdout,
    );
    assert!(on.changed);
    assert!(on.sharing.consent);
    assert_eq!(on.sharing.since.map(rfc3339).as_deref(), Some(T1));
    let data = on
        .sharing
        .data
        .expect("what accompanies receipts from now on");
    assert_eq!(data.app_version, env!("CARGO_PKG_VERSION"));

    let again: Value = serde_json::from_str(
        &p.run_at(T2, ["consent", "device", "on", "--json"])
            .ok()
            .stdout,
    )
    .unwrap();
    assert_eq!(again["changed"], false);
    assert_eq!(again["since"], T1);

    let off: DeviceChoice = read(
        &p.run_at(T2, ["consent", "device", "off", "--json"])
            .ok()
            .stdout,
    );
    assert!(off.changed);
    assert!(!off.sharing.consent);
    assert_eq!(off.sharing.since.map(rfc3339).as_deref(), Some(T2));
    assert_eq!(off.sharing.data, None, "nothing accompanies receipts now");
    assert_eq!(history(&p, T2).len(), 2);
}

#[test]
fn an_unknown_state_is_a_usage_error() {
    let p = Panel::new();
    let r = p.run_at(T1, ["consent", "device", "maybe"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("possible values: on, off"),
        "{}",
        r.stderr
    );
    assert_eq!(p.run_at(T1, ["consent", "device"]).code, 2);
    assert_eq!(p.run_at(T1, ["consent"]).code, 2);
    assert!(
        !p.home().join("panel.db").exists(),
        "a usage error opened the store"
    );
}

#[test]
fn help_explains_device_data_and_consent() {
    let p = Panel::new();
    let top = p.run_at(T1, ["--help"]).ok().stdout;
    assert!(top.contains("device") && top.contains("consent"), "{top}");
    let device = p.run_at(T1, ["device", "--help"]).ok().stdout;
    for word in [
        "operating system",
        "locale",
        "panel consent device on",
        "--json",
    ] {
        assert!(device.contains(word), "{word} missing:\n{device}");
    }
    let consent = p.run_at(T1, ["consent", "device", "--help"]).ok().stdout;
    for word in ["on", "off", "kept with its time", "panel device"] {
        assert!(consent.contains(word), "{word} missing:\n{consent}");
    }
    let list = p.run_at(T1, ["consent", "list", "--help"]).ok().stdout;
    assert!(list.contains("--json"), "{list}");
}

// ---------------------------------------------------------------------------
// Receipts, deletion and the audit export
// ---------------------------------------------------------------------------

/// A health consent as a submission records it, written straight into the
/// store (submitting with health consent is another command's work).
fn record_health_consent(p: &Panel, receipt: &str, at: &str) {
    let conn = Connection::open(p.home().join("panel.db")).unwrap();
    conn.execute(
        "INSERT INTO consents (kind, receipt, granted, at) VALUES ('health', ?1, 1, ?2)",
        [receipt, at],
    )
    .unwrap();
}

#[test]
fn a_deleted_receipt_keeps_its_consent_history() {
    let p = Panel::new();
    let id = submit(&p, T1, "a.txt", "Corner Chemist");
    record_health_consent(&p, &id, T1);
    p.run_at(T2, ["delete", "--yes", &id]).ok();
    assert_eq!(
        history(&p, T2),
        vec![ConsentChange {
            kind: ConsentKind::Health,
            receipt: Some(id.clone()),
            granted: true,
            at: T1.parse().unwrap(),
        }]
    );
    let document: Value = serde_json::from_str(&export(&p, T2, "json")).unwrap();
    assert_eq!(document["consents"][0]["receipt"], id.as_str());
    assert_eq!(document["receipts"][0]["state"], "deleted");
    assert!(
        schema_errors(&document).is_empty(),
        "{:#?}",
        schema_errors(&document)
    );
    assert!(
        document["gdpr"]["categories_of_data"]
            .to_string()
            .contains("health data only on the 1 receipt(s)"),
        "{}",
        document["gdpr"]
    );
}

#[test]
fn the_export_accounts_for_consents_and_device_data_and_verifies() {
    let p = Panel::new();
    submit(&p, T1, "a.txt", "Early Shop");
    // Never consented: no device data, and the GDPR section says so.
    let document: Value = serde_json::from_str(&export(&p, T1, "json")).unwrap();
    assert!(
        schema_errors(&document).is_empty(),
        "{:#?}",
        schema_errors(&document)
    );
    assert_eq!(document["consents"], serde_json::json!([]));
    assert_eq!(
        document["device_shared"],
        serde_json::json!({ "consent": false, "since": null, "data": null })
    );
    assert_eq!(document["receipts"][0]["device"], Value::Null);
    let gdpr = document["gdpr"].to_string();
    assert!(gdpr.contains("no device data"), "{gdpr}");
    assert!(gdpr.contains("consent never given"), "{gdpr}");

    p.run_at(T1, ["consent", "device", "on"]).ok();
    p.run_at(T2, ["consent", "device", "off"]).ok();
    p.run_at(T3, ["consent", "device", "on"]).ok();
    submit(&p, T3, "b.txt", "Later Shop");

    let json = export(&p, T3, "json");
    let document: Value = serde_json::from_str(&json).unwrap();
    assert!(
        schema_errors(&document).is_empty(),
        "{:#?}",
        schema_errors(&document)
    );
    let consents: Vec<ConsentChange> = read(&document["consents"].to_string());
    assert_eq!(history(&p, T3), consents);
    assert_eq!(consents.len(), 3);
    let shared: DeviceSharing = read(&document["device_shared"].to_string());
    assert!(shared.consent);
    assert_eq!(shared.since.map(rfc3339).as_deref(), Some(T3));
    assert_eq!(
        shared.data.expect("shared while on").app_version,
        env!("CARGO_PKG_VERSION")
    );
    let gdpr = document["gdpr"].to_string();
    assert!(gdpr.contains(&format!("it is on since {T3}")), "{gdpr}");
    assert!(gdpr.contains("withdraw_consent"), "{gdpr}");
    verify(&p, T3, &json, "export.json");

    let jsonl = export(&p, T3, "jsonl");
    let records: Vec<Value> = jsonl
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let consent_records: Vec<&Value> = records.iter().filter(|r| r["type"] == "consent").collect();
    assert_eq!(consent_records.len(), 3);
    assert_eq!(consent_records[1]["granted"], false);
    assert_eq!(records[0]["type"], "summary");
    assert_eq!(records[0]["device_shared"]["consent"], true);
    verify(&p, T3, &jsonl, "export.jsonl");

    let csv = export(&p, T3, "csv");
    assert!(
        csv.lines()
            .next()
            .unwrap()
            .ends_with(",deleted_cause,device"),
        "{csv}"
    );
    assert_eq!(csv.lines().count(), 3);

    let md = export(&p, T3, "md");
    assert!(md.contains("## Consents and device data"), "{md}");
    assert!(
        md.contains(&format!(
            "Device data is shared with each receipt submitted, since {T3}"
        )),
        "{md}"
    );
    assert!(md.contains(&format!("| {T2} | withdrawn |")), "{md}");

    // Off again: the export keeps the history and shows no device data.
    p.run_at("2026-03-23T10:00:00Z", ["consent", "device", "off"])
        .ok();
    let document: Value =
        serde_json::from_str(&export(&p, "2026-03-23T10:00:00Z", "json")).unwrap();
    assert!(
        schema_errors(&document).is_empty(),
        "{:#?}",
        schema_errors(&document)
    );
    assert_eq!(document["device_shared"]["consent"], false);
    assert_eq!(document["device_shared"]["data"], Value::Null);
    assert_eq!(document["consents"].as_array().unwrap().len(), 4);
    assert!(
        document["gdpr"].to_string().contains("it is off now"),
        "{}",
        document["gdpr"]
    );
}

#[test]
fn the_schema_refuses_device_data_without_consent() {
    let p = Panel::new();
    let mut document: Value = serde_json::from_str(&export(&p, T1, "json")).unwrap();
    document["device_shared"]["data"] = serde_json::json!({
        "os": "Linux", "os_version": "1", "model": null,
        "app_version": "0.1.0", "locale": null
    });
    assert!(!schema_errors(&document).is_empty());
}

// ---------------------------------------------------------------------------
// A store of the previous schema
// ---------------------------------------------------------------------------

/// `tests/fixtures/v2-panel.db` was written by `panel` at schema 2, before
/// consents: four receipts in January 2026 (one with an e-mail withheld), a
/// survey, January frozen in February, rewards sent to feeding-america from
/// February, and two February receipts of which one was deleted.
#[test]
fn a_store_of_schema_2_migrates_and_keeps_everything() {
    let p = Panel::new();
    let db = p.with_store_fixture("v2-panel.db");
    assert_eq!(user_version(&db), 2);
    let list = p.list_json();
    assert_eq!(user_version(&db), 4);
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 5);
    assert_eq!(list.iter().filter(|r| r["month"] == "2026-01").count(), 4);
    assert!(history(&p, T1).is_empty());
    let shown: DeviceSharing =
        serde_json::from_str(&p.run_at(T1, ["device", "--json"]).ok().stdout).unwrap();
    assert!(!shown.consent, "an old store shares no device data");

    let rewards: Value =
        serde_json::from_str(&p.run_at(T1, ["reward", "history", "--json"]).ok().stdout).unwrap();
    let january = &rewards.as_array().unwrap()[0];
    assert_eq!(january["month"], "2026-01");
    assert_eq!(january["closed_at"], "2026-02-02T12:00:00Z");
    assert_eq!(january["survey_minor"], 250);
    let surveys = p.run_at(T1, ["survey", "list"]).ok().stdout;
    assert!(surveys.contains("Breakfast habits"), "{surveys}");

    // The old log goes on: a consent lands on top of it, and it verifies.
    p.run_at(T1, ["consent", "device", "on"]).ok();
    let json = export(&p, T1, "json");
    let document: Value = serde_json::from_str(&json).unwrap();
    assert!(
        schema_errors(&document).is_empty(),
        "{:#?}",
        schema_errors(&document)
    );
    let events: Vec<&str> = document["ledger"]["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["entry"]["event"].as_str().unwrap())
        .collect();
    assert_eq!(events.iter().filter(|e| **e == "receipt_shared").count(), 6);
    assert_eq!(
        events.iter().filter(|e| **e == "receipt_deleted").count(),
        1
    );
    assert_eq!(
        events.iter().filter(|e| **e == "consent_changed").count(),
        1
    );
    let receipts = document["receipts"].as_array().unwrap();
    assert_eq!(receipts.len(), 6);
    assert!(receipts.iter().all(|r| r["device"].is_null()));
    verify(&p, T1, &json, "export.json");

    // The new column and table are there.
    let conn = Connection::open(&db).unwrap();
    let devices: i64 = conn
        .query_row(
            "SELECT count(*) FROM receipts WHERE device IS NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(devices, 5);
}

/// The keys of a JSON object, sorted.
fn sorted_keys(object: &Value) -> Vec<&str> {
    let mut keys: Vec<&str> = object
        .as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    keys
}
