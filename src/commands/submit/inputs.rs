//! The files a submit reads: each folder named replaced by the receipt
//! files directly inside it, and a note of what was left unread.

use std::path::{Path, PathBuf};

use anyhow::Result;

use crate::app::Ctx;
use crate::render;

/// A file to submit, or a path that holds none.
pub enum Input {
    File(PathBuf),
    Refused(PathBuf, String),
}

impl Input {
    pub fn path(&self) -> &Path {
        match self {
            Input::File(p) | Input::Refused(p, _) => p,
        }
    }
}

/// What a folder held besides receipt files: named in a note, not read.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Skipped {
    folders: Vec<PathBuf>,
    /// Pipes, sockets and devices: reading one could wait forever.
    special: Vec<PathBuf>,
}

/// Each folder replaced by the regular files directly inside it, by name;
/// hidden files are left out. Subfolders are not walked (a folder of
/// receipts is one month's pile, and walking would pick up whatever else
/// lies below it): they are named in a note, as are pipes, sockets and
/// devices, which are never opened. A folder with nothing to read is
/// refused.
pub fn expand_folders(paths: &[PathBuf]) -> (Vec<Input>, Skipped) {
    let mut inputs = Vec::new();
    let mut skipped = Skipped::default();
    for path in paths {
        if !path.is_dir() {
            inputs.push(Input::File(path.clone()));
            continue;
        }
        let entries = match std::fs::read_dir(path) {
            Ok(entries) => entries,
            Err(e) => {
                inputs.push(Input::Refused(
                    path.clone(),
                    format!("is a folder that cannot be listed: {e}"),
                ));
                continue;
            }
        };
        let mut inside = Vec::new();
        for entry in entries.filter_map(|e| e.ok()) {
            if entry.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            let path = entry.path();
            // Following links: a link to a receipt is a receipt.
            match std::fs::metadata(&path) {
                Ok(meta) if meta.is_dir() => skipped.folders.push(path),
                Ok(meta) if !meta.is_file() => skipped.special.push(path),
                _ => inside.push(path),
            }
        }
        if inside.is_empty() {
            inputs.push(Input::Refused(
                path.clone(),
                "is a folder with no receipt files in it; put receipts in it or pass the files"
                    .into(),
            ));
            continue;
        }
        inside.sort();
        inputs.extend(inside.into_iter().map(Input::File));
    }
    skipped.folders.sort();
    skipped.special.sort();
    (inputs, skipped)
}

/// Names what folders held that was not read, on standard error.
pub fn note_skipped(ctx: &mut Ctx, skipped: &Skipped) -> Result<()> {
    let names = |paths: &[PathBuf]| {
        paths
            .iter()
            .map(|p| render::path(p))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if !skipped.folders.is_empty() {
        ctx.out.note(format!(
            "note: subfolders are not read: {}; pass them too to submit what they hold",
            names(&skipped.folders)
        ))?;
    }
    if !skipped.special.is_empty() {
        ctx.out.note(format!(
            "note: skipped what is not a regular file (a pipe, socket or device): {}",
            names(&skipped.special)
        ))?;
    }
    Ok(())
}
