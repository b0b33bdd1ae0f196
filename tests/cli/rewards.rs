//! Rewards end to end: the monthly and per-receipt models at their limits,
//! deletions in open and ended months, month boundaries in the panelist's
//! time zone, where rewards go (chosen, changed mid-month, or the default),
//! surveys, history and lifetime totals, the retention purge, the ledger
//! entries of each, and a store written by the previous schema.
//!
//! Time is set per command with `PANEL_NOW`, often with the panelist's own
//! UTC offset so that "the last second of March" reads as such.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};
use serde_json::Value;

use crate::support::{Panel, redact, text_receipt, user_version};

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

fn config(p: &Panel, text: &str) {
    std::fs::write(p.home().join("config.toml"), text).unwrap();
}

/// Writes `n` distinct eligible receipts bought on `date`, named by `tag`.
fn receipts(p: &Panel, tag: &str, n: usize, date: &str) -> Vec<PathBuf> {
    (1..=n)
        .map(|i| {
            p.file(
                &format!("{tag}-{i}.txt"),
                text_receipt(
                    &format!("{tag} Shop {i}"),
                    date,
                    &format!("{i}.{:02}", i % 100),
                ),
            )
        })
        .collect()
}

/// Submits `files` in one call at `now`; returns their ids in order.
fn submit_at(p: &Panel, now: &str, files: &[PathBuf]) -> Vec<String> {
    let r = p
        .run_at(
            now,
            ["submit", "--json"]
                .iter()
                .map(|s| s.as_ref())
                .chain(files.iter().map(|f| f.as_os_str()))
                .collect::<Vec<&std::ffi::OsStr>>(),
        )
        .ok();
    r.json()
        .as_array()
        .unwrap()
        .iter()
        .map(|report| report["id"].as_str().expect("recorded").to_string())
        .collect()
}

/// `status --json --month MONTH` at `now`.
fn month_at(p: &Panel, now: &str, month: &str) -> Value {
    p.run_at(now, ["status", "--json", "--month", month])
        .ok()
        .json()
}

/// `audit verify FILE` must pass.
fn verify(p: &Panel, now: &str, file: &Path) {
    let args: [&std::ffi::OsStr; 3] = ["audit".as_ref(), "verify".as_ref(), file.as_os_str()];
    p.run_at(now, args).ok();
}

fn history_at(p: &Panel, now: &str) -> Vec<Value> {
    p.run_at(now, ["reward", "history", "--json"])
        .ok()
        .json()
        .as_array()
        .unwrap()
        .clone()
}

fn history_month<'a>(history: &'a [Value], month: &str) -> &'a Value {
    history
        .iter()
        .find(|m| m["month"] == month)
        .unwrap_or_else(|| panic!("no {month} in {history:#?}"))
}

