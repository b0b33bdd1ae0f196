//! Files as an attacker or a clumsy user makes them: each fails only
//! itself with a clear message, is refused from its header before any
//! costly work, and nothing of it reaches the terminal raw. Every input is
//! made here, small; the bombs claim their size in a header, and
//! `scripts/bench-bombs` measures the full-size ones.

use std::io::Write;
use std::path::Path;
use std::process::Output;
use std::time::Duration;

use serde_json::Value;

use crate::support::{Panel, crc32, text_receipt};

fn run(panel: &Panel, args: &[&std::ffi::OsStr]) -> Output {
    panel
        .cmd(args)
        .timeout(Duration::from_secs(60))
        .output()
        .expect("panel runs")
}

fn submit(panel: &Panel, files: &[&Path], flags: &[&str]) -> Output {
    let mut args: Vec<&std::ffi::OsStr> = vec![std::ffi::OsStr::new("submit")];
    args.extend(flags.iter().map(std::ffi::OsStr::new));
    args.extend(files.iter().map(|f| f.as_os_str()));
    run(panel, &args)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Refused alone: exit 1, no panic, the store unchanged, and the error
/// says each of `reasons`.
fn assert_refused(panel: &Panel, file: &Path, reasons: &[&str]) {
    let out = submit(panel, &[file], &[]);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    for reason in reasons {
        assert!(err.contains(reason), "{reason:?} not in: {err}");
    }
    assert_eq!(panel.list_json().as_array().unwrap().len(), 0);
}

fn report(out: &Output) -> Value {
    let reports: Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    reports[0].clone()
}

#[test]
fn a_panic_in_one_file_fails_only_that_file() {
    let p = Panel::new();
    let a = p.file("a.txt", text_receipt("Corner Shop", "2026-03-10", "1.00"));
    let b = p.file("b.txt", "Other Shop\n2026-03-11\nBREAK-HERE\nTOTAL 2.00\n");
    let c = p.file("c.txt", text_receipt("Third Shop", "2026-03-12", "3.00"));
    let out = p
        .cmd([
            "submit".as_ref(),
            a.as_os_str(),
            b.as_os_str(),
            c.as_os_str(),
        ])
        .env("PANEL_TEST_PANIC_ON", "BREAK-HERE")
        .output()
        .unwrap();
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(4), "{err}");
    assert!(
        err.contains("b.txt: internal error while reading this file")
            && err.contains("please report it"),
        "{err}"
    );
    assert!(!err.contains("panicked at"), "{err}");
    assert_eq!(p.list_json().as_array().unwrap().len(), 2);
    // A reading step that panics on a file name fails that file alone too.
    let out = p
        .cmd(["submit".as_ref(), a.as_os_str(), b.as_os_str()])
        .env("PANEL_TEST_PANIC_ON", "b.txt")
        .output()
        .unwrap();
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(4), "{err}");
    assert!(
        err.contains("duplicate") && err.contains("internal error"),
        "{err}"
    );
}

