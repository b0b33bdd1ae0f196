//! `panel audit verify FILE...`: many exports, each checked on its own, in
//! parallel, one line each and a summary; a failed file does not stop the
//! others.

use std::fs::File;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use serde_json::json;

use crate::app::{Ctx, Outcome};
use crate::audit::verify::{self, Checkpoint, Verified};
use crate::proof::merkle::to_hex;

/// The files named, with folders replaced by the `.json` and `.jsonl` files
/// inside them (at any depth), in name order.
fn expand(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut found = Vec::new();
            collect(path, &mut found)
                .with_context(|| format!("cannot read the folder {}", path.display()))?;
            if found.is_empty() {
                bail!("{} holds no .json or .jsonl file to verify", path.display());
            }
            found.sort();
            files.extend(found);
        } else {
            files.push(path.clone());
        }
    }
    Ok(files)
}

fn collect(dir: &Path, found: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect(&path, found)?;
        } else if path
            .extension()
            .is_some_and(|e| e == "json" || e == "jsonl")
        {
            found.push(path);
        }
    }
    Ok(())
}

/// Verifies one file with `threads` helper threads (none when many files
/// are already verified side by side).
fn verify_one(path: &Path, checkpoint: Option<Checkpoint>) -> Result<Verified, String> {
    let result = if path == Path::new("-") {
        verify::verify(std::io::stdin().lock(), checkpoint)
    } else {
        let file = File::open(path).map_err(|e| format!("cannot read it: {e}"))?;
        verify::verify(file, checkpoint)
    };
    result.map_err(|problem| problem.to_string())
}

fn as_json(path: &Path, result: &Result<Verified, String>) -> serde_json::Value {
    match result {
        Ok(v) => json!({
            "file": path,
            "ok": true,
            "size": v.size,
            "root": to_hex(&v.root),
            "receipts": v.receipts,
            "receipts_bound": v.bound,
            "receipts_unbound": v.unbound,
            "scope": v.scope,
            "extends": v.extends.map(|c| c.to_string()),
        }),
        Err(problem) => json!({ "file": path, "ok": false, "error": problem }),
    }
}

/// What a sound export proves beyond its root, for people.
fn notes(v: &Verified) -> Vec<String> {
    let mut notes = Vec::new();
    if v.bom {
        notes.push("the file starts with a UTF-8 byte order mark, which was skipped".into());
    }
    if v.scope != "full" {
        notes.push(format!("the export is {}", v.scope));
    }
    if v.unbound > 0 {
        notes.push(format!(
            "{} receipt(s) were shared before entries committed to the whole record: only \
             their time, month, category, kinds withheld and health decision are proved",
            v.unbound
        ));
    }
    if let Some(c) = v.extends {
        notes.push(format!("the log extends checkpoint {c}"));
    }
    notes
}

pub fn verify_files(
    ctx: &mut Ctx,
    paths: &[PathBuf],
    checkpoint: Option<Checkpoint>,
    json: bool,
) -> Result<Outcome> {
    let files = expand(paths)?;
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    if let [file] = files.as_slice() {
        let verified = verify_one(file, checkpoint)
            .map_err(|problem| anyhow::anyhow!("{}: {problem}", file.display()))?;
        if json {
            ctx.out.json(&as_json(file, &Ok(verified)))?;
        } else {
            ctx.out
                .line(format!("ok {}:{}", verified.size, to_hex(&verified.root)))?;
            for note in notes(&verified) {
                ctx.out.note(note)?;
            }
        }
        return Ok(Outcome::Success);
    }
    let (mut ok, mut failed) = (0usize, 0usize);
    crate::parallel::in_order(
        &files,
        workers,
        |_, path| verify_one(path, checkpoint),
        |i, result| -> Result<()> {
            let path = &files[i];
            if json {
                ctx.out.line(as_json(path, &result).to_string())?;
            } else {
                match &result {
                    Ok(v) => ctx.out.line(format!(
                        "ok {} {}:{} ({} receipts, {})",
                        path.display(),
                        v.size,
                        to_hex(&v.root),
                        v.receipts,
                        v.scope
                    ))?,
                    Err(problem) => ctx
                        .out
                        .line(format!("FAILED {}: {problem}", path.display()))?,
                }
            }
            match result {
                Ok(_) => ok += 1,
                Err(_) => failed += 1,
            }
            Ok(())
        },
    )?;
    if !json {
        ctx.out
            .note(format!("{} files: {ok} ok, {failed} failed", files.len()))?;
    }
    Ok(if failed == 0 {
        Outcome::Success
    } else {
        Outcome::Partial
    })
}