/// The ledger's entries, read straight from the store (no `panel` command
/// runs, so nothing is written or frozen by reading them).
fn ledger(p: &Panel) -> Vec<Value> {
    let conn = Connection::open_with_flags(
        p.home().join("panel.db"),
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .unwrap();
    let mut stmt = conn
        .prepare("SELECT entry FROM ledger ORDER BY seq")
        .unwrap();
    stmt.query_map([], |row| row.get::<_, String>(0))
        .unwrap()
        .map(|entry| serde_json::from_str(&entry.unwrap()).unwrap())
        .collect()
}

/// The counts kept for each month agree with the receipts themselves.
fn assert_counts_kept(p: &Panel) {
    let conn = Connection::open(p.home().join("panel.db")).unwrap();
    let query = |sql: &str| -> Vec<(String, i64, i64)> {
        let mut stmt = conn.prepare(sql).unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    let kept = query(
        "SELECT month, counted, extra FROM month_counts
         WHERE counted > 0 OR extra > 0 ORDER BY month",
    );
    let actual = query(
        "SELECT month, count(*) FILTER (WHERE state = 'counted'),
                count(*) FILTER (WHERE state = 'extra')
         FROM receipts GROUP BY month ORDER BY month",
    );
    assert_eq!(kept, actual);
}

fn events(p: &Panel, event: &str) -> Vec<Value> {
    ledger(p)
        .into_iter()
        .filter(|e| e["event"] == event)
        .collect()
}

const MARCH: &str = "2026-03-20T10:00:00Z";
const APRIL: &str = "2026-04-10T10:00:00Z";
const MAY: &str = "2026-05-10T10:00:00Z";

// ---------------------------------------------------------------------------
// The monthly model: 9, 10 and 11 receipts, in the open month and after
// ---------------------------------------------------------------------------

#[test]
fn nine_receipts_earn_nothing_ten_earn_the_reward_and_eleven_no_more() {
    for (n, counted, extra, reward, open_state, ended_state) in [
        (9, 9, 0, 0, "pending", "none"),
        (10, 10, 0, 1000, "earned", "paid"),
        (11, 10, 1, 1000, "earned", "paid"),
    ] {
        let p = Panel::new();
        submit_at(&p, MARCH, &receipts(&p, "M", n, "2026-03-15"));
        let open = month_at(&p, MARCH, "2026-03");
        assert_eq!(open["counted"], counted, "{n}");
        assert_eq!(open["extra"], extra, "{n}");
        assert_eq!(open["reward_minor"], reward, "{n}");
        assert_eq!(open["reward_state"], open_state, "{n}");
        assert_eq!(open["remaining"], 10 - counted, "{n}");
        assert_eq!(open["destination"], "balance", "{n}");

        let ended = month_at(&p, APRIL, "2026-03");
        assert_eq!(ended["open"], false, "{n}");
        assert_eq!(ended["counted"], counted, "{n}");
        assert_eq!(ended["reward_minor"], reward, "{n}");
        assert_eq!(ended["total_minor"], reward, "{n}");
        assert_eq!(ended["reward_state"], ended_state, "{n}");
        let history = history_at(&p, APRIL);
        assert_eq!(history_month(&history, "2026-03")["reward_minor"], reward);
    }
}

#[test]
fn status_shows_the_reward_line_for_each_state() {
    let p = Panel::new();
    submit_at(&p, MARCH, &receipts(&p, "M", 9, "2026-03-15"));
    insta::assert_snapshot!(
        "pending",
        p.run_at(MARCH, ["status", "--month"]).ok().stdout
    );
    submit_at(&p, MARCH, &receipts(&p, "N", 2, "2026-03-16"));
    insta::assert_snapshot!("earned", p.run_at(MARCH, ["status", "--month"]).ok().stdout);
    p.run_at(MARCH, ["reward", "choose", "charity", "feeding"])
        .ok();
    insta::assert_snapshot!("paid", p.run_at(APRIL, ["status"]).ok().stdout);
    let q = Panel::new();
    submit_at(&q, MARCH, &receipts(&q, "M", 3, "2026-03-15"));
    insta::assert_snapshot!(
        "none",
        q.run_at(APRIL, ["status", "--month", "2026-03"])
            .ok()
            .stdout
    );
}

// ---------------------------------------------------------------------------
// Deleting receipts
// ---------------------------------------------------------------------------

#[test]
fn deleting_in_the_open_month_lowers_its_count_and_can_take_the_reward_back() {
    let p = Panel::new();
    let ids = submit_at(&p, MARCH, &receipts(&p, "M", 10, "2026-03-15"));
    assert_eq!(month_at(&p, MARCH, "2026-03")["reward_state"], "earned");
    p.run_at(MARCH, ["delete", "--yes", &ids[3]]).ok();
    let open = month_at(&p, MARCH, "2026-03");
    assert_eq!(open["counted"], 9);
    assert_eq!(open["reward_minor"], 0);
    assert_eq!(open["reward_state"], "pending");
    // Once March has ended with nine, it earned nothing.
    let ended = month_at(&p, APRIL, "2026-03");
    assert_eq!(
        (ended["counted"].clone(), ended["reward_minor"].clone()),
        (9.into(), 0.into())
    );
    assert_counts_kept(&p);
}

#[test]
fn deleting_from_an_ended_month_never_takes_back_its_reward() {
    let p = Panel::new();
    let ids = submit_at(&p, MARCH, &receipts(&p, "M", 10, "2026-03-15"));
    // April: reads see March ended, not yet frozen, and paid.
    assert_eq!(month_at(&p, APRIL, "2026-03")["reward_state"], "paid");
    assert!(events(&p, "month_closed").is_empty(), "reading wrote");
    // The first write of April is the delete: March is frozen before it.
    p.run_at(APRIL, ["delete", "--yes", &ids[0], &ids[1]]).ok();
    let march = month_at(&p, APRIL, "2026-03");
    assert_eq!(march["counted"], 10);
    assert_eq!(march["reward_minor"], 1000);
    assert_eq!(march["reward_state"], "paid");
    assert_eq!(march["closed_at"], "2026-04-10T10:00:00Z");
    assert_eq!(p.list_json().as_array().unwrap().len(), 8);
    let entries = ledger(&p);
    let closed = entries
        .iter()
        .position(|e| e["event"] == "month_closed" && e["month"] == "2026-03")
        .expect("March frozen");
    let deleted = entries
        .iter()
        .position(|e| e["event"] == "receipt_deleted")
        .unwrap();
    assert!(closed < deleted, "frozen after the delete: {entries:#?}");
    assert_eq!(entries[closed]["reward_minor"], 1000);
    assert_eq!(entries[closed]["counted"], 10);
    // Later months and later writes change nothing.
    p.run_at(MAY, ["delete", "--yes", &ids[2]]).ok();
    assert_eq!(month_at(&p, MAY, "2026-03")["reward_minor"], 1000);
    let history = history_at(&p, MAY);
    assert_eq!(history_month(&history, "2026-03")["counted"], 10);
    assert_eq!(events(&p, "month_closed").len(), 1);
    assert_counts_kept(&p);
}

#[test]
fn an_extra_receipt_of_an_ended_month_is_not_promoted() {
    let p = Panel::new();
    let ids = submit_at(&p, MARCH, &receipts(&p, "M", 11, "2026-03-15"));
    p.run_at(APRIL, ["delete", "--yes", &ids[0]]).ok();
    let list = p.list_json();
    let extra = list
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == ids[10].as_str())
        .unwrap();
    assert_eq!(extra["state"], "extra");
    assert_eq!(month_at(&p, APRIL, "2026-03")["counted"], 10);
    assert_counts_kept(&p);
}

// ---------------------------------------------------------------------------
// Month boundaries in the panelist's time zone
// ---------------------------------------------------------------------------

/// Nine receipts early in March, the tenth at `last_second` (local), one
/// more at `first_second` of April (local): March earns the reward and the
/// one after the boundary is April's.
fn boundary_in(zone: &str, last_second: &str, first_second: &str) {
    let p = Panel::new();
    config(&p, &format!("[locale]\ntime_zone = \"{zone}\"\n"));
    submit_at(
        &p,
        "2026-03-10T12:00:00Z",
        &receipts(&p, "M", 9, "2026-03-09"),
    );
    let tenth = p.file(
        "tenth.txt",
        text_receipt("Last Second Shop", "2026-03-31", "9.99"),
    );
    submit_at(&p, last_second, &[tenth]);
    let march = month_at(&p, last_second, "2026-03");
    assert_eq!(march["counted"], 10, "{zone}");
    assert_eq!(march["open"], true, "{zone}");
    assert_eq!(march["days_left"], 1, "{zone}");
    assert_eq!(march["reward_state"], "earned", "{zone}");

    let first = p.file(
        "first.txt",
        text_receipt("First Second Shop", "2026-04-01", "1.11"),
    );
    submit_at(&p, first_second, &[first]);
    let list = p.list_json();
    let months: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["month"].as_str().unwrap())
        .collect();
    assert_eq!(
        months.iter().filter(|m| **m == "2026-03").count(),
        10,
        "{zone}"
    );
    assert_eq!(
        months.iter().filter(|m| **m == "2026-04").count(),
        1,
        "{zone}"
    );
    let now = p.run_at(first_second, ["status", "--json"]).ok().json();
    assert_eq!(now["month"], "2026-04", "{zone}");
    assert_eq!(now["counted"], 1, "{zone}");
    assert_eq!(now["days_left"], 30, "{zone}");
    assert_eq!(now["previous"][0]["month"], "2026-03", "{zone}");
    assert_eq!(now["previous"][0]["reward_state"], "paid", "{zone}");
    let frozen_at = chrono::DateTime::parse_from_rfc3339(first_second)
        .unwrap()
        .with_timezone(&chrono::Utc)
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string();
    assert_eq!(
        now["previous"][0]["closed_at"], frozen_at,
        "{zone}: frozen by the April submit"
    );
}

