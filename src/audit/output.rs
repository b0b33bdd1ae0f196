//! Where `panel audit export -o PATH` writes, and how it never touches what
//! it should not.
//!
//! A regular file (or a new name) is written to a temporary file beside it
//! and renamed over it once complete, so a failed export never leaves half a
//! file under the name asked for. Anything else that exists is written in
//! place and never replaced: a FIFO, `/dev/null`, a terminal, `/dev/stdout`
//! (a link to the process's own output). A block device is refused: writing
//! an export over a disk is never what was meant. A symbolic link to a
//! regular file is refused unless the caller asks to follow it, since the
//! rename would otherwise replace the link, and following it silently would
//! write somewhere the caller did not name.
//!
//! Temporary files are named `.panel-export-PID-XXXX.tmp`; one whose process
//! is gone (killed mid-export) is removed by the next export into the same
//! folder.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::FileTypeExt;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

const TEMP_PREFIX: &str = ".panel-export-";
const TEMP_SUFFIX: &str = ".tmp";

/// An export's destination, open for writing.
pub enum Target {
    /// A temporary file renamed to `path` on delivery.
    Replace {
        temp: tempfile::NamedTempFile,
        path: PathBuf,
    },
    /// An existing FIFO, character device or the like, written in place.
    InPlace { file: File },
}

impl Target {
    /// Opens `path` for an export. `follow` allows writing through a
    /// symbolic link to what it points to.
    pub fn open(path: &Path, follow: bool) -> Result<Target> {
        let meta = match fs::symlink_metadata(path) {
            Ok(meta) => meta,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return replace(path),
            Err(e) => return Err(e).with_context(|| format!("cannot look at {}", path.display())),
        };
        if meta.file_type().is_symlink() {
            let pointed = fs::metadata(path);
            if let Ok(target) = &pointed
                && is_special(target.file_type())
            {
                return in_place(path, target.file_type());
            }
            let link = fs::read_link(path).unwrap_or_default();
            if !follow {
                bail!(
                    "{} is a symbolic link to {}; the export would replace the link. Pass \
                     --follow-symlink to write to {}, or choose another name",
                    path.display(),
                    link.display(),
                    link.display()
                );
            }
            // Followed once: a link to a link is resolved whole, a dangling
            // one names the file to create, and a loop fails to resolve.
            let resolved = match (pointed, path.parent()) {
                (Ok(_), _) => fs::canonicalize(path)
                    .with_context(|| format!("cannot follow {}", path.display()))?,
                (Err(_), Some(parent)) if link.is_relative() => parent.join(&link),
                (Err(_), _) => link,
            };
            return Target::open(&resolved, false);
        }
        if meta.is_dir() {
            bail!(
                "{} is a folder; give a file name for the export",
                path.display()
            );
        }
        if meta.is_file() {
            return replace(path);
        }
        in_place(path, meta.file_type())
    }

    /// Makes the export durable under its name: flushes, syncs and renames
    /// a temporary file; flushes a file written in place.
    pub fn deliver(self) -> Result<()> {
        match self {
            Target::Replace { mut temp, path } => {
                temp.flush()?;
                temp.as_file().sync_all()?;
                temp.persist(&path)
                    .with_context(|| format!("cannot write {}", path.display()))?;
            }
            Target::InPlace { mut file } => file.flush()?,
        }
        Ok(())
    }
}

impl Write for Target {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Target::Replace { temp, .. } => temp.write(buf),
            Target::InPlace { file } => file.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Target::Replace { temp, .. } => temp.flush(),
            Target::InPlace { file } => file.flush(),
        }
    }
}

fn is_special(kind: fs::FileType) -> bool {
    !kind.is_file() && !kind.is_dir() && !kind.is_symlink()
}

fn in_place(path: &Path, kind: fs::FileType) -> Result<Target> {
    if kind.is_block_device() {
        bail!(
            "{} is a block device; panel never writes an export over a device. Choose a file name",
            path.display()
        );
    }
    let file = OpenOptions::new()
        .write(true)
        .open(path)
        .with_context(|| format!("cannot write to {}", path.display()))?;
    Ok(Target::InPlace { file })
}

fn replace(path: &Path) -> Result<Target> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    sweep(dir);
    let temp = tempfile::Builder::new()
        .prefix(&format!("{TEMP_PREFIX}{}-", std::process::id()))
        .suffix(TEMP_SUFFIX)
        .tempfile_in(dir)
        .with_context(|| format!("cannot write in {}", dir.display()))?;
    Ok(Target::Replace {
        temp,
        path: path.to_path_buf(),
    })
}

/// Removes the temporary files in `dir` of exports whose process is gone.
/// Best effort: a file that cannot be removed is left for the next run.
fn sweep(dir: &Path) {
    if !Path::new("/proc/self").exists() {
        return;
    }
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name
            .to_str()
            .and_then(|n| n.strip_prefix(TEMP_PREFIX))
            .filter(|n| n.ends_with(TEMP_SUFFIX))
            .and_then(|n| n.split('-').next())
            .and_then(|pid| pid.parse::<u32>().ok())
        else {
            continue;
        };
        let alive = Path::new("/proc").join(pid.to_string()).exists();
        if !alive && entry.file_type().is_ok_and(|t| t.is_file()) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dead_process_temp_file_is_swept_and_a_live_one_kept() {
        let dir = tempfile::tempdir().unwrap();
        // Pid numbers wrap well below this on Linux, so no process has it.
        let dead = dir.path().join(".panel-export-4294967294-abcd.tmp");
        let live = dir
            .path()
            .join(format!(".panel-export-{}-abcd.tmp", std::process::id()));
        let other = dir.path().join(".panel-export-notes");
        for path in [&dead, &live, &other] {
            fs::write(path, b"x").unwrap();
        }
        sweep(dir.path());
        assert!(!dead.exists());
        assert!(live.exists());
        assert!(other.exists());
    }
}
