//! What leaves with a receipt: every kind of personal data withheld by
//! default and replaced by its kind in shared text, the panelist's
//! `--share`/`--withhold` choices, health data only with `--consent-health`,
//! a dry run's private preview, and shared pictures with no metadata and
//! with the withheld words painted out.

use std::ffi::OsStr;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::support::{Panel, exiftool, occurrences, shared_data, tesseract};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/privacy")
        .join(name)
}

/// `panel ARGS` that must succeed: its stdout.
fn ok(p: &Panel, args: &[&OsStr]) -> String {
    let out = p.cmd(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// `submit --json ARGS FILE`: the one report.
fn submit(p: &Panel, file: &Path, args: &[&str]) -> Value {
    let mut all: Vec<&OsStr> = vec![OsStr::new("submit"), OsStr::new("--json")];
    all.extend(args.iter().map(OsStr::new));
    all.push(file.as_os_str());
    let reports: Value = serde_json::from_str(&ok(p, &all)).unwrap();
    reports[0].clone()
}

/// The shared content of receipt `id`, written by `show --shared-image`.
fn shared_content(p: &Panel, id: &str) -> Vec<u8> {
    let target = p.tmp.path().join(format!("shared-{id}"));
    ok(
        p,
        &[
            OsStr::new("show"),
            OsStr::new(id),
            OsStr::new("--shared-image"),
            target.as_os_str(),
        ],
    );
    std::fs::read(target).unwrap()
}

const ORDER_VALUES: [&str; 8] = [
    "orders@shop.example",
    "Jane Q. Public",
    "42 Elm Street",
    "(217) 555-0142",
    "Mr John Public",
    "4242",
    "help@shop.example",
    "RWD-88213377",
];

const ORDER_FLAGS: [&str; 6] = [
    "--merchant",
    "Shop Example",
    "--date",
    "2026-03-12",
    "--total",
    "36.65",
];

#[test]
fn personal_data_is_withheld_by_default_and_never_stored() {
    let p = Panel::new();
    let report = submit(&p, &fixture("en-online-order.txt"), &ORDER_FLAGS);
    let withheld = &report["withheld"];
    for kind in ["email", "name", "address", "phone", "card", "loyalty"] {
        assert!(withheld[kind].as_u64() >= Some(1), "{kind}: {report}");
    }
    assert_eq!(report["health_consent"], false);
    let id = report["id"].as_str().unwrap();
    let shared = String::from_utf8(shared_content(&p, id)).unwrap();
    assert!(
        shared.contains("[email]") && shared.contains("[card]"),
        "{shared}"
    );
    assert!(
        shared.contains("Desk lamp LED"),
        "items are shared: {shared}"
    );
    for value in ORDER_VALUES {
        assert!(!shared.contains(value), "{value} shared: {shared}");
        assert!(
            occurrences(p.home(), value.as_bytes()).is_empty(),
            "{value} is in the panel home"
        );
    }
    let show: Value = serde_json::from_str(&ok(
        &p,
        &[OsStr::new("show"), OsStr::new(id), OsStr::new("--json")],
    ))
    .unwrap();
    assert_eq!(&show["withheld"], withheld);
}

#[test]
fn share_and_withhold_change_what_one_receipt_shares() {
    let p = Panel::new();
    std::fs::write(
        p.home().join("config.toml"),
        "[privacy]\nshare = [\"phone\"]\n",
    )
    .unwrap();
    let mut flags = ORDER_FLAGS.to_vec();
    flags.extend(["--share", "email", "--withhold", "phone"]);
    let report = submit(&p, &fixture("en-online-order.txt"), &flags);
    assert!(
        report["shared_findings"]["email"].as_u64() >= Some(1),
        "{report}"
    );
    assert!(report["withheld"].get("email").is_none(), "{report}");
    assert!(report["withheld"]["phone"].as_u64() >= Some(1), "{report}");
    let shared = String::from_utf8(shared_content(&p, report["id"].as_str().unwrap())).unwrap();
    assert!(shared.contains("help@shop.example"), "{shared}");
    assert!(!shared.contains("555-0142"), "{shared}");
    let export: Value =
        serde_json::from_str(&ok(&p, &[OsStr::new("audit"), OsStr::new("export")])).unwrap();
    assert!(export["receipts"][0]["shared_by_choice"]["email"].as_u64() >= Some(1));
    let markdown = ok(
        &p,
        &[
            OsStr::new("audit"),
            OsStr::new("export"),
            OsStr::new("--format"),
            OsStr::new("md"),
        ],
    );
    assert!(markdown.contains("| email |"), "{markdown}");

    // The config's share list holds for a receipt that says nothing.
    let receipt = p.file(
        "call.txt",
        "Corner Shop\nTel 020 7946 0018\n2026-03-19\nTOTAL 3.00\n",
    );
    let report = submit(&p, &receipt, &[]);
    assert_eq!(report["shared_findings"]["phone"], 1, "{report}");
    let shared = String::from_utf8(shared_content(&p, report["id"].as_str().unwrap())).unwrap();
    assert!(shared.contains("020 7946 0018"), "{shared}");
}

#[test]
fn choices_that_cannot_hold_are_refused_and_store_nothing() {
    let p = Panel::new();
    let receipt = fixture("en-online-order.txt");
    let before = p.list_json();
    for (flags, code, says) in [
        (vec!["--share", "health"], 1, "--consent-health"),
        (
            vec!["--share", "card", "--withhold", "card"],
            1,
            "choose one",
        ),
        (vec!["--share", "gps"], 2, "not a kind of personal data"),
    ] {
        let mut args: Vec<&str> = vec!["submit"];
        args.extend(&ORDER_FLAGS);
        args.extend(&flags);
        args.push(receipt.to_str().unwrap());
        let out = p.cmd(&args).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(code), "{flags:?}: {stderr}");
        assert!(stderr.contains(says), "{flags:?}: {stderr}");
        assert_eq!(p.list_json(), before);
    }
    std::fs::write(
        p.home().join("config.toml"),
        "[privacy]\nshare = [\"health\"]\n",
    )
    .unwrap();
    let out = p.cmd(["status"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--consent-health"));
}

const APOTHEKE_FLAGS: [&str; 6] = [
    "--merchant",
    "Linden-Apotheke",
    "--date",
    "2026-03-14",
    "--total",
    "13,73",
];

#[test]
fn a_pharmacy_receipt_shares_its_items_only_with_consent() {
    let receipt = fixture("de-apotheke.txt");
    let p = Panel::new();
    let out = p
        .cmd(
            ["submit"]
                .into_iter()
                .chain(APOTHEKE_FLAGS)
                .chain([receipt.to_str().unwrap()]),
        )
        .output()
        .unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("pass --consent-health to share them"),
        "{stdout}"
    );
    let list = p.list_json();
    let id = list[0]["id"].as_str().unwrap();
    let shared = String::from_utf8(shared_content(&p, id)).unwrap();
    for medicine in ["Ibuprofen", "Nasenspray", "Zuzahlung"] {
        assert!(!shared.contains(medicine), "{medicine}: {shared}");
        assert!(occurrences(p.home(), medicine.as_bytes()).is_empty());
    }
    assert!(shared.contains("[health]"), "{shared}");

    let p = Panel::new();
    let mut flags = APOTHEKE_FLAGS.to_vec();
    flags.push("--consent-health");
    let report = submit(&p, &receipt, &flags);
    assert_eq!(report["health_consent"], true);
    assert_eq!(report["items_withheld"], 0);
    assert!(report["withheld"].get("health").is_none(), "{report}");
    let shared = String::from_utf8(shared_content(&p, report["id"].as_str().unwrap())).unwrap();
    assert!(shared.contains("Ibuprofen"), "{shared}");
    assert!(
        !shared.contains("Max Mustermann"),
        "other kinds stay withheld"
    );
    let export: Value =
        serde_json::from_str(&ok(&p, &[OsStr::new("audit"), OsStr::new("export")])).unwrap();
    assert_eq!(export["receipts"][0]["health_consent"], true, "{export}");
}

#[test]
fn without_consent_a_pharmacy_receipt_has_no_items() {
    let p = Panel::new();
    let report = submit(&p, &fixture("de-apotheke.txt"), &APOTHEKE_FLAGS);
    assert_eq!(report["health_receipt"], true, "{report}");
    assert_eq!(report["health_consent"], false);
    assert_eq!(report["items"], Value::Array(Vec::new()), "{report}");
    assert!(report["items_withheld"].as_u64() >= Some(1), "{report}");
    assert!(report["withheld"]["health"].as_u64() >= Some(3), "{report}");
}

#[test]
fn a_dry_run_writes_a_private_preview_of_exactly_what_would_be_shared() {
    let p = Panel::new();
    let receipt = fixture("de-apotheke.txt");
    let mut args: Vec<&str> = vec!["submit", "--dry-run", "--json"];
    args.extend(APOTHEKE_FLAGS);
    args.push(receipt.to_str().unwrap());
    let reports: Value = serde_json::from_slice(&p.cmd(&args).output().unwrap().stdout).unwrap();
    let preview = PathBuf::from(reports[0]["preview"].as_str().expect("a preview"));
    assert!(preview.starts_with(p.tmp.path()), "{}", preview.display());
    let mode = std::fs::metadata(&preview).unwrap().permissions().mode();
    assert_eq!(mode & 0o077, 0, "only the panelist reads the preview");
    assert_eq!(p.list_json(), Value::Array(Vec::new()));

    // Piped, the plan names kinds and counts but never a value.
    args.retain(|a| *a != "--json");
    let out = p.cmd(&args).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("withholds:") && stdout.contains("preview:"),
        "{stdout}"
    );
    for value in [
        "Max Mustermann",
        "4821",
        "info@linden-apotheke.example",
        "Ibuprofen",
    ] {
        assert!(!stdout.contains(value), "{value}: {stdout}");
    }

    let report = submit(&p, &receipt, &APOTHEKE_FLAGS);
    let stored = shared_content(&p, report["id"].as_str().unwrap());
    assert_eq!(std::fs::read(&preview).unwrap(), stored);
}

/// Tags of `file` as exiftool reads them, group-qualified (`GPS:GPSLatitude`).
fn exif_tags(file: &Path, numeric: bool) -> serde_json::Map<String, Value> {
    let mut cmd = Command::new("exiftool");
    cmd.args(["-j", "-a", "-G1", "-b"]);
    if numeric {
        cmd.arg("-n");
    }
    let out = cmd.arg(file).output().unwrap();
    let tags: Value = serde_json::from_slice(&out.stdout).unwrap();
    tags[0].as_object().unwrap().clone()
}

/// What must never leave with a picture.
const IDENTIFYING: [&str; 12] = [
    "gps",
    "make",
    "model",
    "serial",
    "owner",
    "creator",
    "by-line",
    "artist",
    "thumbnail",
    "copyright",
    "author",
    "lens",
];

fn identifying(tag: &str) -> bool {
    let tag = tag.to_ascii_lowercase();
    IDENTIFYING.iter().any(|word| tag.contains(word))
}

#[test]
fn shared_pictures_carry_no_metadata_and_none_of_it_is_kept() {
    let (Some(data), true, true) = (shared_data(), exiftool(), tesseract()) else {
        return;
    };
    let photos = data.join("photos");
    let mut pictures = vec![
        photos.join("receipt-pharmacy-with-metadata.jpg"),
        photos.join("phone/HMD_Nokia_8.3_5G.jpg"),
        photos.join("phone/jolla.jpg"),
    ];
    let mut gps: Vec<PathBuf> = std::fs::read_dir(photos.join("gps"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    gps.sort();
    pictures.extend(gps);
    let p = Panel::new();
    // Photos that are not receipts are kept from OCR, which spends seconds
    // on each finding nothing: their fields are given, so the panel shares
    // them unread, and the pixels still go through the same encoder.
    let photos_panel = Panel::new();
    std::fs::write(
        photos_panel.home().join("config.toml"),
        "[ocr]\nprogram = \"tesseract-kept-away\"\n",
    )
    .unwrap();
    for (n, picture) in pictures.iter().enumerate() {
        let p = if n == 0 { &p } else { &photos_panel };
        let original = exif_tags(picture, false);
        assert!(
            original.keys().any(|t| identifying(t)),
            "{} should carry metadata to remove",
            picture.display()
        );
        let total = format!("{}.00", n + 1);
        let report = submit(
            p,
            picture,
            &[
                "--merchant",
                "Photo Shop",
                "--date",
                "2026-03-19",
                "--total",
                &total,
            ],
        );
        let shared = shared_content(p, report["id"].as_str().unwrap());
        assert!(
            shared.ends_with(&[0xFF, 0xD9]),
            "ends at its end-of-image marker"
        );
        let file = p.tmp.path().join(format!("shared-{n}.jpg"));
        std::fs::write(&file, &shared).unwrap();
        let left: Vec<String> = exif_tags(&file, false)
            .into_iter()
            .filter(|(tag, _)| {
                identifying(tag)
                    || tag.starts_with("XMP")
                    || tag.starts_with("IPTC")
                    || tag.starts_with("ICC")
                    || tag.starts_with("Photoshop")
                    || tag.starts_with("IFD1")
            })
            .map(|(tag, value)| format!("{tag}={value}"))
            .collect();
        assert!(left.is_empty(), "{}: {left:?}", picture.display());

        // Neither the values nor the numbers behind them are anywhere in the home.
        for (tag, value) in original.into_iter().chain(exif_tags(picture, true)) {
            let text = match &value {
                Value::String(s) => s.clone(),
                Value::Number(n) => n.to_string(),
                _ => continue,
            };
            let tag_name = tag.to_ascii_lowercase();
            if !identifying(&tag_name)
                || text.len() < 5
                || tag_name.contains("thumbnail")
                || tag_name.contains("version")
            {
                continue;
            }
            assert!(
                occurrences(p.home(), text.as_bytes()).is_empty(),
                "{}: {tag} = {text} is in the panel home",
                picture.display()
            );
        }
    }
}

/// One receipt of a dry run seen on a terminal: its file, the values it
/// withholds and the preview of what it would share.
#[derive(Debug, Default)]
struct Planned {
    file: String,
    values: Vec<(String, String)>,
    preview: Option<PathBuf>,
}

/// `panel ARGS` with its output on a pseudo-terminal (through `script`),
/// where a dry run shows the withheld values.
fn on_terminal(p: &Panel, args: &[String]) -> String {
    let panel = assert_cmd::cargo::cargo_bin("panel");
    let mut line = shell_quote(&panel.to_string_lossy());
    for arg in args {
        line.push(' ');
        line.push_str(&shell_quote(arg));
    }
    line.push_str(" 2>/dev/null");
    let script = which("script");
    let mut cmd = p.std_cmd(&script, ["-qec", &line, "/dev/null"]);
    // Exit 4 when some receipts were refused: those are left out.
    let out = cmd.output().expect("script (util-linux) runs");
    String::from_utf8_lossy(&out.stdout).replace('\r', "")
}

/// Where `program` is on this machine's PATH.
fn which(program: &str) -> PathBuf {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|candidate| candidate.is_file())
        .unwrap_or_else(|| panic!("{program} is not installed"))
}

fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

fn parse_plans(stdout: &str) -> Vec<Planned> {
    let mut plans: Vec<Planned> = Vec::new();
    let mut in_values = false;
    for line in stdout.lines() {
        if let Some(rest) = line.strip_prefix("would record  -  ") {
            let file = rest.split("  ").next().unwrap_or_default().to_string();
            plans.push(Planned {
                file,
                ..Planned::default()
            });
            in_values = false;
        } else if let Some(plan) = plans.last_mut() {
            if line.starts_with("  withholds:") {
                in_values = true;
            } else if let Some(path) = line.strip_prefix("  preview:  ") {
                plan.preview = Some(PathBuf::from(path.trim()));
                in_values = false;
            } else if in_values && let Some(entry) = line.strip_prefix("    ") {
                let (kind, value) = entry.split_once(' ').unwrap();
                plan.values
                    .push((kind.to_string(), value.trim().to_string()));
            } else {
                in_values = false;
            }
        }
    }
    plans
}

/// What of a withheld value a reader could recognise: for a card its last
/// digits, for a phone its digits, for anything else its letters and
/// digits; `None` when too short to tell apart from other text.
fn needle(kind: &str, value: &str) -> Option<String> {
    let alnum: String = value
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_uppercase();
    let digits: String = value.chars().filter(char::is_ascii_digit).collect();
    let needle = match kind {
        "card" => {
            let tail: String = value
                .chars()
                .rev()
                .take_while(char::is_ascii_digit)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            tail
        }
        "phone" => digits,
        _ => alnum,
    };
    (needle.len() >= 4).then_some(needle)
}

fn read_again(picture: &Path, psm: &str) -> String {
    let out = Command::new("tesseract")
        .args([
            picture.as_os_str(),
            OsStr::new("-"),
            OsStr::new("--psm"),
            OsStr::new(psm),
        ])
        .env("OMP_THREAD_LIMIT", "1")
        .output()
        .unwrap();
    assert!(out.status.success(), "tesseract on {}", picture.display());
    String::from_utf8_lossy(&out.stdout)
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_uppercase()
}

#[test]
fn withheld_values_cannot_be_read_again_from_shared_scans() {
    let (Some(data), true) = (shared_data(), tesseract()) else {
        return;
    };
    let dir = data.join("receipts/sroie-dev");
    let index = std::fs::read_to_string(dir.join("index.tsv")).unwrap();
    let flagged: Vec<String> = index
        .lines()
        .skip(1)
        .filter_map(|line| {
            let cols: Vec<&str> = line.split('\t').collect();
            let flags = cols.get(5)?;
            ["card", "email", "customer"]
                .iter()
                .any(|f| flags.contains(f))
                .then(|| {
                    dir.join("img")
                        .join(format!("{}.jpg", cols[0]))
                        .to_string_lossy()
                        .into_owned()
                })
        })
        .collect();
    assert!(flagged.len() >= 40, "{} flagged receipts", flagged.len());
    let p = Panel::new();
    let mut args: Vec<String> = ["submit", "--dry-run", "--date", "2026-03-19"]
        .map(String::from)
        .to_vec();
    args.extend(flagged.iter().cloned());
    let stdout = on_terminal(&p, &args);
    let plans = parse_plans(&stdout);
    // A receipt read too poorly to plan (no total found) is refused and
    // shares nothing.
    assert!(
        plans.len() * 10 >= flagged.len() * 9,
        "{} of {} planned:\n{stdout}",
        plans.len(),
        flagged.len()
    );
    let withheld: usize = plans.iter().map(|plan| plan.values.len()).sum();
    assert!(
        withheld >= flagged.len(),
        "{withheld} values withheld in all"
    );

    let plans = std::sync::Mutex::new(plans.into_iter());
    let readable = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..2 {
            scope.spawn(|| {
                loop {
                    let Some(plan) = plans.lock().unwrap().next() else {
                        break;
                    };
                    let preview = plan.preview.clone().expect("a preview");
                    let text = [read_again(&preview, "3"), read_again(&preview, "6")].concat();
                    for (kind, value) in &plan.values {
                        if let Some(needle) = needle(kind, value)
                            && text.contains(&needle)
                        {
                            readable
                                .lock()
                                .unwrap()
                                .push(format!("{}: {kind} {value}", plan.file));
                        }
                    }
                }
            });
        }
    });
    let readable = readable.into_inner().unwrap();
    eprintln!(
        "{} of {withheld} withheld values read again: {readable:#?}",
        readable.len()
    );
    assert!(
        readable.is_empty(),
        "read again in the shared images: {readable:#?}"
    );
}