#[test]
fn the_last_second_of_march_and_the_first_of_april_west_of_utc() {
    // Los Angeles is UTC-7 in spring: March ends at 06:59:59 UTC on 1 April.
    boundary_in(
        "America/Los_Angeles",
        "2026-03-31T23:59:59-07:00",
        "2026-04-01T00:00:00-07:00",
    );
}

#[test]
fn the_last_second_of_march_and_the_first_of_april_east_of_utc() {
    // Tokyo is UTC+9: March ends at 14:59:59 UTC on 31 March.
    boundary_in(
        "Asia/Tokyo",
        "2026-03-31T23:59:59+09:00",
        "2026-04-01T00:00:00+09:00",
    );
}

#[test]
fn the_same_instant_is_a_different_month_west_and_east_of_utc() {
    // 2026-03-31T20:00Z: still March in Los Angeles, already April in Tokyo.
    let instant = "2026-03-31T20:00:00Z";
    for (zone, month) in [
        ("America/Los_Angeles", "2026-03"),
        ("Asia/Tokyo", "2026-04"),
    ] {
        let p = Panel::new();
        config(&p, &format!("[locale]\ntime_zone = \"{zone}\"\n"));
        submit_at(&p, instant, &receipts(&p, "Z", 1, "2026-03-30"));
        assert_eq!(p.list_json()[0]["month"], month, "{zone}");
        assert_eq!(
            p.run_at(instant, ["reward", "--json"]).ok().json()["current"]["month"],
            month,
            "{zone}"
        );
    }
}

#[test]
fn a_leap_day_is_the_last_day_of_february() {
    let p = Panel::new();
    submit_at(
        &p,
        "2028-02-20T12:00:00Z",
        &receipts(&p, "F", 9, "2028-02-19"),
    );
    let leap = p.file("leap.txt", text_receipt("Leap Shop", "2028-02-29", "2.29"));
    submit_at(&p, "2028-02-29T23:59:59Z", &[leap]);
    let feb = month_at(&p, "2028-02-29T23:59:59Z", "2028-02");
    assert_eq!(feb["counted"], 10);
    assert_eq!(feb["days_left"], 1);
    assert_eq!(feb["reward_state"], "earned");
    let march = p
        .run_at("2028-03-01T00:00:00Z", ["status", "--json"])
        .ok()
        .json();
    assert_eq!(march["month"], "2028-03");
    assert_eq!(march["days_left"], 31);
    assert_eq!(march["previous"][0]["month"], "2028-02");
    assert_eq!(march["previous"][0]["reward_minor"], 1000);
    assert_eq!(march["previous"][0]["reward_state"], "paid");
}

// ---------------------------------------------------------------------------
// The per-receipt model
// ---------------------------------------------------------------------------

const PER_RECEIPT: &str = "[program]\nreward_model = \"per_receipt\"\n\
    per_receipt_minor = 25\nper_receipt_cap_minor = 100\nreward_currency = \"GBP\"\n";

