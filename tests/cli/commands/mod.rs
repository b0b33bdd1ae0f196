//! Every command and every refusal, end to end: human output pinned with
//! insta snapshots (receipt ids and temp paths redacted), `--json` parsed
//! back and checked field by field, and exit codes. One file per command,
//! and a file each for the monthly quota, pictures, the environment, and
//! completions; the helpers they share are here.

use std::ffi::OsStr;
use std::path::Path;

use serde_json::Value;

use crate::support::{self, NOW, PNG_SIGNATURE, Panel, Run, crc32, redact, text_receipt};

mod completions;
mod config;
mod delete;
mod environment;
mod list;
mod pictures;
mod quota;
mod show;
mod status;
mod submit;

/// A distinct, eligible text receipt (merchant `Shop n`, total `n.00`).
fn receipt(p: &Panel, n: u32) -> String {
    let name = format!("r{n}.txt");
    p.file(
        &name,
        text_receipt(&format!("Shop {n}"), "2026-03-10", &format!("{n}.00")),
    );
    name
}

/// `submit ARGS --json`: the exit code and the array of file reports.
fn submit_json(p: &Panel, args: &[&str]) -> (i32, Vec<Value>) {
    let mut all = vec!["submit", "--json"];
    all.extend_from_slice(args);
    let r = p.run(all);
    let reports = match r.json() {
        Value::Array(items) => items,
        other => panic!("submit --json printed {other}, not an array"),
    };
    (r.code, reports)
}

/// Submits one file that must be recorded; returns its id.
fn submit_ok(p: &Panel, args: &[&str]) -> String {
    let (code, reports) = submit_json(p, args);
    assert_eq!(code, 0, "{reports:#?}");
    assert_eq!(reports.len(), 1);
    reports[0]["id"].as_str().expect("an id").to_string()
}

fn ids(p: &Panel) -> Vec<String> {
    p.list_json()
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect()
}

/// Runs a command that must be refused with exit 1 and change nothing in
/// the store; returns its standard error.
fn refused<I, S>(p: &Panel, args: I) -> String
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    let before = p.list_json();
    let r = p.run(args);
    assert_eq!(
        r.code, 1,
        "expected exit 1\nstdout:\n{}\nstderr:\n{}",
        r.stdout, r.stderr
    );
    assert_eq!(p.list_json(), before, "a refused command changed the store");
    r.stderr
}

fn status_month_json(p: &Panel, month: Option<&str>) -> Value {
    let mut args = vec!["status", "--json", "--month"];
    args.extend(month);
    p.run(args).ok().json()
}

/// A `width`×`height` RGB picture with a fixed pattern, optionally carrying a
/// `tEXt` chunk.
fn png(width: u32, height: u32, text: Option<&str>) -> Vec<u8> {
    support::png(
        width,
        height,
        |x, y| [(x * 29) as u8, (y * 41) as u8, ((x + y) * 13) as u8],
        text,
    )
}

/// The chunk types of a PNG, checking its signature and every CRC.
fn png_chunk_types(bytes: &[u8]) -> Vec<String> {
    assert!(bytes.starts_with(PNG_SIGNATURE), "not a PNG signature");
    let mut at = PNG_SIGNATURE.len();
    let mut types = Vec::new();
    while at < bytes.len() {
        let len = u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap()) as usize;
        let body = &bytes[at + 4..at + 8 + len];
        let crc = u32::from_be_bytes(bytes[at + 8 + len..at + 12 + len].try_into().unwrap());
        assert_eq!(crc, crc32(body), "bad CRC in chunk {types:?}");
        types.push(String::from_utf8_lossy(&body[..4]).into_owned());
        at += 12 + len;
    }
    assert_eq!(at, bytes.len(), "bytes after the last chunk");
    types
}
