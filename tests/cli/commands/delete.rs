//! `panel delete`: confirmation, prefixes and what a delete changes.

use super::*;

#[test]
fn delete_without_a_terminal_needs_yes() {
    let p = Panel::new();
    let name = receipt(&p, 1);
    let id = submit_ok(&p, &[&name]);
    let before = p.list_json();
    let mut cmd = p.cmd(["delete", &id]);
    cmd.write_stdin("y\n");
    let r = Run::of(cmd);
    assert_eq!(r.code, 1);
    insta::assert_snapshot!(r.stderr);
    assert_eq!(p.list_json(), before);
}

#[test]
fn delete_by_prefix_with_yes() {
    let p = Panel::new();
    let name = receipt(&p, 1);
    let id = submit_ok(&p, &[&name]);
    let r = p.run(["delete", "--yes", &id[..5]]).ok();
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
    let v = p
        .run(["delete", "-y", "--json", &ida, &idb[..4], &ida[..6]])
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
    p.run(["delete", "--yes", &ida]).ok();
    let s = status_month_json(&p, None);
    assert_eq!(s["counted"], 1);
    assert_eq!(s["remaining"], 9);
}