#[test]
fn per_receipt_pays_each_receipt_up_to_the_cap_and_no_more_beyond() {
    let p = Panel::new();
    config(&p, PER_RECEIPT);
    let files = receipts(&p, "P", 6, "2026-03-15");
    submit_at(&p, MARCH, &files[..3]);
    let below = month_at(&p, MARCH, "2026-03");
    assert_eq!(below["model"], "per_receipt");
    assert_eq!(below["quota"], 4);
    assert_eq!(below["reward_minor"], 75);
    assert_eq!(below["max_reward_minor"], 100);
    assert_eq!(below["currency"], "GBP");
    assert_eq!(below["reward_state"], "pending");
    insta::assert_snapshot!(
        "below_the_cap",
        p.run_at(MARCH, ["status", "--month"]).ok().stdout
    );
    // The fourth reaches the cap exactly.
    submit_at(&p, MARCH, &files[3..4]);
    let at_cap = month_at(&p, MARCH, "2026-03");
    assert_eq!(
        (at_cap["counted"].clone(), at_cap["reward_minor"].clone()),
        (4.into(), 100.into())
    );
    assert_eq!(at_cap["reward_state"], "earned");
    // Beyond the cap receipts are extra and earn nothing more.
    let args: [&std::ffi::OsStr; 4] = [
        "submit".as_ref(),
        "--json".as_ref(),
        files[4].as_os_str(),
        files[5].as_os_str(),
    ];
    let states: Vec<String> = p
        .run_at(MARCH, args)
        .ok()
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["state"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(states, ["extra", "extra"]);
    let beyond = month_at(&p, MARCH, "2026-03");
    assert_eq!(
        (beyond["counted"].clone(), beyond["extra"].clone()),
        (4.into(), 2.into())
    );
    assert_eq!(beyond["reward_minor"], 100);
    insta::assert_snapshot!(
        "at_the_cap",
        p.run_at(MARCH, ["status", "--month"]).ok().stdout
    );
    let ended = month_at(&p, APRIL, "2026-03");
    assert_eq!(
        (ended["reward_minor"].clone(), ended["reward_state"].clone()),
        (100.into(), "paid".into())
    );
    assert_counts_kept(&p);
}

#[test]
fn per_receipt_with_a_cap_that_is_not_a_multiple_pays_the_rest_last() {
    let p = Panel::new();
    config(
        &p,
        "[program]\nreward_model = \"per_receipt\"\nper_receipt_minor = 30\nper_receipt_cap_minor = 100\n",
    );
    submit_at(&p, MARCH, &receipts(&p, "P", 5, "2026-03-15"));
    let m = month_at(&p, MARCH, "2026-03");
    assert_eq!(m["quota"], 4);
    assert_eq!(m["counted"], 4);
    assert_eq!(m["extra"], 1);
    assert_eq!(m["reward_minor"], 100);
}

// ---------------------------------------------------------------------------
// Where rewards go
// ---------------------------------------------------------------------------

#[test]
fn an_ended_month_with_no_choice_goes_to_the_default_balance() {
    let p = Panel::new();
    submit_at(&p, MARCH, &receipts(&p, "M", 10, "2026-03-15"));
    let history = history_at(&p, APRIL);
    assert_eq!(history_month(&history, "2026-03")["destination"], "balance");
    // Frozen by a write: still the default.
    p.run_at(
        APRIL,
        ["survey", "add", "--title", "Coffee", "--reward", "1"],
    )
    .ok();
    let frozen = month_at(&p, APRIL, "2026-03");
    assert_eq!(frozen["destination"], "balance");
    assert!(frozen["closed_at"].is_string());
}

#[test]
fn the_configured_default_destination_holds_until_a_choice() {
    let p = Panel::new();
    config(
        &p,
        "[program]\ndefault_destination = \"charity:direct-relief\"\n",
    );
    submit_at(&p, MARCH, &receipts(&p, "M", 10, "2026-03-15"));
    let shown = p.run_at(MARCH, ["reward", "--json"]).ok().json();
    assert_eq!(shown["destination"], "charity:direct-relief");
    assert_eq!(shown["destination_name"], "Direct Relief");
    assert_eq!(shown["chosen_at"], Value::Null);
    p.run_at(APRIL, ["reward", "choose", "balance"]).ok();
    let history = history_at(&p, APRIL);
    assert_eq!(
        history_month(&history, "2026-03")["destination"],
        "charity:direct-relief"
    );
    assert_eq!(month_at(&p, APRIL, "2026-04")["destination"], "balance");
}

#[test]
fn a_choice_made_mid_month_holds_for_that_month_and_an_ended_month_keeps_its_own() {
    let p = Panel::new();
    submit_at(&p, MARCH, &receipts(&p, "M", 10, "2026-03-15"));
    submit_at(
        &p,
        "2026-04-03T10:00:00Z",
        &receipts(&p, "A", 10, "2026-04-02"),
    );
    // Mid-April the panelist switches to a charity: April goes there, March
    // (ended, frozen by the first April submit) stays with the balance.
    let chosen = p
        .run_at(
            "2026-04-15T10:00:00Z",
            ["reward", "choose", "charity", "wwf", "--json"],
        )
        .ok()
        .json();
    assert_eq!(chosen["destination"], "charity:wwf");
    assert_eq!(chosen["from_month"], "2026-04");
    assert_eq!(chosen["changed"], true);
    assert_eq!(
        month_at(&p, "2026-04-15T10:00:00Z", "2026-03")["destination"],
        "balance"
    );
    assert_eq!(
        month_at(&p, "2026-04-15T10:00:00Z", "2026-04")["destination"],
        "charity:wwf"
    );
    // In May both have ended, each with its own destination.
    let history = history_at(&p, MAY);
    assert_eq!(history_month(&history, "2026-03")["destination"], "balance");
    assert_eq!(
        history_month(&history, "2026-04")["destination"],
        "charity:wwf"
    );
    assert_eq!(history_month(&history, "2026-04")["reward_state"], "paid");
    let totals = p
        .run_at(MAY, ["reward", "history", "--totals", "--json"])
        .ok()
        .json();
    let totals = totals.as_array().unwrap();
    assert_eq!(totals.len(), 2);
    assert_eq!(totals[0]["destination"], "balance");
    assert_eq!(totals[0]["total_minor"], 1000);
    assert_eq!(totals[1]["destination"], "charity:wwf");
    assert_eq!(totals[1]["destination_name"], "World Wildlife Fund");
    assert_eq!(totals[1]["months"], 1);
    assert_eq!(totals[1]["total_minor"], 1000);
    let _: Vec<panel::commands::reward::DestinationTotal> =
        serde_json::from_value(Value::Array(totals.clone())).unwrap();
}

#[test]
fn a_choice_that_is_the_first_write_after_a_month_ends_does_not_reach_back() {
    let p = Panel::new();
    submit_at(&p, MARCH, &receipts(&p, "M", 10, "2026-03-15"));
    // No write since March ended; the choice freezes March first.
    p.run_at(APRIL, ["reward", "choose", "charity", "unicef"])
        .ok();
    assert_eq!(month_at(&p, APRIL, "2026-03")["destination"], "balance");
    assert_eq!(
        month_at(&p, APRIL, "2026-04")["destination"],
        "charity:unicef-usa"
    );
    let entries = ledger(&p);
    let events: Vec<&str> = entries
        .iter()
        .map(|e| e["event"].as_str().unwrap())
        .filter(|e| *e != "receipt_shared")
        .collect();
    assert_eq!(events, ["month_closed", "reward_chosen"]);
}

#[test]
fn choosing_the_same_destination_again_changes_nothing() {
    let p = Panel::new();
    p.run_at(MARCH, ["reward", "choose", "charity", "St. Jude"])
        .ok();
    let again = p
        .run_at(MARCH, ["reward", "choose", "charity", "st-jude"])
        .ok();
    assert!(again.stdout.contains("nothing changed"), "{}", again.stdout);
    assert_eq!(events(&p, "reward_chosen").len(), 1);
    // The balance chosen explicitly is recorded even though it is the default.
    p.run_at(MARCH, ["reward", "choose", "balance"]).ok();
    assert_eq!(events(&p, "reward_chosen").len(), 2);
    let shown = p.run_at(MARCH, ["reward", "--json"]).ok().json();
    assert_eq!(shown["destination"], "balance");
    assert_eq!(shown["chosen_at"], "2026-03-20T10:00:00Z");
}

#[test]
fn a_charity_matching_none_or_several_is_refused_listing_the_twelve() {
    let p = Panel::new();
    for (query, problem) in [
        (
            "american",
            "\"american\" matches 2 charities (American Red Cross, American Cancer Society)",
        ),
        ("oxfam", "no charity matches \"oxfam\""),
    ] {
        let r = p.run_at(MARCH, ["reward", "choose", "charity", query]);
        assert_eq!(r.code, 1, "{}", r.stderr);
        assert!(r.stderr.contains(problem), "{}", r.stderr);
        for name in [
            "American Red Cross",
            "Feeding America",
            "St. Jude Children's Research Hospital",
            "World Wildlife Fund",
            "Doctors Without Borders USA",
            "Habitat for Humanity",
            "UNICEF USA",
            "Save the Children",
            "American Cancer Society",
            "Boys & Girls Clubs of America",
            "The Nature Conservancy",
            "Direct Relief",
        ] {
            assert!(r.stderr.contains(name), "{name} not listed:\n{}", r.stderr);
        }
    }
    insta::assert_snapshot!(
        p.run_at(
            MARCH,
            ["reward", "choose", "charity", "save", "the", "whales"]
        )
        .stderr
    );
    assert!(!p.home().join("panel.db").exists() || events(&p, "reward_chosen").is_empty());
    // Several words make one prefix.
    p.run_at(MARCH, ["reward", "choose", "charity", "save", "the"])
        .ok();
    assert_eq!(
        p.run_at(MARCH, ["reward", "--json"]).ok().json()["destination"],
        "charity:save-the-children"
    );
}

#[test]
fn reward_shows_where_rewards_go_and_this_month() {
    let p = Panel::new();
    submit_at(&p, MARCH, &receipts(&p, "M", 4, "2026-03-15"));
    insta::assert_snapshot!("default", p.run_at(MARCH, ["reward"]).ok().stdout);
    let chose = p
        .run_at(MARCH, ["reward", "choose", "charity", "habitat"])
        .ok();
    insta::assert_snapshot!("chose", chose.stdout);
    insta::assert_snapshot!("chosen", p.run_at(MARCH, ["reward"]).ok().stdout);
    let v = p.run_at(MARCH, ["reward", "--json"]).ok().json();
    assert_eq!(v["destination"], "charity:habitat-for-humanity");
    assert_eq!(v["charity"]["name"], "Habitat for Humanity");
    assert_eq!(v["current"]["month"], "2026-03");
    assert_eq!(v["current"]["counted"], 4);
    assert_eq!(v["current"]["reward_state"], "pending");
    let _: panel::commands::reward::RewardView = serde_json::from_value(v).unwrap();
}

#[test]
fn reward_charities_lists_the_twelve() {
    let p = Panel::new();
    insta::assert_snapshot!(p.run_at(MARCH, ["reward", "charities"]).ok().stdout);
    let v = p
        .run_at(MARCH, ["reward", "charities", "--json"])
        .ok()
        .json();
    let list = v.as_array().unwrap();
    assert_eq!(list.len(), 12);
    for charity in list {
        assert!(charity["id"].as_str().is_some_and(|s| !s.is_empty()));
        assert!(charity["name"].as_str().is_some_and(|s| !s.is_empty()));
        assert!(
            charity["description"]
                .as_str()
                .is_some_and(|s| !s.is_empty())
        );
    }
    let _: Vec<panel::program::Charity> = serde_json::from_value(v).unwrap();
    assert!(
        !p.home().join("panel.db").exists(),
        "listing opened the store"
    );
}

#[test]
fn charities_from_the_config_replace_the_list_and_duplicates_are_refused() {
    let p = Panel::new();
    config(
        &p,
        "[[charities]]\nid = \"local-shelter\"\nname = \"Local Shelter\"\n",
    );
    let v = p
        .run_at(MARCH, ["reward", "charities", "--json"])
        .ok()
        .json();
    assert_eq!(v.as_array().unwrap().len(), 1);
    p.run_at(MARCH, ["reward", "choose", "charity", "local"])
        .ok();
    config(
        &p,
        "[[charities]]\nid = \"a\"\nname = \"A\"\n\n[[charities]]\nid = \"a\"\nname = \"B\"\n",
    );
    let r = p.run_at(MARCH, ["reward", "charities"]);
    assert_eq!(r.code, 1);
    insta::assert_snapshot!(redact(&p, &r.stderr, &[]));
    // The charity chosen left the list: it receives nothing, the balance
    // does, and that is said.
    config(&p, "[[charities]]\nid = \"b\"\nname = \"B\"\n");
    let r = p.run_at(MARCH, ["reward"]).ok();
    assert!(
        r.stdout.contains("Rewards go to: store balance"),
        "{}",
        r.stdout
    );
    assert!(r.stderr.contains("local-shelter"), "{}", r.stderr);
    assert!(r.stderr.contains("choose again"), "{}", r.stderr);
}

// ---------------------------------------------------------------------------
// History
// ---------------------------------------------------------------------------

/// Ten receipts in January (balance), four in February plus a survey
/// (World Wildlife Fund), ten in March plus a survey (now; Feeding America).
fn a_season_with_surveys_and_charities(p: &Panel) {
    submit_at(
        p,
        "2026-01-20T12:00:00Z",
        &receipts(p, "Jan", 10, "2026-01-10"),
    );
    p.run_at(
        "2026-02-02T12:00:00Z",
        ["reward", "choose", "charity", "wwf"],
    )
    .ok();
    submit_at(
        p,
        "2026-02-20T12:00:00Z",
        &receipts(p, "Feb", 4, "2026-02-10"),
    );
    p.run_at(
        "2026-02-21T12:00:00Z",
        [
            "survey",
            "add",
            "--title",
            "Grocery habits",
            "--reward",
            "2.50",
        ],
    )
    .ok();
    submit_at(
        p,
        "2026-03-05T12:00:00Z",
        &receipts(p, "Mar", 10, "2026-03-04"),
    );
    p.run_at(
        "2026-03-06T12:00:00Z",
        ["reward", "choose", "charity", "feeding america"],
    )
    .ok();
    p.run_at(
        "2026-03-07T12:00:00Z",
        [
            "survey",
            "add",
            "--title",
            "Coffee",
            "--reward",
            "1.25",
            "--date",
            "2026-03-01",
        ],
    )
    .ok();
}

#[test]
fn history_lists_every_month_and_lifetime_totals_per_destination() {
    let p = Panel::new();
    a_season_with_surveys_and_charities(&p);
    insta::assert_snapshot!(p.run_at(MARCH, ["reward", "history"]).ok().stdout);
    let history = history_at(&p, MARCH);
    let months: Vec<&str> = history
        .iter()
        .map(|m| m["month"].as_str().unwrap())
        .collect();
    assert_eq!(months, ["2026-01", "2026-02", "2026-03"]);
    let jan = history_month(&history, "2026-01");
    assert_eq!(jan["counted"], 10);
    assert_eq!(jan["reward_minor"], 1000);
    assert_eq!(jan["currency"], "USD");
    assert_eq!(jan["destination"], "balance");
    let feb = history_month(&history, "2026-02");
    assert_eq!(feb["reward_minor"], 0);
    assert_eq!(feb["survey_minor"], 250);
    assert_eq!(feb["total_minor"], 250);
    assert_eq!(feb["destination"], "charity:wwf");
    assert_eq!(feb["reward_state"], "paid");
    let mar = history_month(&history, "2026-03");
    assert_eq!(mar["open"], true);
    assert_eq!(mar["reward_state"], "earned");
    assert_eq!(mar["total_minor"], 1125);
    assert_eq!(mar["destination"], "charity:feeding-america");
    let _: Vec<panel::program::progress::MonthProgress> =
        serde_json::from_value(Value::Array(history.clone())).unwrap();
    // Totals count ended months only.
    let totals = p
        .run_at(MARCH, ["reward", "history", "--totals", "--json"])
        .ok()
        .json();
    let pairs: Vec<(String, i64)> = totals
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["destination"].as_str().unwrap().to_string(),
                t["total_minor"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        pairs,
        [
            ("balance".to_string(), 1000),
            ("charity:wwf".to_string(), 250)
        ]
    );
}

#[test]
fn history_of_an_empty_store_says_how_to_start() {
    let p = Panel::new();
    let r = p.run_at(MARCH, ["reward", "history"]).ok();
    assert!(r.stdout.contains("No rewards yet"), "{}", r.stdout);
    assert_eq!(history_at(&p, MARCH), Vec::<Value>::new());
}

#[test]
fn status_shows_surveys_and_where_past_months_were_paid() {
    let p = Panel::new();
    a_season_with_surveys_and_charities(&p);
    insta::assert_snapshot!(p.run_at(MARCH, ["status"]).ok().stdout);
    let v = p.run_at(MARCH, ["status", "--json"]).ok().json();
    assert_eq!(v["surveys"], 1);
    assert_eq!(v["survey_minor"], 125);
    assert_eq!(v["previous"][0]["destination"], "charity:wwf");
    assert_eq!(v["previous"][1]["destination"], "balance");
    let _: panel::commands::status::Overview = serde_json::from_value(v).unwrap();
}

// ---------------------------------------------------------------------------
// Surveys
// ---------------------------------------------------------------------------

#[test]
fn surveys_are_recorded_listed_and_join_the_month() {
    let p = Panel::new();
    let r = p
        .run_at(
            MARCH,
            [
                "survey",
                "add",
                "--title",
                "Snack brands",
                "--reward",
                "2,50",
                "--date",
                "2026-03-18",
            ],
        )
        .ok();
    let added = p
        .run_at(
            MARCH,
            [
                "survey",
                "add",
                "--title",
                "Travel plans",
                "--reward",
                "$1.75",
                "--json",
            ],
        )
        .ok()
        .json();
    assert_eq!(added["title"], "Travel plans");
    assert_eq!(added["reward_minor"], 175);
    assert_eq!(added["currency"], "USD");
    assert_eq!(added["date"], "2026-03-20");
    assert_eq!(added["month"], "2026-03");
    let list = p.run_at(MARCH, ["survey", "list", "--json"]).ok().json();
    let surveys: Vec<panel::store::surveys::Survey> = serde_json::from_value(list.clone()).unwrap();
    assert_eq!(surveys.len(), 2);
    let ids: Vec<String> = surveys.iter().map(|s| s.id.clone()).collect();
    insta::assert_snapshot!("added", redact(&p, &r.stdout, &ids));
    insta::assert_snapshot!(
        "list",
        redact(&p, &p.run_at(MARCH, ["survey", "list"]).ok().stdout, &ids)
    );
    let march = month_at(&p, MARCH, "2026-03");
    assert_eq!(march["surveys"], 2);
    assert_eq!(march["survey_minor"], 425);
    assert_eq!(march["total_minor"], 425);
    assert_eq!(
        p.run_at(MARCH, ["survey", "list", "--month", "2026-02", "--json"])
            .ok()
            .json(),
        Value::Array(vec![])
    );
    let recorded = events(&p, "survey_recorded");
    assert_eq!(recorded.len(), 2);
    assert_eq!(recorded[0]["survey"], ids[0].as_str());
    assert_eq!(recorded[0]["reward_minor"], 250);
    assert_eq!(recorded[0]["at"], MARCH);
    let ledger_text = serde_json::to_string(&ledger(&p)).unwrap();
    assert!(!ledger_text.contains("Snack"), "a title reached the ledger");
}

#[test]
fn survey_add_refuses_bad_input_and_changes_nothing() {
    let p = Panel::new();
    p.run_at(MARCH, ["survey", "add", "--title", "Kept", "--reward", "1"])
        .ok();
    for (args, problem) in [
        (vec!["--title", "  ", "--reward", "1"], "--title is empty"),
        (
            vec!["--title", "X", "--reward", "2 EUR"],
            "surveys are paid in USD",
        ),
        (vec!["--title", "X", "--reward", "-1"], "is negative"),
        (
            vec!["--title", "X", "--reward", "lots"],
            "--reward: no amount in \"lots\"",
        ),
        (
            vec!["--title", "X", "--reward", "1", "--date", "2026-03-21"],
            "--date 2026-03-21 is in the future",
        ),
        (
            vec!["--title", "kept", "--reward", "3"],
            "duplicate: survey",
        ),
    ] {
        let mut all = vec!["survey", "add"];
        all.extend(args);
        let r = p.run_at(MARCH, &all);
        assert_eq!(r.code, 1, "{all:?}: {}", r.stderr);
        assert!(r.stderr.contains(problem), "{all:?}: {}", r.stderr);
    }
    let r = p.run_at(
        MARCH,
        [
            "survey", "add", "--title", "X", "--reward", "1", "--date", "03/01",
        ],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    let list = p.run_at(MARCH, ["survey", "list", "--json"]).ok().json();
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(events(&p, "survey_recorded").len(), 1);
}

// ---------------------------------------------------------------------------
// Retention
// ---------------------------------------------------------------------------

/// Every place `needle` occurs in the files of `dir`.
fn occurrences(dir: &Path, needle: &[u8]) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|path| {
            std::fs::read(path)
                .map(|bytes| bytes.windows(needle.len()).any(|w| w == needle))
                .unwrap_or(false)
        })
        .collect()
}

