//! The store and the environment: unusable stores, bad homes and clocks, help,
//! version, and closed pipes.

use super::*;

#[test]
fn a_store_from_a_newer_panel_is_refused_with_exit_3() {
    let p = Panel::new();
    p.run(["reward", "choose", "balance"]).ok();
    let db = p.home().join("panel.db");
    let wal = p.home().join("panel.db-wal");
    assert!(
        !wal.exists() || std::fs::metadata(&wal).unwrap().len() == 0,
        "the store was left with a write-ahead log"
    );
    // PRAGMA user_version: the big-endian u32 at offset 60 of the header.
    let mut bytes = std::fs::read(&db).unwrap();
    assert!(bytes.starts_with(b"SQLite format 3\0"));
    bytes[60..64].copy_from_slice(&99u32.to_be_bytes());
    std::fs::write(&db, &bytes).unwrap();

    let r = p.run(["list"]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(
        r.stderr.contains("written by a newer panel"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("schema 99"), "{}", r.stderr);
    assert!(r.stderr.contains("upgrade panel"), "{}", r.stderr);
    assert_eq!(
        std::fs::read(&db).unwrap(),
        bytes,
        "the newer store was changed"
    );
}

#[test]
fn a_store_that_is_not_sqlite_is_refused_with_exit_3() {
    let p = Panel::new();
    let db = p.home().join("panel.db");
    let junk = "this is not a database\n".repeat(200);
    std::fs::write(&db, &junk).unwrap();
    let r = p.run(["status"]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    let err = redact(&p, &r.stderr, &[]);
    assert!(
        err.contains("[HOME]/panel.db is damaged or not a panel store"),
        "{err}"
    );
    assert!(
        err.contains("restore it from a backup or move it away"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&db).unwrap(), junk);
}

#[test]
fn a_relative_panel_home_is_refused() {
    let p = Panel::new();
    let mut cmd = p.cmd(["list"]);
    cmd.env("PANEL_HOME", "relative/home")
        .current_dir(p.files_dir());
    let r = Run::of(cmd);
    assert_eq!(r.code, 1);
    insta::assert_snapshot!(r.stderr);
    assert!(!p.files_dir().join("relative").exists());

    let r = p.run(["--home", "rel", "list"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("--home=rel is a relative path"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_bad_panel_now_is_refused() {
    let p = Panel::new().at("yesterday");
    let r = p.run(["status"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .contains(r#"PANEL_NOW="yesterday" is not an RFC 3339 time"#),
        "{}",
        r.stderr
    );
}

#[test]
fn help_lists_the_environment_variables_and_exit_codes() {
    let p = Panel::new();
    let r = p.run(["--help"]).ok();
    for name in [
        "PANEL_HOME",
        "PANEL_NOW",
        "XDG_DATA_HOME",
        "XDG_CONFIG_HOME",
        "NO_COLOR",
        "TZ",
    ] {
        assert!(
            r.stdout.contains(name),
            "{name} missing from --help:\n{}",
            r.stdout
        );
    }
    assert!(r.stdout.contains("Exit codes"), "{}", r.stdout);
    for command in [
        "submit",
        "list",
        "show",
        "delete",
        "status",
        "config",
        "completions",
        "man",
    ] {
        assert!(r.stdout.contains(command), "{command} missing from --help");
    }
}

#[test]
fn version_prints_the_crate_version() {
    let p = Panel::new();
    let r = p.run(["--version"]).ok();
    assert_eq!(r.stdout, format!("panel {}\n", env!("CARGO_PKG_VERSION")));
}

#[test]
fn an_unknown_command_is_a_usage_error() {
    let p = Panel::new();
    assert_eq!(p.run(["frobnicate"]).code, 2);
    assert_eq!(p.run(["submit"]).code, 2);
}

/// A reader that stops early (`panel list --json | head -1`) is not an
/// error: the command ends quietly with success.
#[test]
fn a_closed_pipe_ends_json_output_quietly() {
    let p = Panel::new();
    p.file("a.txt", text_receipt("Corner Shop", "2026-03-10", "12.34"));
    submit_ok(&p, &["a.txt"]);
    for args in [["list", "--json"], ["status", "--json"]] {
        let panel = assert_cmd::cargo::cargo_bin("panel");
        let mut child = p
            .std_cmd(&panel, args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(String::from_utf8_lossy(&out.stderr), "", "{args:?}");
    }
}
