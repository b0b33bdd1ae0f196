//! Intake: from a path to a [`Document`] the rest of the pipeline can read.
//!
//! The file's type is decided by its first bytes, never its name, and a file
//! is refused before it is read whole when it is too large, not a regular
//! file, or of a type the panel does not read. Images are decoded and turned
//! upright here, so every later step sees pixels, not a file format.

mod image_file;
mod sniff;

use std::fs::File;
use std::io::Read;
use std::path::Path;

use anyhow::{Context, Result, bail};
use sha2::{Digest, Sha256};

pub use image_file::Picture;
pub use sniff::SourceKind;

/// A receipt read into memory. Its original bytes live only as long as the
/// document: the store keeps a digest of them, never the bytes.
pub struct Document {
    pub kind: SourceKind,
    pub digest: [u8; 32],
    pub body: Body,
}

pub enum Body {
    Picture(Picture),
    Text(String),
    /// A format whose content this panel cannot read yet (PDF): the fields
    /// come from the command line and nothing of the file is shared.
    Opaque,
}

pub fn read(path: &Path, max_bytes: u64) -> Result<Document> {
    let bytes = read_limited(path, max_bytes)?;
    let kind = sniff::sniff(&bytes)?;
    let digest: [u8; 32] = Sha256::digest(&bytes).into();
    let body = match kind {
        SourceKind::Jpeg | SourceKind::Png | SourceKind::Webp | SourceKind::Tiff => {
            Body::Picture(image_file::decode(&bytes, kind)?)
        }
        SourceKind::Text => Body::Text(sniff::decode_text(&bytes)),
        SourceKind::Email => Body::Text(sniff::decode_text(&bytes)),
        SourceKind::Pdf => Body::Opaque,
    };
    Ok(Document { kind, digest, body })
}

/// Reads a regular file of at most `max_bytes`, refusing larger ones from
/// their size alone.
fn read_limited(path: &Path, max_bytes: u64) -> Result<Vec<u8>> {
    let meta = std::fs::metadata(path).map_err(|e| explain_open_error(path, e))?;
    if meta.is_dir() {
        bail!("is a folder, not a receipt; pass the files inside it instead");
    }
    if !meta.is_file() {
        bail!("is not a regular file (a device, pipe or socket); save the receipt to a file first");
    }
    if meta.len() > max_bytes {
        bail!(
            "is {} bytes, above the limit of {max_bytes}; shrink it or raise submit.max_file_bytes in config.toml",
            meta.len()
        );
    }
    if meta.len() == 0 {
        bail!("is empty; nothing to read");
    }
    let file = File::open(path).map_err(|e| explain_open_error(path, e))?;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(max_bytes + 1)
        .read_to_end(&mut bytes)
        .context("cannot be read")?;
    if bytes.len() as u64 > max_bytes {
        bail!("grew above the limit of {max_bytes} bytes while being read");
    }
    if bytes.is_empty() {
        bail!("is empty; nothing to read");
    }
    Ok(bytes)
}

fn explain_open_error(path: &Path, e: std::io::Error) -> anyhow::Error {
    use std::io::ErrorKind;
    let _ = path;
    match e.kind() {
        ErrorKind::NotFound => anyhow::anyhow!("does not exist; check the path"),
        ErrorKind::PermissionDenied => {
            anyhow::anyhow!("cannot be read: permission denied; check its permissions")
        }
        _ if e.raw_os_error() == Some(40) => {
            anyhow::anyhow!("is a symbolic link that loops back on itself; point it at a real file")
        }
        _ => anyhow::anyhow!("cannot be opened: {e}"),
    }
}