#[test]
fn a_character_cut_by_a_byte_index_is_no_crash() {
    let p = Panel::new();
    let file = p.file(
        "r.txt",
        "Corner Pharmacy\n2026-03-10\nGauze 10X10°S 3.00\nRX°no 1\nTOTAL 3.00\n",
    );
    let out = submit(&p, &[&file], &[]);
    let err = text(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn a_clock_outside_the_calendar_is_refused_by_name() {
    let p = Panel::new().at("0000-01-01T00:00:00Z");
    let out = run(&p, &[std::ffi::OsStr::new("status")]);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("PANEL_NOW") && err.contains("1970"), "{err}");
}

#[test]
fn a_pdf_that_cannot_be_read_says_so() {
    let p = Panel::new();
    let file = p.file(
        "r.pdf",
        "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n",
    );
    assert_refused(&p, &file, &["could not read the PDF", "--merchant"]);
    let out = submit(&p, &[&file], &[]);
    assert!(!text(&out.stderr).contains("merchant could not be read"));
}

fn zlib(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

#[test]
fn a_pdf_decompression_bomb_is_refused_before_parsing() {
    let p = Panel::new();
    let content = zlib(&vec![b' '; 40 << 20]);
    let mut pdf = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n\
        2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n\
        3 0 obj\n<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>\nendobj\n"
        .to_vec();
    pdf.extend(
        format!(
            "4 0 obj\n<< /Length {} /Filter /FlateDecode >>\nstream\n",
            content.len()
        )
        .bytes(),
    );
    pdf.extend(&content);
    pdf.extend(b"\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n");
    let file = p.file("bomb.pdf", pdf);
    assert_refused(&p, &file, &["bomb.pdf", "unpack to more than 32 MB"]);
}

fn png_claiming(width: u32, height: u32) -> Vec<u8> {
    let chunk = |out: &mut Vec<u8>, kind: &[u8], data: &[u8]| {
        out.extend((data.len() as u32).to_be_bytes());
        let body = [kind, data].concat();
        out.extend(&body);
        out.extend(crc32(&body).to_be_bytes());
    };
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let ihdr = [
        &width.to_be_bytes()[..],
        &height.to_be_bytes(),
        &[8, 0, 0, 0, 0],
    ]
    .concat();
    chunk(&mut out, b"IHDR", &ihdr);
    chunk(
        &mut out,
        b"IDAT",
        &zlib(&vec![0; 64 * (width as usize + 1)]),
    );
    chunk(&mut out, b"IEND", b"");
    out
}

fn jpeg_claiming(side: u16) -> Vec<u8> {
    let segment = |marker: u8, data: &[u8]| {
        [
            &[0xFF, marker][..],
            &(data.len() as u16 + 2).to_be_bytes(),
            data,
        ]
        .concat()
    };
    let one_code = [&[1u8][..], &[0; 15], &[0]].concat();
    [
        &b"\xFF\xD8"[..],
        &segment(0xDB, &[&[0u8][..], &[1; 64]].concat()),
        &segment(
            0xC0,
            &[
                &[8u8][..],
                &side.to_be_bytes(),
                &side.to_be_bytes(),
                &[1, 1, 0x11, 0],
            ]
            .concat(),
        ),
        &segment(0xC4, &[&[0x00][..], &one_code, &[0x10], &one_code].concat()),
        &segment(0xDA, &[1, 1, 0, 0, 0x3F, 0]),
        &[0; 64],
        b"\xFF\xD9",
    ]
    .concat()
}

/// A lossless WebP bitstream of one colour: five one-symbol codes, so its
/// pixels take no bits at all.
fn vp8l(width: u32, height: u32) -> Vec<u8> {
    let mut bits: u128 = 0x2F;
    let mut at = 8;
    let mut put = |value: u128, width: u32| {
        bits |= value << at;
        at += width;
    };
    put(u128::from(width - 1), 14);
    put(u128::from(height - 1), 14);
    put(0, 4 + 3); // no alpha, version 0, no transform, no cache, no meta codes
    for _ in 0..5 {
        put(0b0001, 4); // simple code, one 1-bit symbol: 0
    }
    bits.to_le_bytes()[..at.div_ceil(8) as usize].to_vec()
}

fn riff(chunks: &[(&[u8; 4], Vec<u8>)]) -> Vec<u8> {
    let mut body = b"WEBP".to_vec();
    for (tag, data) in chunks {
        body.extend(*tag);
        body.extend((data.len() as u32).to_le_bytes());
        body.extend(data);
        if data.len() % 2 == 1 {
            body.push(0);
        }
    }
    [&b"RIFF"[..], &(body.len() as u32).to_le_bytes(), &body].concat()
}

fn tiff_claiming(side: u32) -> Vec<u8> {
    let entries: [(u16, u16, u32); 9] = [
        (256, 4, side),
        (257, 4, side),
        (258, 3, 8),
        (259, 3, 1),
        (262, 3, 1),
        (273, 4, 8),
        (277, 3, 1),
        (278, 4, side),
        (279, 4, 64),
    ];
    let mut out = b"II*\0".to_vec();
    out.extend(72u32.to_le_bytes());
    out.extend([0; 64]);
    out.extend((entries.len() as u16).to_le_bytes());
    for (tag, kind, value) in entries {
        out.extend(tag.to_le_bytes());
        out.extend(kind.to_le_bytes());
        out.extend(1u32.to_le_bytes());
        out.extend(value.to_le_bytes());
    }
    out.extend(0u32.to_le_bytes());
    out
}

#[test]
fn pictures_over_the_pixel_limit_are_refused_from_their_header() {
    let p = Panel::new();
    let named = ["above the limit of 50.0 megapixels", "submit.max_pixels"];
    let png = p.file("big.png", png_claiming(30000, 30000));
    assert_refused(
        &p,
        &png,
        &[&["big.png", "30000×30000"][..], &named].concat(),
    );
    let jpeg = p.file("big.jpg", jpeg_claiming(65000));
    assert_refused(&p, &jpeg, &[&["65000×65000"][..], &named].concat());
    let webp = p.file("big.webp", riff(&[(b"VP8L", vp8l(16383, 16383))]));
    assert_refused(&p, &webp, &[&["16383×16383"][..], &named].concat());
    let tiff = p.file("big.tif", tiff_claiming(100_000));
    assert_refused(
        &p,
        &tiff,
        &[&["TIFF", "100000×100000"][..], &named].concat(),
    );
}

#[test]
fn the_pixel_limit_comes_from_the_config() {
    let p = Panel::new();
    std::fs::write(p.home().join("config.toml"), "[submit]\nmax_pixels = 100\n").unwrap();
    let file = p.file(
        "small.png",
        crate::support::png(20, 20, |_, _| [255; 3], None),
    );
    assert_refused(&p, &file, &["20×20", "submit.max_pixels"]);
}

#[test]
fn an_animated_webp_is_refused_saying_so() {
    let p = Panel::new();
    let u24 = |n: u32| n.to_le_bytes()[..3].to_vec();
    let vp8x = [vec![0x02, 0, 0, 0], u24(0), u24(0)].concat();
    let frame = [u24(0), u24(0), u24(0), u24(0), u24(100), vec![0]].concat();
    let frame = [frame, riff(&[(b"VP8L", vp8l(1, 1))])[20..].to_vec()].concat();
    let anim = riff(&[
        (b"VP8X", vp8x),
        (b"ANIM", vec![0; 6]),
        (b"ANMF", frame.clone()),
        (b"ANMF", frame),
    ]);
    let file = p.file("anim.webp", anim);
    assert_refused(&p, &file, &["animated WebP", "PNG or JPEG"]);
}

#[test]
fn a_multi_page_tiff_is_refused_saying_so() {
    let p = Panel::new();
    let mut bytes = std::io::Cursor::new(Vec::new());
    let mut tiff = tiff::encoder::TiffEncoder::new(&mut bytes).unwrap();
    for _ in 0..2 {
        tiff.write_image::<tiff::encoder::colortype::Gray8>(8, 8, &[255; 64])
            .unwrap();
    }
    let file = p.file("pages.tif", bytes.into_inner());
    assert_refused(&p, &file, &["TIFF of 2 pages", "split it"]);
}

#[test]
fn text_beyond_a_receipt_is_refused_before_extraction() {
    let p = Panel::new();
    let line = p.file(
        "line.txt",
        format!("Shop\n{}\nTOTAL 1.00\n", "A".repeat(5000)),
    );
    assert_refused(&p, &line, &["line of 5000 characters", "limit of 2000"]);
    let long = p.file("long.txt", "Bread 1.00\n".repeat(6000));
    assert_refused(&p, &long, &["6000 lines", "limit of 5000"]);
}

/// `=?utf-8?q?…?=` carries an ESC and a right-to-left override into the
/// sender's name, which becomes the merchant.
const HOSTILE_MAIL: &str = "From: =?utf-8?q?=1B[2J=1B[31mEvil=E2=80=AE_Shop?= <shop@evil.example>\r\n\
    To: me@example.org\r\nSubject: Your receipt\r\nDate: Tue, 10 Mar 2026 10:00:00 +0000\r\n\
    Content-Type: text/plain; charset=utf-8\r\n\r\n2026-03-10\r\nTea 3.50\r\nTOTAL 3.50\r\n";

#[test]
fn receipt_text_never_reaches_the_terminal_raw() {
    let p = Panel::new();
    let file = p.file("mail.eml", HOSTILE_MAIL);
    let out = submit(&p, &[&file], &[]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let shown = text(&out.stdout);
    assert!(shown.contains("\\e[2J\\e[31mEvil\\u{202e} Shop"), "{shown}");
    let id = p.list_json()[0]["id"].as_str().unwrap().to_string();
    for args in [vec!["list"], vec!["show", &id]] {
        let out = p.cmd(&args).output().unwrap();
        let all = [out.stdout, out.stderr].concat();
        assert!(!all.contains(&0x1b), "{args:?}: {}", text(&all));
        assert!(!text(&all).contains('\u{202e}'), "{args:?}");
    }
    // --json keeps the exact text.
    let json = p.list_json();
    assert_eq!(json[0]["merchant"], "\u{1b}[2J\u{1b}[31mEvil\u{202e} Shop");
}

#[test]
fn a_file_name_cannot_forge_a_line() {
    let p = Panel::new();
    let file = p.file(
        "a\u{1b}[2Jb\nrecorded  fake.txt",
        text_receipt("Corner Shop", "2026-03-10", "1.00"),
    );
    let other = p.file("missing\nfailed.txt", "");
    std::fs::remove_file(&other).unwrap();
    let out = submit(&p, &[&file, &other], &[]);
    let all = text(&[out.stdout, out.stderr].concat());
    assert!(!all.contains('\u{1b}'), "{all}");
    assert!(all.contains("a\\e[2Jb\\nrecorded  fake.txt"), "{all}");
    assert!(all.contains("missing\\nfailed.txt"), "{all}");
    assert!(
        !all.lines().any(|l| l.starts_with("recorded  fake")),
        "{all}"
    );
}

#[test]
fn a_formula_never_reaches_a_csv_export_raw() {
    let p = Panel::new();
    let file = p.file("r.txt", text_receipt("Corner Shop", "2026-03-10", "1.00"));
    let merchant = "=HYPERLINK(\"http://evil/\",\"x\")";
    let out = submit(&p, &[&file], &["--merchant", merchant]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = p
        .cmd(["audit", "export", "--format", "csv"])
        .output()
        .unwrap();
    let csv = text(&out.stdout);
    assert!(
        csv.contains("\"'=HYPERLINK(\"\"http://evil/\"\",\"\"x\"\")\""),
        "{csv}"
    );
    assert!(!csv.contains(",\"=HYPERLINK"), "{csv}");
}

#[test]
fn latin1_and_utf16_receipts_are_read() {
    let p = Panel::new();
    let mail = p.file(
        "latin1.eml",
        b"From: Caf\xe9 Rose <shop@rose.example>\r\nTo: me@example.org\r\nSubject: Re\xe7u\r\n\
          Date: Tue, 10 Mar 2026 10:00:00 +0000\r\n\
          Content-Type: text/plain; charset=iso-8859-1\r\n\r\n\
          Caf\xe9 Rose\r\n2026-03-10\r\nCr\xe8me br\xfbl\xe9e 3.50\r\nTOTAL 3.50\r\n",
    );
    let latin1 = p.file("latin1.txt", b"Caf\xe9 Noir\n2026-03-11\nTOTAL 4.50\n");
    let mut utf16 = vec![0xFF, 0xFE];
    for unit in "Bäckerei Süß\r\n2026-03-12\r\nTOTAL 5.50\r\n".encode_utf16() {
        utf16.extend(unit.to_le_bytes());
    }
    let utf16 = p.file("utf16.txt", utf16);
    let out = submit(&p, &[&mail, &latin1, &utf16], &["--json"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let reports: Value = serde_json::from_slice(&out.stdout).unwrap();
    let merchants: Vec<&str> = reports
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["merchant"].as_str().unwrap())
        .collect();
    assert_eq!(merchants, ["Café Rose", "Café Noir", "Bäckerei Süß"]);
    let items = reports[0]["items"].to_string();
    assert!(items.contains("Crème brûlée"), "{items}");
}

#[test]
fn a_folder_names_its_subfolders_and_skips_a_pipe() {
    let p = Panel::new();
    let dir = p.file("seed.txt", "").with_file_name("pile");
    std::fs::create_dir(&dir).unwrap();
    let good = dir.join("good.txt");
    std::fs::write(&good, text_receipt("Corner Shop", "2026-03-10", "1.00")).unwrap();
    std::fs::create_dir(dir.join("older")).unwrap();
    let fifo = dir.join("pipe");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let out = submit(&p, &[&dir], &[]);
    let err = text(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("subfolders are not read") && err.contains("older"),
        "{err}"
    );
    assert!(
        err.contains("not a regular file") && err.contains("pipe"),
        "{err}"
    );
    assert_eq!(p.list_json().as_array().unwrap().len(), 1);
}

#[test]
fn a_partial_read_reports_what_it_read_and_the_flag_for_the_rest() {
    let p = Panel::new();
    let file = p.file("r.txt", "Corner Shop\n2026-03-10\nBread\n");
    let out = submit(&p, &[&file], &["--json"]);
    assert_eq!(out.status.code(), Some(1));
    let r = report(&out);
    assert_eq!(r["ok"], false);
    assert_eq!(r["merchant"], "Corner Shop");
    assert_eq!(r["purchase_date"], "2026-03-10");
    assert_eq!(r["total_minor"], Value::Null);
    assert_eq!(
        r["missing"],
        serde_json::json!([{ "field": "total", "flag": "--total AMOUNT" }])
    );
    let out = submit(&p, &[&file], &[]);
    let err = text(&out.stderr);
    assert!(
        err.contains("read:     Corner Shop · 2026-03-10 · - ·"),
        "{err}"
    );
    assert!(err.contains("missing:  total (--total AMOUNT)"), "{err}");
}

#[test]
fn a_refused_receipt_reports_what_it_read_and_a_dry_run_shows_its_plan() {
    let p = Panel::new();
    let old = p.file("old.txt", text_receipt("Corner Shop", "2026-01-10", "7.00"));
    let out = submit(&p, &[&old], &["--json"]);
    let r = report(&out);
    assert_eq!(
        (r["merchant"].as_str(), r["total_minor"].as_i64()),
        (Some("Corner Shop"), Some(700))
    );
    assert!(r["error"].as_str().unwrap().contains("days old"));
    let out = submit(&p, &[&old], &["--dry-run"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stdout).contains("shares:"),
        "{}",
        text(&out.stdout)
    );
    assert!(text(&out.stderr).contains("days old"));

    let file = p.file("r.txt", text_receipt("Corner Shop", "2026-03-10", "2.00"));
    assert!(submit(&p, &[&file], &[]).status.success());
    let out = submit(&p, &[&file], &["--json"]);
    let r = report(&out);
    assert_eq!(r["merchant"], "Corner Shop");
    assert_eq!(r["total_minor"], 200);
    assert!(r["error"].as_str().unwrap().contains("already"), "{r}");
}
