//! The store and the program's rules at their edges: wrong clocks, hostile
//! paths, files that are not panel's, odd configuration values and totals,
//! purchases that look alike, and the failures that make a store unusable.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::support::{Panel, text_receipt};

fn submit_text(p: &Panel, name: &str, text: &str) -> String {
    p.file(name, text);
    let r = p.run(["submit", "--json", name]).ok();
    let report: Value = serde_json::from_str(&r.stdout).unwrap();
    let report = if report.is_array() {
        report[0].clone()
    } else {
        report
    };
    report["id"].as_str().unwrap().to_string()
}

fn count(p: &Panel) -> usize {
    p.list_json().as_array().unwrap().len()
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o7777
}

// --- retention and the clock ------------------------------------------------

#[test]
fn a_clock_far_ahead_purges_nothing_and_an_export_never_purges() {
    let p = Panel::new().at("2026-11-20T10:00:00Z");
    submit_text(
        &p,
        "a.txt",
        &text_receipt("Corner Shop", "2026-11-18", "4.20"),
    );
    submit_text(
        &p,
        "b.txt",
        &text_receipt("Book Nook", "2026-11-19", "9.90"),
    );
    let future = "2028-01-01T00:00:00Z";
    let r = p.run_at(future, ["audit", "export", "--format", "md"]).ok();
    assert!(!r.stdout.is_empty());
    assert_eq!(count(&p), 2, "an export purged receipts");
    // A write under that clock, without a terminal: the purge is refused
    // and said, the write itself goes ahead.
    let r = p.run_at(future, ["reward", "choose", "balance"]).ok();
    assert!(r.stderr.contains("it was not done because"), "{}", r.stderr);
    assert!(
        r.stderr.contains("the clock says 2028-01-01"),
        "{}",
        r.stderr
    );
    assert_eq!(count(&p), 2, "a jumped clock purged receipts");
}

