//! Intake: from a path to a [`Document`] the rest of the pipeline can read.
//!
//! The file's type is decided by its first bytes, never its name, and a file
//! is refused before it is read whole when it is too large, not a regular
//! file, or of a type the panel does not read. Images are decoded and turned
//! upright here, then read by OCR, so every later step sees pixels and words
//! with their boxes, not a file format. PDFs with a text layer, plain text and
//! e-mails become text.

mod border;
mod email;
mod image_file;
pub mod ocr;
mod pdf;
pub mod prepare;
mod reading;
mod sniff;

use std::fs::File;
use std::io::Read;
use std::path::Path;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use sha2::{Digest, Sha256};

pub use ocr::OcrSettings;
pub use prepare::Preparation;
pub use reading::{Picture, Reading, Word};
pub use sniff::SourceKind;

/// A receipt read into memory. Its original bytes live only as long as the
/// document: the store keeps a digest of them, never the bytes.
pub struct Document {
    pub kind: SourceKind,
    pub digest: [u8; 32],
    pub body: Body,
    /// What the file says about itself besides its content.
    pub hints: Hints,
}

pub enum Body {
    Picture(Picture),
    Text(String),
    /// A format whose content this panel cannot read (a PDF without a text
    /// layer): the fields come from the command line and nothing of the file
    /// is shared.
    Opaque,
}

/// Clues outside the receipt's own text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Hints {
    /// An e-mail's sender: display name and domain.
    pub sender_name: Option<String>,
    pub sender_domain: Option<String>,
    /// The day an e-mail was sent.
    pub sent: Option<chrono::NaiveDate>,
}

/// Decides from a first OCR reading's text whether to read again.
pub type SecondPass = std::sync::Arc<dyn Fn(&str) -> bool + Send + Sync>;

/// How files are read.
#[derive(Clone)]
pub struct Options {
    pub max_bytes: u64,
    pub ocr: OcrSettings,
    pub preparation: Preparation,
    /// How a second pass prepares the picture.
    pub second_preparation: Preparation,
    /// Read a picture without OCR when Tesseract is not installed (the
    /// fields were all given on the command line).
    pub ocr_optional: bool,
    /// Decides from a first reading's text whether a second OCR pass is
    /// worth its time; `None`: one pass only.
    pub second_pass: Option<SecondPass>,
    /// Decides from a first reading's text whether the picture is read once
    /// more, unprepared, to find personal data printed where the prepared
    /// readings saw nothing; `None`: never.
    pub privacy_look: Option<SecondPass>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            max_bytes: 25_000_000,
            ocr: OcrSettings::default(),
            preparation: Preparation::default(),
            second_preparation: reading::second_preparation(&Preparation::default()),
            ocr_optional: false,
            second_pass: None,
            privacy_look: None,
        }
    }
}

pub fn read(path: &Path, options: &Options) -> Result<Document> {
    let bytes = read_limited(path, options.max_bytes)?;
    let kind = sniff::sniff(&bytes)?;
    let digest: [u8; 32] = Sha256::digest(&bytes).into();
    let mut hints = Hints::default();
    let body = match kind {
        SourceKind::Jpeg | SourceKind::Png | SourceKind::Webp | SourceKind::Tiff => {
            let pixels = image_file::decode(&bytes, kind)?;
            drop(bytes);
            Body::Picture(read_picture(pixels, options)?)
        }
        SourceKind::Text => Body::Text(sniff::decode_text(&bytes)),
        SourceKind::Email => {
            let mail = email::read(&bytes)?;
            hints = mail.hints;
            Body::Text(mail.text)
        }
        SourceKind::Pdf => match pdf::text(&bytes)? {
            Some(text) => Body::Text(text),
            None => Body::Opaque,
        },
    };
    Ok(Document {
        kind,
        digest,
        body,
        hints,
    })
}

/// OCR of upright pixels: one pass, and a second one prepared differently
/// when `options.second_pass` finds the first unsure.
pub fn read_picture(pixels: image::DynamicImage, options: &Options) -> Result<Picture> {
    let deadline = Instant::now() + options.ocr.timeout;
    let gray = pixels.to_luma8();
    let size = gray.dimensions();
    let first = match reading::ocr_pass(&gray, &options.preparation, &options.ocr, deadline) {
        Ok(first) => first,
        Err(e) if options.ocr_optional && ocr::is_not_installed(&e) => {
            return Ok(Picture {
                pixels,
                readings: Vec::new(),
                looks: Vec::new(),
            });
        }
        Err(e) => return Err(e),
    };
    let mut readings = vec![first];
    if let Some(unsure) = &options.second_pass
        && unsure(&readings[0].text)
    {
        let second = reading::ocr_pass(&gray, &options.second_preparation, &options.ocr, deadline)?;
        readings.push(second);
    }
    let mut looks = Vec::new();
    if let Some(worth_a_look) = &options.privacy_look
        && worth_a_look(&readings[0].text)
    {
        let prepared = reading::look_preparation();
        looks.push(reading::ocr_pass(&gray, &prepared, &options.ocr, deadline)?);
    }
    debug_assert!(readings.iter().chain(&looks).all(|r| r.size == size));
    Ok(Picture {
        pixels,
        readings,
        looks,
    })
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
