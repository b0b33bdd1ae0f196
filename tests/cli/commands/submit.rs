//! `panel submit`: what is read and recorded, and every refusal.

use super::*;

#[test]
fn submit_reads_merchant_date_and_total_from_a_text_receipt() {
    let p = Panel::new();
    p.file(
        "corner.txt",
        text_receipt("Corner Shop", "2026-03-10", "12.34"),
    );
    let r = p.run(["submit", "corner.txt"]).ok();
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

    let r = p.run(["submit", "--dry-run", "corner.txt"]).ok();
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
    let r = p.run(["submit", "--dry-run", "corner.txt"]).ok();
    assert!(r.stdout.contains("Corner Shop"), "{}", r.stdout);
    assert!(
        !p.home().join("panel.db").exists(),
        "a dry run made a store"
    );

    let missing = p.tmp.path().join("not-yet");
    let home = std::ffi::OsString::from(&missing);
    let r = p
        .run([
            OsStr::new("--home"),
            &home,
            OsStr::new("submit"),
            OsStr::new("--dry-run"),
            OsStr::new("corner.txt"),
        ])
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
    let r = p.run(["submit", &a, "future.txt"]);
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
        std::fs::read(p.files_dir().join(&name)).unwrap(),
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
fn submit_refuses_a_total_in_no_currency_of_iso_4217() {
    let p = Panel::new();
    p.file("r.txt", text_receipt("Corner Shop", "2026-03-10", "1.00"));
    let err = refused(&p, ["submit", "r.txt", "--total", "12 ABC"]);
    assert!(
        err.contains("--total") && err.contains("\"ABC\" is not a currency in ISO 4217"),
        "{err}"
    );
    assert!(err.contains("such as USD, EUR or GBP"), "{err}");
}

#[test]
fn submit_refuses_a_bad_date_flag_as_a_usage_error() {
    let p = Panel::new();
    p.file("r.txt", text_receipt("Corner Shop", "2026-03-10", "1.00"));
    let r = p.run(["submit", "r.txt", "--date", "10/03/2026"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("YYYY-MM-DD"), "{}", r.stderr);
    assert!(p.list_json().as_array().unwrap().is_empty());
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
        let shared = p.files_dir().join("shared.txt");
        p.run(["show", &id, "--shared-image", shared.to_str().unwrap()])
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