#[test]
fn receipts_past_the_retention_period_are_purged_like_a_delete() {
    let p = Panel::new();
    config(&p, "[program]\nretention_months = 2\n");
    let old = submit_at(
        &p,
        "2026-01-20T12:00:00Z",
        &receipts(&p, "Purgeable", 10, "2026-01-10"),
    );
    let kept = submit_at(
        &p,
        "2026-02-20T12:00:00Z",
        &receipts(&p, "Keepsake", 2, "2026-02-10"),
    );
    assert!(
        !occurrences(p.home(), b"Purgeable Shop 7").is_empty(),
        "the search works"
    );
    // In March, January is two months back: still kept. Reading never purges.
    p.run_at(
        "2026-03-05T12:00:00Z",
        ["survey", "add", "--title", "A", "--reward", "1"],
    )
    .ok();
    assert_eq!(p.list_json().as_array().unwrap().len(), 12);
    p.run_at("2026-04-02T12:00:00Z", ["status"]).ok();
    assert_eq!(p.list_json().as_array().unwrap().len(), 12);
    // The first write of April purges January.
    p.run_at(
        "2026-04-02T12:00:00Z",
        ["survey", "add", "--title", "B", "--reward", "1"],
    )
    .ok();
    let left: Vec<String> = p
        .list_json()
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(left, kept);
    assert!(
        occurrences(p.home(), b"Purgeable Shop").is_empty(),
        "purged receipts left residue"
    );
    assert!(!occurrences(p.home(), b"Keepsake Shop 1").is_empty());
    // January's reward stays.
    let jan = month_at(&p, "2026-04-02T12:00:00Z", "2026-01");
    assert_eq!(
        (jan["counted"].clone(), jan["reward_minor"].clone()),
        (10.into(), 1000.into())
    );
    // The ledger says which rule removed them.
    let deleted = events(&p, "receipt_deleted");
    assert_eq!(deleted.len(), 10);
    assert!(deleted.iter().all(|e| e["cause"] == "retention"));
    let ids: Vec<&str> = deleted
        .iter()
        .map(|e| e["receipt"].as_str().unwrap())
        .collect();
    assert_eq!(ids, old.iter().map(String::as_str).collect::<Vec<_>>());
    let purge = events(&p, "retention_purge");
    assert_eq!(purge.len(), 1);
    assert_eq!(purge[0]["receipts"], 10);
    assert_eq!(purge[0]["before_month"], "2026-02");
    assert_eq!(purge[0]["retention_months"], 2);
    assert_eq!(purge[0]["at"], "2026-04-02T12:00:00Z");
    // And the audit export shows them deleted by retention.
    let export = p
        .run_at("2026-04-02T12:00:00Z", ["audit", "export"])
        .ok()
        .json();
    let causes: Vec<&str> = export["receipts"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["deleted"]["cause"].as_str())
        .collect();
    assert_eq!(causes, ["retention"; 10]);
    assert_eq!(export["gdpr"]["retention"]["period_months"], 2);
    assert_counts_kept(&p);
}

