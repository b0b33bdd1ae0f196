//! Bad inputs to `panel submit`: each is a clear error (exit 1, the file and
//! the problem named) and none of them changes the store, compared through
//! `list --json` before and after. A bulk run mixing good and bad files
//! records the good ones, names every bad one and exits 4.

use std::ffi::OsStr;
use std::fs::File;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::Value;

use crate::support::{Panel, shared_data, text_receipt};

/// A store already holding one receipt, so "unchanged" means something.
fn seeded() -> Panel {
    let panel = Panel::new();
    let seed = panel.file(
        "seed.txt",
        text_receipt("Seed Bakery", "2026-03-02", "4.20"),
    );
    let out = submit(&panel, &[&seed], &[]);
    assert!(out.status.success(), "seed: {}", stderr(&out));
    assert_eq!(receipts(&panel).len(), 1);
    panel
}

fn submit(panel: &Panel, files: &[&Path], flags: &[&str]) -> Output {
    let mut args: Vec<&OsStr> = vec![OsStr::new("submit")];
    args.extend(flags.iter().map(OsStr::new));
    args.extend(files.iter().map(|f| f.as_os_str()));
    panel.cmd(args).output().expect("panel runs")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn receipts(panel: &Panel) -> Vec<Value> {
    panel
        .list_json()
        .as_array()
        .expect("list --json is an array")
        .clone()
}

fn scratch_dir(panel: &Panel) -> PathBuf {
    let probe = panel.file(".probe", "");
    let dir = probe.parent().unwrap().to_path_buf();
    std::fs::remove_file(probe).unwrap();
    dir
}

/// Submits `path` alone, in human and in JSON mode: each must exit 1 with an
/// error that names the file and says each of `reasons`, print nothing on
/// standard output but the JSON report, and leave the store as it was.
fn assert_refused(panel: &Panel, path: &Path, reasons: &[&str]) {
    let before = panel.list_json();
    let shown = path.to_string_lossy();

    let out = submit(panel, &[path], &[]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "submit {shown}: {err}");
    assert!(!err.contains("panicked"), "submit {shown} crashed: {err}");
    assert!(
        err.contains(&*shown),
        "the error does not name {shown}: {err}"
    );
    for reason in reasons {
        assert!(
            err.contains(reason),
            "submit {shown}: expected {reason:?} in: {err}"
        );
    }
    assert!(
        out.stdout.is_empty(),
        "submit {shown} printed: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert_eq!(
        panel.list_json(),
        before,
        "submit {shown} changed the store"
    );

    let out = submit(panel, &[path], &["--json"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "submit --json {shown}: {}",
        stderr(&out)
    );
    let reports: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "submit --json {shown} printed no JSON ({e}): {}",
            String::from_utf8_lossy(&out.stdout)
        )
    });
    let reports = reports.as_array().expect("an array");
    assert_eq!(reports.len(), 1, "{reports:?}");
    let report = &reports[0];
    assert_eq!(report["file"], *shown, "{report}");
    assert_eq!(report["ok"], false, "{report}");
    assert_eq!(report["id"], Value::Null, "{report}");
    let error = report["error"].as_str().expect("an error message");
    for reason in reasons {
        assert!(error.contains(reason), "expected {reason:?} in {error:?}");
    }
    assert_eq!(
        panel.list_json(),
        before,
        "submit --json {shown} changed the store"
    );
}

#[test]
fn an_empty_file() {
    let panel = seeded();
    let path = panel.file("empty.txt", "");
    assert_refused(&panel, &path, &["empty"]);
}

/// A JPEG start-of-image and a frame header, cut off before any scan ends.
fn minimal_truncated_jpeg() -> Vec<u8> {
    let mut bytes = vec![
        0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, b'J', b'F', b'I', b'F', 0x00, 0x01, 0x01, 0x00, 0x00,
        0x01, 0x00, 0x01, 0x00, 0x00, 0xFF, 0xDB, 0x00, 0x43, 0x00,
    ];
    bytes.extend((1..=64).map(|i: u8| i));
    bytes.extend([
        0xFF, 0xC0, 0x00, 0x0B, 0x08, 0x00, 0x10, 0x00, 0x10, 0x01, 0x01, 0x11, 0x00,
    ]);
    bytes
}