#[test]
fn on_a_terminal_an_unusual_purge_is_asked_for() {
    if !system("script", &["-V"]) {
        eprintln!("skipped: `script` (util-linux), which gives panel a terminal, is missing");
        return;
    }
    let p = Panel::new().at("2026-11-20T10:00:00Z");
    submit_text(
        &p,
        "a.txt",
        &text_receipt("Corner Shop", "2026-11-18", "4.20"),
    );
    let panel = assert_cmd::cargo::cargo_bin("panel");
    let in_terminal = |answer: &str| {
        let line = format!("{} reward choose balance", panel.display());
        let mut cmd = p.std_cmd(Path::new("script"), ["-qec", line.as_str(), "/dev/null"]);
        cmd.env("PANEL_NOW", "2028-01-01T00:00:00Z")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped());
        let mut child = cmd.spawn().unwrap();
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(answer.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let said = in_terminal("n\n");
    // The terminal echoes the typed answer whenever it arrives, which may
    // be in the middle of the prompt, so the prompt's parts are looked for
    // one by one.
    assert!(
        said.contains("Delete them?") && said.contains("[y/N]"),
        "{said}"
    );
    assert_eq!(count(&p), 1, "a no purged");
    in_terminal("y\n");
    assert_eq!(count(&p), 0, "a yes did not purge");
}

// --- show --shared-image ----------------------------------------------------

#[test]
fn show_shared_image_keeps_existing_files_and_never_writes_through_links() {
    let p = Panel::new();
    let id = submit_text(
        &p,
        "r.txt",
        &text_receipt("Corner Shop", "2026-03-18", "4.20"),
    );
    let dir = p.files_dir();
    std::fs::write(dir.join("kept.txt"), "mine").unwrap();
    let r = p.run(["show", &id, "--shared-image", "kept.txt"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("already exists; add --force"),
        "{}",
        r.stderr
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("kept.txt")).unwrap(),
        "mine"
    );
    p.run(["show", &id, "--shared-image", "kept.txt", "--force"])
        .ok();
    assert!(
        std::fs::read_to_string(dir.join("kept.txt"))
            .unwrap()
            .contains("Corner Shop")
    );
    std::fs::write(dir.join("target.txt"), "other").unwrap();
    std::os::unix::fs::symlink(dir.join("target.txt"), dir.join("link.txt")).unwrap();
    let r = p.run(["show", &id, "--shared-image", "link.txt", "--force"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("symbolic link"), "{}", r.stderr);
    assert_eq!(
        std::fs::read_to_string(dir.join("target.txt")).unwrap(),
        "other"
    );
    let r = p.run(["show", &id, "--shared-image", "-"]).ok();
    assert!(r.stdout.starts_with("Corner Shop"), "{}", r.stdout);
}

// --- the home and files that are not panel's --------------------------------

#[test]
fn an_existing_home_keeps_its_mode_and_new_files_are_private() {
    let p = Panel::new();
    std::fs::set_permissions(p.home(), std::fs::Permissions::from_mode(0o1777)).unwrap();
    p.file("r.txt", text_receipt("Corner Shop", "2026-03-18", "4.20"));
    let r = p.run(["submit", "r.txt"]).ok();
    assert!(
        r.stderr.contains("other users can open the panel home"),
        "{}",
        r.stderr
    );
    assert_eq!(mode(p.home()), 0o1777);
    assert_eq!(mode(&p.home().join("panel.db")), 0o600);
    p.run(["list"]).ok();
    assert_eq!(mode(p.home()), 0o1777);
    // A home panel makes is private, parents included.
    let nested = p.home().join("a/b");
    let r = p
        .run(["--home", nested.to_str().unwrap(), "submit", "r.txt"])
        .ok();
    assert!(!r.stderr.contains("other users"), "{}", r.stderr);
    assert_eq!(mode(&nested), 0o700);
    assert_eq!(mode(&p.home().join("a")), 0o700);
}

#[test]
fn a_foreign_or_empty_panel_db_is_refused_untouched() {
    let p = Panel::new();
    let db = p.home().join("panel.db");
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.execute_batch("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('x');")
            .unwrap();
    }
    let before = std::fs::read(&db).unwrap();
    p.file("r.txt", text_receipt("Corner Shop", "2026-03-18", "4.20"));
    for args in [vec!["list"], vec!["submit", "r.txt"], vec!["status"]] {
        let r = p.run(&args);
        assert_eq!(r.code, 3, "{args:?}: {}", r.stderr);
        assert!(r.stderr.contains("is not a panel store"), "{}", r.stderr);
        assert!(r.stderr.contains("left untouched"), "{}", r.stderr);
    }
    assert_eq!(std::fs::read(&db).unwrap(), before);
    assert!(!p.home().join("panel.db-wal").exists());

    std::fs::write(&db, b"").unwrap();
    let r = p.run(["submit", "r.txt"]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(r.stderr.contains("empty (0 bytes)"), "{}", r.stderr);
    assert_eq!(std::fs::metadata(&db).unwrap().len(), 0);
}

#[test]
fn an_old_store_gets_panels_mark_and_a_new_store_has_it() {
    let p = Panel::new();
    let db = p.with_store_fixture("v2-panel.db");
    p.run(["list"]).ok();
    let conn = rusqlite::Connection::open(&db).unwrap();
    let id: i64 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .unwrap();
    assert_eq!(id, 0x5041_4E4C);
}

#[test]
fn read_only_commands_create_nothing_where_no_store_is() {
    let p = Panel::new();
    let typo = p.home().join("typo/a/b");
    for args in [
        vec!["list"],
        vec!["status"],
        vec!["show", "abcd"],
        vec!["audit", "export"],
        vec!["audit", "checkpoint"],
        vec!["reward", "history"],
    ] {
        let mut full = vec!["--home", typo.to_str().unwrap()];
        full.extend(&args);
        let r = p.run(&full);
        assert_eq!(r.code, 1, "{args:?}: {}", r.stderr);
        assert!(r.stderr.contains("no panel store at"), "{}", r.stderr);
        assert!(!p.home().join("typo").exists(), "{args:?} created folders");
    }
    // In a home that exists but holds no store, reads answer as an empty
    // store would, and make none.
    let r = p.run(["status"]).ok();
    assert!(r.stderr.contains("no panel store in"), "{}", r.stderr);
    assert!(!p.home().join("panel.db").exists());
}

// --- exit 3 with cause and fix ----------------------------------------------

#[test]
fn a_store_that_is_a_folder_or_a_dangling_home_exits_3() {
    let p = Panel::new();
    std::fs::create_dir(p.home().join("panel.db")).unwrap();
    let r = p.run(["status"]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(r.stderr.contains("panel.db is a folder"), "{}", r.stderr);
    assert!(r.stderr.contains("move it away"), "{}", r.stderr);

    let link = p.home().join("link");
    std::os::unix::fs::symlink(p.home().join("gone"), &link).unwrap();
    p.file("r.txt", text_receipt("Corner Shop", "2026-03-18", "4.20"));
    let r = p.run(["--home", link.to_str().unwrap(), "submit", "r.txt"]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(r.stderr.contains("symbolic link"), "{}", r.stderr);
    assert!(r.stderr.contains("which does not exist"), "{}", r.stderr);
}

// --- previews ---------------------------------------------------------------

#[test]
fn dry_run_previews_live_in_their_own_folder_and_old_ones_go() {
    let p = Panel::new();
    p.file("r.txt", text_receipt("Corner Shop", "2026-03-18", "4.20"));
    let r = p.run(["submit", "--dry-run", "--json", "r.txt"]).ok();
    let report: Value = serde_json::from_str(&r.stdout).unwrap();
    let report = if report.is_array() {
        report[0].clone()
    } else {
        report
    };
    let preview = PathBuf::from(report["preview"].as_str().unwrap());
    let folder = preview.parent().unwrap().to_path_buf();
    assert!(folder.starts_with(p.tmp.path()), "{}", preview.display());
    assert_eq!(mode(&folder), 0o700);
    // A preview older than a day goes at the next dry run.
    let old = std::fs::File::options().write(true).open(&preview).unwrap();
    old.set_modified(std::time::SystemTime::now() - std::time::Duration::from_secs(25 * 3600))
        .unwrap();
    p.run(["submit", "--dry-run", "r.txt"]).ok();
    assert!(!preview.exists(), "an old preview was kept");
    assert_eq!(std::fs::read_dir(&folder).unwrap().count(), 1);
}

// --- the program's rules ----------------------------------------------------

#[test]
fn the_owners_shops_are_refused_however_they_are_written() {
    let p = Panel::new();
    for merchant in [
        "Whole Foods",
        "Ａｍａｚｏｎ Ｆｒｅｓｈ",
        "Αmazon Go",
        "Amazon.com",
    ] {
        p.file("r.txt", text_receipt(merchant, "2026-03-18", "4.20"));
        let r = p.run(["submit", "r.txt", "--merchant", merchant]);
        assert_eq!(r.code, 1, "{merchant}: {}", r.stderr);
        assert!(
            r.stderr.contains("belongs to the panel's owner"),
            "{}",
            r.stderr
        );
    }
    let mail = "From: \"Orders\" <auto-confirm@amazon.com>\r\nTo: me@example.org\r\n\
                Subject: Your order\r\nDate: Wed, 18 Mar 2026 10:00:00 +0000\r\n\
                Content-Type: text/plain\r\n\r\nCorner Books\r\nOrder 112-33\r\n\
                Total 12.00\r\n";
    p.file("order.eml", mail);
    let r = p.run([
        "submit",
        "order.eml",
        "--merchant",
        "Corner Books",
        "--date",
        "2026-03-18",
        "--total",
        "12.00",
    ]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("amazon.com"), "{}", r.stderr);
    assert_eq!(count(&p), 0);
}

#[test]
fn two_purchases_alike_but_for_time_and_number_are_both_kept() {
    let p = Panel::new();
    let latte = |time: &str, number: &str| {
        format!(
            "Cafe Rosa\n1 Main Street\n2026-03-18 {time}\nReceipt #{number}\nLatte 4.50\n\
             TOTAL 4.50\n"
        )
    };
    submit_text(&p, "a.txt", &latte("08:05", "1041"));
    submit_text(&p, "b.txt", &latte("15:42", "1187"));
    assert_eq!(count(&p), 2);
    // The same receipt again, read another way: a duplicate.
    p.file(
        "c.txt",
        "CAFE ROSA\n1 Main Street\n2026-03-18  08:05\nReceipt # 1041\nLatte   4.50\nTOTAL 4.50\n",
    );
    let r = p.run(["submit", "c.txt"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("duplicate"), "{}", r.stderr);
    assert_eq!(count(&p), 2);
}

#[test]
fn config_values_out_of_range_are_refused_naming_key_and_range() {
    let p = Panel::new();
    for (toml, key) in [
        (
            "[submit]\nmax_file_bytes = 18446744073709551615\n",
            "submit.max_file_bytes",
        ),
        (
            "[program]\nreward_minor = 9223372036854775807\n",
            "program.reward_minor",
        ),
        ("[locale]\ntime_zone = \"\"\n", "locale.time_zone"),
        ("[program]\nmax_age_days = 0\n", "program.max_age_days"),
    ] {
        std::fs::write(p.home().join("config.toml"), toml).unwrap();
        let r = p.run(["status"]);
        assert_eq!(r.code, 1, "{toml}");
        assert!(r.stderr.contains(key), "{toml}: {}", r.stderr);
        if key != "locale.time_zone" {
            assert!(r.stderr.contains("allowed: "), "{}", r.stderr);
        }
    }
}

#[test]
fn totals_must_be_positive_exact_and_sane() {
    let p = Panel::new();
    p.file("r.txt", text_receipt("Corner Shop", "2026-03-18", "4.20"));
    for (total, said) in [
        ("0", "not positive"),
        ("1.999", "3 decimals but USD has 2"),
        ("92233720368547758.07", "above the largest accepted"),
    ] {
        let r = p.run(["submit", "r.txt", "--total", total]);
        assert_eq!(r.code, 1, "{total}: {}", r.stderr);
        assert!(r.stderr.contains(said), "{total}: {}", r.stderr);
    }
    assert_eq!(count(&p), 0);
}

#[test]
fn a_pdf_without_text_is_recorded_as_other() {
    let p = Panel::new();
    p.file(
        "r.pdf",
        "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n",
    );
    p.run([
        "submit",
        "r.pdf",
        "--merchant",
        "Paper Co",
        "--date",
        "2026-03-10",
        "--total",
        "3.00",
    ])
    .ok();
    assert_eq!(p.list_json()[0]["category"], "other");
}

#[test]
fn a_charity_no_longer_listed_receives_nothing_anywhere() {
    let p = Panel::new();
    submit_text(
        &p,
        "r.txt",
        &text_receipt("Corner Shop", "2026-03-18", "4.20"),
    );
    p.run(["reward", "choose", "charity", "wwf"]).ok();
    std::fs::write(p.home().join("config.toml"), "charities = []\n").unwrap();
    let reward: Value = serde_json::from_str(&p.run(["reward", "--json"]).ok().stdout).unwrap();
    assert_eq!(reward["destination"], "balance", "{reward}");
    let r = p.run(["reward"]).ok();
    assert!(
        r.stderr.contains("go to your store balance"),
        "{}",
        r.stderr
    );
    let status: Value = serde_json::from_str(
        &p.run(["status", "--month", "2026-03", "--json"])
            .ok()
            .stdout,
    )
    .unwrap();
    assert_eq!(status["destination"], "balance", "{status}");
    let export: Value = serde_json::from_str(&p.run(["audit", "export"]).ok().stdout).unwrap();
    // The ledger keeps the choice as it was made; the month's reward goes
    // to the balance.
    assert_eq!(export["rewards"][0]["destination"], "balance", "{export}");
}

// --- read-only homes and full disks (need root: chattr, mount) ---------------

/// Runs `program args`, true when it succeeded.
fn system(program: &str, args: &[&str]) -> bool {
    std::process::Command::new(program)
        .args(args)
        .status()
        .is_ok_and(|s| s.success())
}

fn is_root() -> bool {
    std::fs::metadata("/proc/self").is_ok_and(|m| std::os::unix::fs::MetadataExt::uid(&m) == 0)
}

/// Undoes a `chattr +i` or a mount when the test ends, even by a panic.
struct Undo(&'static str, Vec<String>);

impl Drop for Undo {
    fn drop(&mut self) {
        let args: Vec<&str> = self.1.iter().map(String::as_str).collect();
        system(self.0, &args);
    }
}

#[test]
fn a_read_only_home_serves_reads_and_refuses_writes_with_exit_3() {
    if !is_root() {
        eprintln!("skipped: making a folder immutable (chattr +i) needs root");
        return;
    }
    let p = Panel::new();
    submit_text(
        &p,
        "r.txt",
        &text_receipt("Corner Shop", "2026-03-18", "4.20"),
    );
    let home = p.home().to_str().unwrap().to_string();
    assert!(system("chattr", &["+i", &home]), "chattr +i failed");
    let _undo = Undo("chattr", vec!["-i".into(), home.clone()]);
    for args in [
        vec!["list"],
        vec!["status"],
        vec!["audit", "checkpoint"],
        vec!["reward", "history"],
    ] {
        let r = p.run(&args);
        assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
    }
    assert_eq!(count(&p), 1);
    p.file("s.txt", text_receipt("Book Nook", "2026-03-18", "9.90"));
    let r = p.run(["submit", "s.txt"]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(r.stderr.contains("cannot be written"), "{}", r.stderr);
    assert!(r.stderr.contains("chmod u+w"), "{}", r.stderr);
}

#[test]
fn a_full_disk_exits_3_saying_to_free_space_and_changes_nothing() {
    if !is_root() {
        eprintln!("skipped: mounting a small file system needs root");
        return;
    }
    let p = Panel::new();
    let disk = p.home().join("disk");
    std::fs::create_dir(&disk).unwrap();
    let disk_arg = disk.to_str().unwrap().to_string();
    assert!(
        system(
            "mount",
            &["-t", "tmpfs", "-o", "size=600k", "tmpfs", &disk_arg]
        ),
        "mount failed"
    );
    let _undo = Undo("umount", vec![disk_arg.clone()]);
    let home = disk.join("home");
    let home_arg = home.to_str().unwrap().to_string();
    p.file("r.txt", text_receipt("Corner Shop", "2026-03-18", "4.20"));
    p.run(["--home", &home_arg, "submit", "r.txt"]).ok();
    // Fill the disk to the last byte.
    {
        use std::io::Write;
        let mut filler = std::fs::File::create(disk.join("filler")).unwrap();
        let block = vec![0u8; 4096];
        while filler.write_all(&block).is_ok() {}
        while filler.write_all(&block[..1]).is_ok() {}
    }
    let big: String = (0..300)
        .map(|i| format!("Item number {i:04} with a long description      1.00\n"))
        .collect();
    p.file(
        "big.txt",
        format!("Book Nook\n1 Main Street\n2026-03-18\n{big}TOTAL 300.00\n"),
    );
    let r = p.run(["--home", &home_arg, "submit", "big.txt"]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(r.stderr.contains("is full"), "{}", r.stderr);
    assert!(r.stderr.contains("free some space"), "{}", r.stderr);
    std::fs::remove_file(disk.join("filler")).unwrap();
    let r = p.run(["--home", &home_arg, "list", "--json"]).ok();
    let list: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 1);
}