#[test]
fn retention_zero_keeps_receipts_until_deleted() {
    let p = Panel::new();
    config(&p, "[program]\nretention_months = 0\n");
    submit_at(
        &p,
        "2026-01-20T12:00:00Z",
        &receipts(&p, "Old", 1, "2026-01-10"),
    );
    p.run_at("2030-01-02T12:00:00Z", ["reward", "choose", "balance"])
        .ok();
    assert_eq!(p.list_json().as_array().unwrap().len(), 1);
    let export = p
        .run_at("2030-01-02T12:00:00Z", ["audit", "export"])
        .ok()
        .json();
    assert_eq!(export["gdpr"]["retention"]["period_months"], Value::Null);
}

// ---------------------------------------------------------------------------
// The ledger and the audit export
// ---------------------------------------------------------------------------

#[test]
fn every_choice_survey_and_frozen_month_is_in_the_ledger_with_its_time() {
    let p = Panel::new();
    a_season_with_surveys_and_charities(&p);
    let entries = ledger(&p);
    let of =
        |event: &str| -> Vec<&Value> { entries.iter().filter(|e| e["event"] == event).collect() };
    let chosen = of("reward_chosen");
    assert_eq!(chosen.len(), 2);
    assert_eq!(chosen[0]["at"], "2026-02-02T12:00:00Z");
    assert_eq!(chosen[0]["destination"], "charity:wwf");
    assert_eq!(chosen[0]["from_month"], "2026-02");
    assert_eq!(chosen[1]["destination"], "charity:feeding-america");
    let surveys = of("survey_recorded");
    assert_eq!(surveys.len(), 2);
    assert_eq!(surveys[1]["at"], "2026-03-07T12:00:00Z");
    let closed = of("month_closed");
    let months: Vec<&str> = closed
        .iter()
        .map(|e| e["month"].as_str().unwrap())
        .collect();
    assert_eq!(months, ["2026-01", "2026-02"]);
    assert_eq!(closed[0]["at"], "2026-02-02T12:00:00Z");
    assert_eq!(closed[1]["destination"], "charity:wwf");
    assert_eq!(closed[1]["survey_minor"], 250);
    // Sequence numbers are gapless: each entry landed with its change.
    for (i, e) in entries.iter().enumerate() {
        assert_eq!(e["seq"], i + 1);
    }
}