#[test]
fn a_truncated_jpeg_without_an_end_marker() {
    let panel = seeded();
    let path = panel.file("cut.jpg", minimal_truncated_jpeg());
    assert_refused(&panel, &path, &["JPEG"]);
}

/// Real scans carry an EXIF thumbnail, a whole small JPEG with its own
/// end-of-image marker near the start of the file, so half of a scan still
/// holds an end marker: cutting must be noticed all the same.
#[test]
fn a_real_jpeg_cut_in_half() {
    let Some(data) = shared_data() else { return };
    let mut scans: Vec<PathBuf> = std::fs::read_dir(data.join("receipts/de-scans"))
        .expect("the de-scans folder")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("jpg")))
        .collect();
    scans.sort();
    let scan = scans.first().expect("a JPEG in receipts/de-scans");
    let bytes = std::fs::read(scan).unwrap();
    let panel = seeded();
    let path = panel.file("half.jpg", &bytes[..bytes.len() / 2]);
    // The fields are given, so nothing but the cut can refuse it.
    let before = panel.list_json();
    let out = submit(
        &panel,
        &[&path],
        &[
            "--merchant",
            "Half Shop",
            "--date",
            "2026-03-10",
            "--total",
            "3.10",
        ],
    );
    let err = stderr(&out);
    assert_eq!(
        out.status.code(),
        Some(1),
        "the first half of {} was accepted: {}{err}",
        scan.display(),
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(
        err.contains("truncated") || err.contains("damaged"),
        "the error does not say the JPEG is cut: {err}"
    );
    assert!(err.contains(&*path.to_string_lossy()), "{err}");
    assert_eq!(panel.list_json(), before);
}

#[test]
fn a_folder_of_receipts_is_submitted_file_by_file() {
    let panel = seeded();
    let dir = scratch_dir(&panel).join("a folder");
    std::fs::create_dir(&dir).unwrap();
    for (name, shop) in [("b.txt", "Inside Shop B"), ("a.txt", "Inside Shop A")] {
        std::fs::write(dir.join(name), text_receipt(shop, "2026-03-03", "1.00")).unwrap();
    }
    std::fs::create_dir(dir.join("nested")).unwrap();
    std::fs::write(dir.join(".hidden.txt"), "not a receipt").unwrap();
    let out = submit(&panel, &[&dir], &["--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let reports: Value = serde_json::from_slice(&out.stdout).unwrap();
    let merchants: Vec<&str> = reports
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["merchant"].as_str().unwrap())
        .collect();
    assert_eq!(
        merchants,
        ["Inside Shop A", "Inside Shop B"],
        "in name order"
    );
    assert_eq!(receipts(&panel).len(), 3);
}

#[test]
fn an_empty_folder() {
    let panel = seeded();
    let dir = scratch_dir(&panel).join("empty folder");
    std::fs::create_dir(&dir).unwrap();
    assert_refused(&panel, &dir, &["folder", "no receipt"]);
}

#[test]
fn a_missing_file() {
    let panel = seeded();
    let path = scratch_dir(&panel).join("no-such-receipt.txt");
    assert_refused(&panel, &path, &["does not exist"]);
}

#[test]
fn a_symlink_loop() {
    let panel = seeded();
    let dir = scratch_dir(&panel);
    std::os::unix::fs::symlink(dir.join("b"), dir.join("a")).unwrap();
    std::os::unix::fs::symlink(dir.join("a"), dir.join("b")).unwrap();
    assert_refused(&panel, &dir.join("a"), &["loop"]);
}

#[test]
fn a_dangling_symlink() {
    let panel = seeded();
    let dir = scratch_dir(&panel);
    std::os::unix::fs::symlink(dir.join("gone.txt"), dir.join("link.txt")).unwrap();
    assert_refused(&panel, &dir.join("link.txt"), &["does not exist"]);
}

#[test]
fn a_named_pipe_is_refused_without_blocking_on_it() {
    let panel = seeded();
    let fifo = scratch_dir(&panel).join("pipe.txt");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("skipped: mkfifo is not available");
        return;
    }
    assert_refused(&panel, &fifo, &["not a regular file"]);
}