#[test]
fn needles_are_what_a_reader_would_see() {
    assert_eq!(needle("card", "46 XXXxXxXxx 1819").as_deref(), Some("1819"));
    assert_eq!(
        needle("phone", "03-7956 1234").as_deref(),
        Some("0379561234")
    );
    assert_eq!(needle("name", "Then Fiona").as_deref(), Some("THENFIONA"));
    assert_eq!(needle("name", "Ali"), None);
}

#[test]
fn device_data_goes_with_receipts_only_while_consent_is_on() {
    let p = Panel::new();
    let first = p.file("a.txt", "Corner Shop\n2026-03-18\nTOTAL 3.00\n");
    let second = p.file("b.txt", "Corner Shop\n2026-03-19\nTOTAL 4.00\n");
    let report = submit(&p, &first, &[]);
    assert_eq!(report["device_shared"], false);
    ok(
        &p,
        &[
            OsStr::new("consent"),
            OsStr::new("device"),
            OsStr::new("on"),
        ],
    );
    let report = submit(&p, &second, &[]);
    assert_eq!(report["device_shared"], true);
    let id = report["id"].as_str().unwrap();
    let show = ok(&p, &[OsStr::new("show"), OsStr::new(id)]);
    assert!(show.contains("device data"), "{show}");
    let export: Value =
        serde_json::from_str(&ok(&p, &[OsStr::new("audit"), OsStr::new("export")])).unwrap();
    let receipts = export["receipts"].as_array().unwrap();
    assert_eq!(receipts[0]["device"], Value::Null);
    assert_eq!(
        receipts[1]["device"]["app_version"],
        env!("CARGO_PKG_VERSION"),
        "{export}"
    );
}

#[test]
fn show_lists_the_items_shared_and_the_health_decision() {
    let p = Panel::new();
    let mut flags = APOTHEKE_FLAGS.to_vec();
    flags.push("--consent-health");
    let report = submit(&p, &fixture("de-apotheke.txt"), &flags);
    let id = report["id"].as_str().unwrap();
    let show = ok(&p, &[OsStr::new("show"), OsStr::new(id)]);
    assert!(show.contains("line items"), "{show}");
    assert!(show.contains("Ibuprofen"), "{show}");
    assert!(show.contains("shared by your consent"), "{show}");
    let consents: Value = serde_json::from_str(&ok(
        &p,
        &[
            OsStr::new("consent"),
            OsStr::new("list"),
            OsStr::new("--json"),
        ],
    ))
    .unwrap();
    assert_eq!(consents[0]["kind"], "health");
    assert_eq!(consents[0]["receipt"], id);
    assert_eq!(consents[0]["granted"], true);
}
