//! `panel list` and its filters.

use super::*;

/// Three receipts: two in February, one in March, submitted at distinct times.
fn three_receipts(p: &Panel) -> Vec<String> {
    p.file("a.txt", text_receipt("Corner Shop", "2026-02-10", "12.34"));
    p.file("b.txt", text_receipt("Bakery Rose", "2026-02-11", "3.50"));
    p.file(
        "c.txt",
        text_receipt("Cinema Paradiso", "2026-03-10", "1.234,56 EUR"),
    );
    p.run_at(
        "2026-02-15T09:00:00Z",
        ["submit", "a.txt", "--category", "grocery"],
    )
    .ok();
    p.run_at("2026-02-16T09:00:00Z", ["submit", "b.txt"]).ok();
    p.run_at(
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
    let r = p.run(["list"]).ok();
    insta::assert_snapshot!(redact(&p, &r.stdout, &ids));
}

#[test]
fn list_of_an_empty_store_says_how_to_start() {
    let p = Panel::new();
    let r = p.run(["list"]).ok();
    insta::assert_snapshot!(r.stdout);
    assert_eq!(p.run(["list", "--json"]).ok().json(), Value::Array(vec![]));
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
    let feb = p.run(["list", "--month", "2026-02", "--json"]).ok().json();
    assert_eq!(merchants(&feb), ["Corner Shop", "Bakery Rose"]);
    let mar = p.run(["list", "--month", "2026-03", "--json"]).ok().json();
    assert_eq!(merchants(&mar), ["Cinema Paradiso"]);
    let jan = p.run(["list", "--month", "2026-01", "--json"]).ok().json();
    assert!(merchants(&jan).is_empty());
}

#[test]
fn list_filters_by_merchant_substring_in_any_case() {
    let p = Panel::new();
    three_receipts(&p);
    let r = p.run(["list", "--merchant", "SHOP", "--json"]).ok().json();
    assert_eq!(merchants(&r), ["Corner Shop"]);
    let r = p.run(["list", "--merchant", "ros", "--json"]).ok().json();
    assert_eq!(merchants(&r), ["Bakery Rose"]);
    // LIKE wildcards are matched literally.
    let r = p.run(["list", "--merchant", "%", "--json"]).ok().json();
    assert!(merchants(&r).is_empty());
}

#[test]
fn list_filters_by_state() {
    let p = Panel::new();
    let files: Vec<String> = (1..=11).map(|n| receipt(&p, n)).collect();
    for (n, file) in files.iter().enumerate() {
        p.run_at(&format!("2026-03-20T10:{n:02}:00Z"), ["submit", file])
            .ok();
    }
    let extra = p.run(["list", "--state", "extra", "--json"]).ok().json();
    assert_eq!(merchants(&extra), ["Shop 11"]);
    let counted = p.run(["list", "--state", "COUNTED", "--json"]).ok().json();
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
    let r = p.run(["list", "--month", "2026-13"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr
            .contains(r#""2026-13" is not a month; write it as YYYY-MM"#),
        "{}",
        r.stderr
    );
}