#[test]
fn a_file_above_the_configured_limit() {
    let panel = seeded();
    std::fs::write(
        panel.home().join("config.toml"),
        "[submit]\nmax_file_bytes = 1000\n",
    )
    .unwrap();
    let mut text = text_receipt("Big Text Shop", "2026-03-04", "5.00");
    while text.len() < 5000 {
        text.push_str("Padding line of an otherwise valid receipt\n");
    }
    text.truncate(5000);
    let path = panel.file("big.txt", &text);
    assert_refused(
        &panel,
        &path,
        &["5000 bytes", "limit of 1000", "max_file_bytes"],
    );
}

/// Sparse files cost no disk but report their full size: the default
/// limit (25 MB) must refuse them from their size alone. A 1 TiB one would
/// exhaust memory or take minutes if it were read.
#[test]
fn a_sparse_file_above_the_default_limit_is_not_read() {
    let panel = seeded();
    let path = panel.file("sparse.txt", "");
    File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_len(30_000_000)
        .unwrap();
    assert_refused(&panel, &path, &["30000000 bytes", "limit of 25000000"]);

    let huge = panel.file("huge.txt", "");
    let file = File::options().write(true).open(&huge).unwrap();
    if file.set_len(1 << 40).is_err() {
        eprintln!("skipped the 1 TiB sparse file: the file system refuses it");
        return;
    }
    drop(file);
    assert_refused(&panel, &huge, &["1099511627776 bytes", "limit of 25000000"]);
}

#[test]
fn a_zip_archive_is_named() {
    let panel = seeded();
    let mut zip = b"PK\x03\x04\x14\x00\x00\x00\x08\x00".to_vec();
    zip.extend_from_slice(&[0x21; 64]);
    let path = panel.file("receipt.txt", zip);
    assert_refused(&panel, &path, &["ZIP"]);
}

#[test]
fn a_heic_photo_gets_a_hint_to_convert_it() {
    let panel = seeded();
    let mut heic = b"\0\0\0\x18ftypheic\0\0\0\0mif1heic".to_vec();
    heic.extend_from_slice(&[0u8; 64]);
    let path = panel.file("receipt.jpg", heic);
    assert_refused(&panel, &path, &["HEIC", "convert"]);
}

#[test]
fn binary_data_that_is_not_utf8() {
    let panel = seeded();
    let blob: Vec<u8> = b"Corner Shop\n2026-03-05\nTOTAL 3.50\n"
        .iter()
        .copied()
        .chain([0xC3, 0x28, 0x80, 0x81, 0xFE, 0x00, 0x01, 0x9F])
        .collect();
    let path = panel.file("receipt.txt", blob);
    assert_refused(&panel, &path, &["binary data", "unknown type"]);
}

#[test]
fn text_with_control_bytes_is_binary() {
    let panel = seeded();
    let path = panel.file("ctrl.txt", b"Corner Shop\x00\x07\x1b[31m\nTOTAL 3.50\n");
    assert_refused(&panel, &path, &["unknown type"]);
}

/// A file name that is not UTF-8 with valid content is recorded, and its
/// name is shown with the bad byte replaced rather than crashing.
#[test]
fn a_file_name_that_is_not_utf8() {
    let panel = seeded();
    let dir = scratch_dir(&panel);
    let name = OsStr::from_bytes(b"re\xffceipt.txt");
    let path = dir.join(name);
    std::fs::write(&path, text_receipt("Odd Name Shop", "2026-03-06", "6.60")).unwrap();
    let shown = format!("re{}ceipt.txt", char::REPLACEMENT_CHARACTER);

    let out = submit(&panel, &[&path], &[]);
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout.contains(&shown), "the name is not shown: {stdout}");
    let list = receipts(&panel);
    assert_eq!(list.len(), 2);
    assert!(
        list.iter().any(|r| r["merchant"] == "Odd Name Shop"),
        "{list:?}"
    );

    // JSON carries the name lossily as well; a second submission is a
    // duplicate, named by the same lossy name.
    let out = submit(&panel, &[&path], &["--json"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains(&shown), "{}", stderr(&out));
    let reports: Value = serde_json::from_slice(&out.stdout).unwrap();
    let file = reports[0]["file"].as_str().unwrap();
    assert!(file.ends_with(&shown), "{file}");
    assert!(
        reports[0]["error"].as_str().unwrap().contains("duplicate"),
        "{reports}"
    );

    // A missing file with such a name is a plain error naming it.
    let missing = dir.join(OsStr::from_bytes(b"gone\xfe.txt"));
    assert_refused(&panel, &missing, &["does not exist"]);
}

