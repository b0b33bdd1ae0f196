//! Writing a file the panelist named, without surprises: an existing file
//! is kept unless they said to replace it, and a symbolic link is never
//! written through (it could point anywhere, such as a file of another
//! program or a device).

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result, bail};

/// Writes `bytes` to `path`, which must not exist unless `replace`; a
/// replaced file is swapped whole (written beside it, then renamed), so it
/// is never left half-written.
pub fn write_new(path: &Path, bytes: &[u8], replace: bool) -> Result<()> {
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => bail!(
            "{} is a symbolic link; panel does not write through links. Give the path it \
             points to, or another name",
            path.display()
        ),
        Ok(meta) if !meta.is_file() => bail!(
            "{} exists and is not a regular file; give another name",
            path.display()
        ),
        Ok(_) if !replace => bail!(
            "{} already exists; add --force to replace it, or give another name",
            path.display()
        ),
        Ok(_) => {
            let dir = path
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            let mut temp = tempfile::NamedTempFile::new_in(dir)
                .with_context(|| format!("cannot write in {}", dir.display()))?;
            temp.write_all(bytes)
                .with_context(|| format!("cannot write {}", path.display()))?;
            temp.persist(path)
                .with_context(|| format!("cannot write {}", path.display()))?;
            Ok(())
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            // O_EXCL: fails rather than follow a link made meanwhile.
            let mut file = OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(path)
                .with_context(|| format!("cannot write {}", path.display()))?;
            file.write_all(bytes)
                .with_context(|| format!("cannot write {}", path.display()))?;
            Ok(())
        }
        Err(e) => Err(e).with_context(|| format!("cannot write {}", path.display())),
    }
}
