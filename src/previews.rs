//! Where `submit --dry-run` puts its previews, and how long they live.
//!
//! A preview is a file the panelist opens to see exactly what would be
//! shared; it is only useful for a while, and a test suite or a script of
//! dry runs would otherwise leave hundreds in the temp folder. So previews
//! go into one folder of their own in the temp folder (`panel-previews-UID`,
//! private to its owner), and each dry run first removes the previews there
//! older than [`LIFETIME`].

use std::fs;
use std::os::unix::fs::{DirBuilderExt, MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use anyhow::{Context, Result, bail};
use tempfile::NamedTempFile;

/// How long a preview is kept: it is removed by the first dry run after.
pub const LIFETIME: Duration = Duration::from_secs(24 * 60 * 60);

const PREFIX: &str = "panel-preview-";

/// A new, empty preview file with `suffix` (`.png`, `.txt`), after old
/// previews were cleared away.
pub fn new_preview(suffix: &str) -> Result<NamedTempFile> {
    let dir = folder()?;
    sweep(&dir, SystemTime::now(), LIFETIME);
    tempfile::Builder::new()
        .prefix(PREFIX)
        .suffix(suffix)
        .tempfile_in(&dir)
        .with_context(|| format!("cannot create a preview file in {}", dir.display()))
}

/// The previews' folder, made private on first use. A folder of that name
/// that is not this user's own private folder is refused: in a shared temp
/// folder someone else could have made it to read the previews.
fn folder() -> Result<PathBuf> {
    let uid = fs::metadata("/proc/self").map(|m| m.uid()).unwrap_or(0);
    let dir = std::env::temp_dir().join(format!("panel-previews-{uid}"));
    match fs::DirBuilder::new().mode(0o700).create(&dir) {
        Ok(()) => return Ok(dir),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
        Err(e) => {
            return Err(e)
                .with_context(|| format!("cannot create {}; check TMPDIR", dir.display()));
        }
    }
    let meta = fs::symlink_metadata(&dir)?;
    if !meta.is_dir() || meta.uid() != uid || meta.permissions().mode() & 0o077 != 0 {
        bail!(
            "{} is not a private folder of yours; remove it, or set TMPDIR to another folder",
            dir.display()
        );
    }
    Ok(dir)
}

/// Removes the previews in `dir` last changed more than `lifetime` before
/// `now`; returns how many. Other files are left alone.
pub fn sweep(dir: &Path, now: SystemTime, lifetime: Duration) -> usize {
    let Ok(entries) = fs::read_dir(dir) else {
        return 0;
    };
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name();
        if !name.to_string_lossy().starts_with(PREFIX) {
            continue;
        }
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .is_ok_and(|modified| now.duration_since(modified).unwrap_or_default() > lifetime);
        if old && fs::remove_file(entry.path()).is_ok() {
            removed += 1;
        }
    }
    removed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_previews_older_than_their_lifetime_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["panel-preview-a.txt", "panel-preview-b.png", "other.txt"] {
            fs::write(dir.path().join(name), b"x").unwrap();
        }
        let now = SystemTime::now();
        assert_eq!(sweep(dir.path(), now, LIFETIME), 0);
        let later = now + LIFETIME + Duration::from_secs(60);
        assert_eq!(sweep(dir.path(), later, LIFETIME), 2);
        let left: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(left, ["other.txt"]);
    }
}