struct Batch {
    files: Vec<PathBuf>,
    good: Vec<bool>,
}

/// Good receipts interleaved with an empty file, a missing file, a ZIP
/// archive, an empty folder and a truncated JPEG.
fn mixed_batch(panel: &Panel, tag: &str) -> Batch {
    let dir = scratch_dir(panel);
    let folder = dir.join(format!("folder-{tag}"));
    std::fs::create_dir(&folder).unwrap();
    let good = |n: u32| {
        panel.file(
            &format!("good-{tag}-{n}.txt"),
            text_receipt(
                &format!("Mixed {tag} Shop {n}"),
                "2026-03-07",
                &format!("{n}.25"),
            ),
        )
    };
    let files = vec![
        good(1),
        panel.file(&format!("empty-{tag}.txt"), ""),
        good(2),
        dir.join(format!("missing-{tag}.txt")),
        panel.file(&format!("archive-{tag}.zip"), b"PK\x03\x04\x14\x00\x00\x00"),
        good(3),
        folder,
        panel.file(&format!("cut-{tag}.jpg"), minimal_truncated_jpeg()),
        good(4),
    ];
    let good = files
        .iter()
        .map(|f| f.to_string_lossy().contains("good-"))
        .collect();
    Batch { files, good }
}

#[test]
fn a_mixed_batch_keeps_the_good_and_names_the_bad() {
    let panel = seeded();
    let batch = mixed_batch(&panel, "human");
    let files: Vec<&Path> = batch.files.iter().map(PathBuf::as_path).collect();
    let out = submit(&panel, &files, &[]);
    let err = stderr(&out);
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert_eq!(out.status.code(), Some(4), "{stdout}{err}");
    assert!(!err.contains("panicked"), "{err}");
    for (file, good) in batch.files.iter().zip(&batch.good) {
        let name = file.to_string_lossy();
        if *good {
            assert!(stdout.contains(&*name), "{name} not reported: {stdout}");
            assert!(!err.contains(&*name), "{name} reported as failed: {err}");
        } else {
            let line = err
                .lines()
                .find(|l| l.contains(&*name))
                .unwrap_or_else(|| panic!("{name} is not named in: {err}"));
            assert!(line.contains("fail"), "{line}");
            assert!(
                !stdout.contains(&*name),
                "{name} reported as recorded: {stdout}"
            );
        }
    }
    let list = receipts(&panel);
    assert_eq!(list.len(), 1 + 4, "{list:?}");
    for n in 1..=4 {
        let merchant = format!("Mixed human Shop {n}");
        assert!(
            list.iter().any(|r| r["merchant"] == *merchant),
            "{merchant} missing"
        );
    }
}

#[test]
fn a_mixed_batch_in_json_reports_each_file_in_order() {
    let panel = seeded();
    let batch = mixed_batch(&panel, "json");
    let files: Vec<&Path> = batch.files.iter().map(PathBuf::as_path).collect();
    let out = submit(&panel, &files, &["--json"]);
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    let reports: Value = serde_json::from_slice(&out.stdout).expect("a JSON array");
    let reports = reports.as_array().unwrap();
    assert_eq!(reports.len(), batch.files.len());
    let list = receipts(&panel);
    assert_eq!(list.len(), 1 + 4);
    for ((report, file), good) in reports.iter().zip(&batch.files).zip(&batch.good) {
        assert_eq!(report["file"], *file.to_string_lossy(), "{report}");
        assert_eq!(report["ok"], *good, "{report}");
        if *good {
            assert_eq!(report["error"], Value::Null, "{report}");
            let id = report["id"].as_str().expect("an id");
            assert!(list.iter().any(|r| r["id"] == id), "{id} not listed");
        } else {
            assert_eq!(report["id"], Value::Null, "{report}");
            let error = report["error"].as_str().expect("an error");
            assert!(!error.is_empty(), "{report}");
        }
    }
}