#[test]
fn the_export_carries_charities_the_model_destinations_and_surveys() {
    let schema: Value =
        serde_json::from_str(include_str!("../../schema/audit-export.schema.json")).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    let p = Panel::new();
    a_season_with_surveys_and_charities(&p);
    for format in ["json", "jsonl", "md", "csv"] {
        let r = p
            .run_at(MARCH, ["audit", "export", "--format", format])
            .ok();
        let file = p.file(&format!("export.{format}"), &r.stdout);
        if format == "json" || format == "jsonl" {
            verify(&p, MARCH, &file);
        }
        if format == "md" {
            insta::assert_snapshot!(
                "md_rewards",
                r.stdout
                    .split("## Rewards by destination")
                    .nth(1)
                    .unwrap()
                    .split("## Ledger")
                    .next()
                    .unwrap()
            );
        }
        if format == "jsonl" {
            let surveys = r
                .stdout
                .lines()
                .filter(|l| l.contains("\"type\":\"survey\""))
                .count();
            assert_eq!(surveys, 2);
        }
    }
    let document: Value = p.run_at(MARCH, ["audit", "export"]).ok().json();
    let errors: Vec<String> = validator
        .iter_errors(&document)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(document["charities"].as_array().unwrap().len(), 12);
    assert_eq!(document["reward_model"]["model"], "monthly");
    assert_eq!(document["gdpr"]["retention"]["period_months"], 12);
    assert_eq!(document["surveys"].as_array().unwrap().len(), 2);
    let destinations: Vec<&str> = document["rewards"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["destination"].as_str().unwrap())
        .collect();
    assert_eq!(
        destinations,
        ["balance", "charity:wwf", "charity:feeding-america"]
    );

    // A per-receipt program exports its amounts and still matches.
    let q = Panel::new();
    config(&q, PER_RECEIPT);
    submit_at(&q, MARCH, &receipts(&q, "P", 2, "2026-03-15"));
    let document: Value = q.run_at(MARCH, ["audit", "export"]).ok().json();
    assert!(
        validator.is_valid(&document),
        "{:#?}",
        document["reward_model"]
    );
    assert_eq!(document["reward_model"]["model"], "per_receipt");
    assert_eq!(document["reward_model"]["per_receipt_minor"], 25);
    assert_eq!(document["reward_model"]["cap_minor"], 100);
    assert_eq!(document["rewards"][0]["reward_minor"], 50);
    assert_eq!(document["rewards"][0]["currency"], "GBP");
}

