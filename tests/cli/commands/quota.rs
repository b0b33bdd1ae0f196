//! The monthly quota: counted and extra receipts, and promotion after a delete.

use super::*;

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

    let r = p.run(["status", "--month"]).ok();
    insta::assert_snapshot!(r.stdout);
    let extra = p.run(["list", "--state", "extra", "--json"]).ok().json();
    assert_eq!(extra.as_array().unwrap().len(), 1);
    assert_eq!(extra[0]["merchant"], "Shop 11");
}

#[test]
fn deleting_a_counted_receipt_promotes_the_oldest_extra() {
    let p = Panel::new();
    // Ten counted receipts, then two extras submitted an hour apart.
    for n in 1..=10 {
        let name = receipt(&p, n);
        p.run(["submit", &name]).ok();
    }
    let r11 = receipt(&p, 11);
    p.run_at("2026-03-20T11:00:00Z", ["submit", &r11]).ok();
    let r12 = receipt(&p, 12);
    p.run_at("2026-03-20T12:00:00Z", ["submit", &r12]).ok();
    let counted = p.run(["list", "--state", "counted", "--json"]).ok().json();
    let victim = counted[0]["id"].as_str().unwrap().to_string();

    p.run_at("2026-03-20T13:00:00Z", ["delete", "--yes", &victim])
        .ok();

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
        p.run(["delete", "--yes", &id(0)]).ok();
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
