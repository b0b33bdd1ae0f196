//! Deletion leaves no residue: after `panel delete`, no byte sequence unique
//! to the deleted receipts (merchant text, body text, stored picture bytes)
//! remains in any file of the panel home, while a receipt that was kept is
//! still found there, so the search itself is shown to work. Also: the home
//! is private (0700) and so is every file in it (0600).

use std::collections::hash_map::RandomState;
use std::ffi::OsStr;
use std::hash::{BuildHasher, Hasher};
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use serde_json::Value;

use crate::support::{self, Panel, files_under, occurrences};

/// A token no other test or run produces.
fn unique(tag: &str) -> String {
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u32(std::process::id());
    hasher.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos(),
    );
    format!("{tag}-{:016X}", hasher.finish())
}

fn submit(panel: &Panel, file: &Path, flags: &[&str]) -> String {
    let mut args: Vec<&OsStr> = vec![OsStr::new("submit"), OsStr::new("--json")];
    args.extend(flags.iter().map(OsStr::new));
    args.push(file.as_os_str());
    let out = panel.cmd(args).output().unwrap();
    assert!(
        out.status.success(),
        "submit {}: {}",
        file.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    let reports: Value = serde_json::from_slice(&out.stdout).unwrap();
    reports[0]["id"].as_str().expect("an id").to_string()
}

/// An RGB PNG of `width` × `height` pseudo-random pixels.
fn noise_png(width: u32, height: u32, mut seed: u64) -> Vec<u8> {
    let mut noise = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed >> 24) as u8
    };
    support::png(width, height, |_, _| [noise(), noise(), noise()], None)
}

#[test]
fn a_deleted_receipt_leaves_no_byte_behind() {
    let panel = Panel::new();
    let home = panel.home().to_path_buf();

    // A text receipt whose merchant and body carry unique tokens.
    let merchant = unique("RESIDUE-MARKER");
    let body_token = unique("RESIDUE-BODY");
    let text = format!(
        "{merchant}\n1 Main Street\n2026-03-15\n{body_token} 1.00\nBread 2.00\nTOTAL 7.31\n"
    );
    let text_id = submit(&panel, &panel.file("marked.txt", &text), &[]);

    // A picture receipt of random pixels; what is stored is a re-encoding,
    // so its unique bytes are taken from the stored copy below.
    let mut seed = RandomState::new().build_hasher().finish() | 1;
    seed ^= u64::from(std::process::id());
    let picture_merchant = unique("PIXEL-MARKER");
    let png = panel.file("noise.png", noise_png(96, 96, seed));
    let picture_id = submit(
        &panel,
        &png,
        &[
            "--merchant",
            &picture_merchant,
            "--date",
            "2026-03-16",
            "--total",
            "9.99",
        ],
    );

    // A receipt that stays, and others around the deleted ones so they
    // share pages with rows that survive.
    let keeper = unique("KEEPER-MARKER");
    submit(
        &panel,
        &panel.file(
            "keeper.txt",
            format!("{keeper}\n2026-03-14\nMilk 1.00\nTOTAL 1.00\n"),
        ),
        &[],
    );
    for n in 0..5 {
        submit(
            &panel,
            &panel.file(
                &format!("filler{n}.txt"),
                format!("Filler Shop {n}\n2026-03-1{n}\nTOTAL {n}.40\n"),
            ),
            &[],
        );
    }

    let stored = panel.file("stored.png", "");
    panel
        .cmd([
            OsStr::new("show"),
            OsStr::new(&picture_id),
            OsStr::new("--shared-image"),
            stored.as_os_str(),
            OsStr::new("--force"),
        ])
        .assert()
        .success();
    let stored = std::fs::read(&stored).unwrap();
    assert!(
        stored.len() > 4096,
        "the stored picture is {} bytes",
        stored.len()
    );
    let mut needles: Vec<(String, Vec<u8>)> = vec![
        ("merchant".into(), merchant.clone().into_bytes()),
        ("body token".into(), body_token.clone().into_bytes()),
        (
            "picture merchant".into(),
            picture_merchant.clone().into_bytes(),
        ),
    ];
    for quarter in 1..=3 {
        let at = stored.len() * quarter / 4;
        needles.push((
            format!("picture bytes at {at}"),
            stored[at..at + 32].to_vec(),
        ));
    }

    for (what, needle) in &needles {
        assert!(
            !occurrences(&home, needle).is_empty(),
            "the {what} is nowhere in the home before deletion, so the search proves nothing"
        );
    }

    panel
        .cmd(["delete", "--yes", &text_id, &picture_id[..6]])
        .assert()
        .success();
    let left = panel.list_json();
    let left = left.as_array().unwrap();
    assert_eq!(left.len(), 6, "{left:?}");
    assert!(left.iter().any(|r| r["merchant"] == *keeper), "{left:?}");
    assert!(
        left.iter()
            .all(|r| r["id"] != *text_id && r["id"] != *picture_id),
        "{left:?}"
    );

    let names: Vec<String> = files_under(&home)
        .iter()
        .map(|(p, b)| format!("{} ({} bytes)", p.display(), b.len()))
        .collect();
    for (what, needle) in &needles {
        let found = occurrences(&home, needle);
        assert!(
            found.is_empty(),
            "the deleted receipt's {what} remains in {found:?}; files: {names:?}"
        );
    }
    assert!(
        !occurrences(&home, keeper.as_bytes()).is_empty(),
        "the kept receipt is gone from the files too"
    );
}

#[test]
fn the_home_and_its_files_are_private() {
    let panel = Panel::new();
    let home = panel.home().to_path_buf();
    std::fs::set_permissions(&home, std::fs::Permissions::from_mode(0o755)).unwrap();
    let file = panel.file("r.txt", "Private Shop\n2026-03-12\nTOTAL 2.00\n");
    panel
        .cmd([OsStr::new("submit"), file.as_os_str()])
        .assert()
        .success();
    let nested = home.join("new/deeper");
    panel
        .cmd([OsStr::new("submit"), file.as_os_str()])
        .env("PANEL_HOME", &nested)
        .assert()
        .success();

    // The home existed: its mode is its owner's, left as it was. The
    // folders panel made are private.
    let mode = std::fs::metadata(&home).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o755, "the existing home was chmodded");
    for dir in [&home, &nested] {
        if dir != &home {
            let mode = std::fs::metadata(dir).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o700, "{} has mode {mode:o}", dir.display());
        }
        for (path, _) in files_under(dir) {
            let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600, "{} has mode {mode:o}", path.display());
        }
    }
}
