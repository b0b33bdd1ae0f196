//! `panel status`: this month and the twelve before, in the configured time
//! zone.

use super::*;

/// Ten receipts in January 2026, two in February, one in March (now).
fn a_season_of_receipts_only(p: &Panel) {
    for n in 1..=10 {
        let name = format!("jan{n}.txt");
        p.file(
            &name,
            text_receipt(&format!("Jan Shop {n}"), "2026-01-05", "1.00"),
        );
        p.run_at("2026-01-20T12:00:00Z", ["submit", &name]).ok();
    }
    for n in 1..=2 {
        let name = format!("feb{n}.txt");
        p.file(
            &name,
            text_receipt(&format!("Feb Shop {n}"), "2026-02-05", "1.00"),
        );
        p.run_at("2026-02-20T12:00:00Z", ["submit", &name]).ok();
    }
    let name = receipt(p, 1);
    p.run(["submit", &name]).ok();
}

#[test]
fn status_shows_this_month_and_the_twelve_before() {
    let p = Panel::new();
    a_season_of_receipts_only(&p);
    let r = p.run(["status"]).ok();
    insta::assert_snapshot!(r.stdout);
}

#[test]
fn status_json_has_the_current_month_and_twelve_previous() {
    let p = Panel::new();
    a_season_of_receipts_only(&p);
    let v = p.run(["status", "--json"]).ok().json();
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
    a_season_of_receipts_only(&p);
    let r = p.run(["status", "--month"]).ok();
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
    a_season_of_receipts_only(&p);
    let r = p.run(["status", "--month", "2026-02"]).ok();
    insta::assert_snapshot!(r.stdout);
    let v = status_month_json(&p, Some("2026-02"));
    assert_eq!(v["month"], "2026-02");
    assert_eq!(v["counted"], 2);
    assert_eq!(v["quota"], 10);
    assert_eq!(v["remaining"], 8);
    assert_eq!(v["days_left"], 0);
    assert_eq!(v["reward_minor"], 0);
    assert_eq!(v["currency"], "USD");

    let r = p.run(["status", "--month", "2026-01"]).ok();
    insta::assert_snapshot!(r.stdout);
    assert_eq!(status_month_json(&p, Some("2026-01"))["reward_minor"], 1000);
}

#[test]
fn status_refuses_a_bad_month_as_a_usage_error() {
    let p = Panel::new();
    let r = p.run(["status", "--month", "March"]);
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
