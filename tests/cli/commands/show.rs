//! `panel show`: one receipt in full, by id or prefix.

use super::*;

#[test]
fn show_prints_one_receipt_in_full() {
    let p = Panel::new();
    p.file(
        "mail.txt",
        "Corner Shop\n2026-03-10\nReceipt sent to jane@example.com\nTOTAL 12.34\n",
    );
    let id = submit_ok(&p, &["mail.txt", "--category", "grocery"]);
    let r = p.run(["show", &id]).ok();
    insta::assert_snapshot!(redact(&p, &r.stdout, std::slice::from_ref(&id)));
    // The shared text has the address replaced by its kind.
    p.run(["show", &id, "--shared-image", "shared.txt"]).ok();
    let shared = std::fs::read_to_string(p.files_dir().join("shared.txt")).unwrap();
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
    let v = p.run(["show", &id, "--json"]).ok().json();
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
        let v = p.run(["show", prefix, "--json"]).ok().json();
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