// ---------------------------------------------------------------------------
// A store of the previous schema
// ---------------------------------------------------------------------------

/// `tests/fixtures/v1-panel.db` was written by `panel` before rewards, at
/// schema 1: eleven receipts submitted in January 2026 (ten counted, one
/// extra) and two in February, one of which was then deleted.
#[test]
fn a_store_of_schema_1_migrates_and_keeps_its_receipts_and_rewards() {
    let p = Panel::new();
    let db = p.with_store_fixture("v1-panel.db");
    assert_eq!(user_version(&db), 1);
    let list = p.list_json();
    // Migrated through every later schema: 2 for rewards, 3 for consents,
    // 4 for telling purchases alike apart.
    assert_eq!(user_version(&db), 4);
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 12);
    assert_eq!(list.iter().filter(|r| r["month"] == "2026-01").count(), 11);
    let jan = month_at(&p, MARCH, "2026-01");
    assert_eq!(
        (jan["counted"].clone(), jan["extra"].clone()),
        (10.into(), 1.into())
    );
    assert_eq!(jan["reward_state"], "paid");
    assert_eq!(jan["destination"], "balance");
    // The first write freezes the old months; the receipts and ledger stay.
    p.run_at(MARCH, ["reward", "choose", "charity", "wwf"]).ok();
    assert_eq!(events(&p, "month_closed").len(), 2);
    assert_eq!(events(&p, "receipt_shared").len(), 13);
    assert_eq!(events(&p, "receipt_deleted").len(), 1);
    assert_eq!(p.list_json().as_array().unwrap().len(), 12);
    let history = history_at(&p, MARCH);
    assert_eq!(history_month(&history, "2026-01")["reward_minor"], 1000);
    assert_eq!(history_month(&history, "2026-02")["counted"], 1);
    assert_counts_kept(&p);
    // The old log still verifies with the new entries on top.
    let export = p.run_at(MARCH, ["audit", "export"]).ok();
    let file = p.file("export.json", &export.stdout);
    verify(&p, MARCH, &file);
}

// ---------------------------------------------------------------------------
// Help
// ---------------------------------------------------------------------------

#[test]
fn help_explains_the_reward_and_survey_commands() {
    let p = Panel::new();
    let top = p.run_at(MARCH, ["--help"]).ok().stdout;
    assert!(top.contains("reward") && top.contains("survey"), "{top}");
    let reward = p.run_at(MARCH, ["reward", "--help"]).ok().stdout;
    for word in ["choose", "charities", "history", "keeps the destination"] {
        assert!(reward.contains(word), "{word} missing:\n{reward}");
    }
    let choose = p
        .run_at(MARCH, ["reward", "choose", "charity", "--help"])
        .ok()
        .stdout;
    assert!(choose.contains("ID-OR-NAME-PREFIX"), "{choose}");
    let add = p.run_at(MARCH, ["survey", "add", "--help"]).ok().stdout;
    for flag in ["--title", "--reward", "--date", "--json"] {
        assert!(add.contains(flag), "{flag} missing:\n{add}");
    }
    assert_eq!(p.run_at(MARCH, ["reward", "choose"]).code, 2);
    assert_eq!(p.run_at(MARCH, ["reward", "choose", "charity"]).code, 2);
    assert_eq!(p.run_at(MARCH, ["survey", "add", "--title", "x"]).code, 2);
}
