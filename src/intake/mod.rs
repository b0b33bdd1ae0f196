//! Intake: from a path to a [`Document`] the rest of the pipeline can read.
//!
//! The file's type is decided by its first bytes, never its name, and a file
//! is refused before it is read whole when it is too large, not a regular
//! file, or of a type the panel does not read. Images are decoded and turned
//! upright here, then read by OCR, so every later step sees pixels and words
//! with their boxes, not a file format. PDFs with a text layer, plain text and
//! e-mails become text.

mod border;
mod budget;
#[cfg(test)]
pub(crate) mod drawn;
mod email;
#[cfg(test)]
pub(crate) mod fuzz;
mod heic;
mod image_file;
mod line_reread;
pub mod ocr;
mod pdf;
pub mod photo;
mod pixels;
pub mod prepare;
mod reading;
mod sniff;
mod text_limits;

use std::fs::File;
use std::io::Read;
use std::path::Path;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use image::{DynamicImage, GrayImage};
use prepare::Prepared;
use sha2::{Digest, Sha256};

pub use line_reread::LineRereads;
pub use ocr::OcrSettings;
pub use prepare::Preparation;
pub(crate) use reading::median;
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
    /// Why a file of a readable type could not be read (a damaged PDF):
    /// its fields can only come from the command line.
    pub unreadable: Option<String>,
}

/// Decides from a picture's first OCR reading whether to read it again.
pub type SecondPass = std::sync::Arc<dyn Fn(&Reading) -> bool + Send + Sync>;

/// How files are read.
#[derive(Clone)]
pub struct Options {
    pub max_bytes: u64,
    /// Pictures above this many pixels are refused from their header.
    pub max_pixels: u64,
    /// The most decoded pixels all runs of [`read_all`] hold at once.
    pub pixel_budget: u64,
    pub ocr: OcrSettings,
    pub preparation: Preparation,
    /// How a second pass prepares the picture.
    pub second_preparation: Preparation,
    /// Read a picture without OCR when Tesseract is not installed (the
    /// fields were all given on the command line).
    pub ocr_optional: bool,
    /// Decides from a first reading whether a second OCR pass is worth its
    /// time (a photo has one whatever it says); `None`: one pass only.
    pub second_pass: Option<SecondPass>,
    /// Decides from a first reading whether the picture is read once
    /// more, unprepared, to find personal data printed where the prepared
    /// readings saw nothing; `None`: never.
    pub privacy_look: Option<SecondPass>,
    /// Rows of a first reading to read again on their own, before the
    /// second pass is decided on; `None`: none.
    pub line_rereads: Option<LineRereads>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            max_bytes: 25_000_000,
            max_pixels: 50_000_000,
            pixel_budget: 50_000_000,
            ocr: OcrSettings::default(),
            preparation: Preparation::default(),
            second_preparation: reading::second_preparation(&Preparation::default()),
            ocr_optional: false,
            second_pass: None,
            privacy_look: None,
            line_rereads: None,
        }
    }
}

/// The most files [`read_all`] is given at once: enough that loading
/// Tesseract's language model is a small part of the work, few enough that
/// their decoded pictures sit in memory together.
pub const READ_TOGETHER: usize = 6;

pub fn read(path: &Path, options: &Options) -> Result<Document> {
    read_all(&[path], options)
        .pop()
        .expect("one result per file")
}

/// Reads files together, one result per file in their order: the pictures
/// among them share one Tesseract process per pass, which loads its
/// language model once for all of them (on a receipt that is a fifth of
/// the work) and meanwhile the pictures are decoded and prepared.
pub fn read_all(paths: &[&Path], options: &Options) -> Vec<Result<Document>> {
    let opened: Vec<Result<(SourceKind, Vec<u8>)>> = paths
        .iter()
        .map(|path| {
            let bytes = read_limited(path, options.max_bytes)?;
            Ok((sniff::sniff(&bytes)?, bytes))
        })
        .collect();
    // Pictures a run holds at once fit the pixel budget: a run too large
    // for it is read in parts, each holding its pixels from the budget
    // while it is decoded, prepared and read.
    let sizes: Vec<u64> = opened
        .iter()
        .map(|o| match o {
            Ok((kind, bytes)) if kind.is_picture() => image_file::pixels(bytes)
                .filter(|&pixels| pixels <= options.max_pixels)
                .unwrap_or(0),
            _ => 0,
        })
        .collect();
    let mut opened = opened.into_iter();
    let mut read = Vec::with_capacity(paths.len());
    for part in budget::parts(&sizes, options.pixel_budget) {
        let wanted = sizes[part.clone()].iter().sum();
        let _permit = budget::take(wanted, options.pixel_budget);
        read.extend(read_opened(
            opened.by_ref().take(part.len()).collect(),
            options,
        ));
    }
    read
}

/// [`read_all`] for files already read into memory and sniffed.
fn read_opened(
    opened: Vec<Result<(SourceKind, Vec<u8>)>>,
    options: &Options,
) -> Vec<Result<Document>> {
    let ocr = opened
        .iter()
        .any(|o| o.as_ref().is_ok_and(|(kind, _)| kind.is_picture()))
        .then(|| ocr::start(options.preparation.psm, &options.ocr));
    let mut opened: Vec<Result<Opened>> = opened
        .into_iter()
        .map(|o| o.and_then(|(kind, bytes)| open(kind, bytes, options)))
        .collect();
    let pixels: Vec<DynamicImage> = opened
        .iter_mut()
        .filter_map(|o| match o {
            Ok(Opened::Picture { pixels, .. }) => pixels.take(),
            _ => None,
        })
        .collect();
    let found: Vec<photo::Found> = pixels.into_iter().map(photo::cut_out).collect();
    let grays: Vec<GrayImage> = found.iter().map(photo::for_reading).collect();
    let photos: Vec<bool> = found.iter().map(|f| f.quad.is_some()).collect();
    let mut reads = match ocr {
        Some(ocr) if !grays.is_empty() => read_grays(&grays, &photos, ocr, options),
        _ => Vec::new(),
    }
    .into_iter();
    let mut pixels = found.into_iter().map(|f| f.pixels).zip(photos);
    opened
        .into_iter()
        .map(|o| match o? {
            Opened::Document(document) => Ok(document),
            Opened::Picture { kind, digest, .. } => {
                let (pixels, photo) = pixels.next().expect("pixels per picture");
                let OcrReadings { readings, looks } =
                    reads.next().expect("one reading per picture")?;
                Ok(Document {
                    kind,
                    digest,
                    body: Body::Picture(Picture {
                        pixels,
                        readings,
                        looks,
                        photo,
                    }),
                    hints: Hints::default(),
                })
            }
        })
        .collect()
}

/// What OCR read in one picture, as its [`Picture`] keeps it.
#[derive(Default)]
struct OcrReadings {
    /// One per pass that read fields, the first pass first.
    readings: Vec<Reading>,
    /// Passes made only to find personal data.
    looks: Vec<Reading>,
}

/// Reads upright grey pictures with the Tesseract started for them. When
/// that fails for a group, each picture is read alone, so that one picture
/// Tesseract cannot read does not take its neighbours with it.
fn read_grays(
    grays: &[GrayImage],
    photos: &[bool],
    ocr: Result<ocr::Started>,
    options: &Options,
) -> Vec<Result<OcrReadings>> {
    let ocr = match ocr {
        Ok(ocr) => ocr,
        Err(e) if options.ocr_optional && ocr::is_not_installed(&e) => {
            return grays.iter().map(|_| Ok(OcrReadings::default())).collect();
        }
        Err(e) => {
            return grays
                .iter()
                .map(|_| Err(anyhow::anyhow!("{e:#}")))
                .collect();
        }
    };
    match read_together(grays, photos, ocr, options) {
        Ok(reads) => reads.into_iter().map(Ok).collect(),
        Err(e) if grays.len() == 1 => vec![Err(e)],
        Err(_) => grays
            .iter()
            .zip(photos)
            .map(|(gray, photo)| {
                let ocr = ocr::start(options.preparation.psm, &options.ocr)?;
                let mut reads = read_together(
                    std::slice::from_ref(gray),
                    std::slice::from_ref(photo),
                    ocr,
                    options,
                )?;
                Ok(reads.pop().expect("one read per picture"))
            })
            .collect(),
    }
}

/// One pass over all pictures, the rows of it `options.line_rereads` asks
/// for read again, a second pass over the photos and the pictures
/// `options.second_pass` then finds unsure, and a look at those
/// `options.privacy_look` asks for: one Tesseract process per pass. A
/// photo's second pass reads it binarised by a local threshold, which
/// copes with what light is left uneven after flattening: on photos the
/// two passes often read different fields right, so every photo has both.
fn read_together(
    grays: &[GrayImage],
    photos: &[bool],
    ocr: ocr::Started,
    options: &Options,
) -> Result<Vec<OcrReadings>> {
    let deadline = Instant::now() + options.ocr.timeout * grays.len() as u32;
    let prepared: Vec<Prepared> = grays
        .iter()
        .map(|gray| prepare::prepare(gray, &options.preparation))
        .collect();
    let pages: Vec<(&Prepared, (u32, u32))> = prepared
        .iter()
        .zip(grays)
        .map(|(p, gray)| (p, gray.dimensions()))
        .collect();
    let mut reads: Vec<OcrReadings> = reading::ocr_passes(ocr, &pages, deadline)?
        .into_iter()
        .map(|first| OcrReadings {
            readings: vec![first],
            looks: Vec::new(),
        })
        .collect();
    if let Some(rereads) = &options.line_rereads {
        let mut firsts: Vec<&mut Reading> = reads.iter_mut().map(|r| &mut r.readings[0]).collect();
        line_reread::reread_rows(grays, &mut firsts, rereads, &options.ocr, deadline)?;
    }

    // With a `decide`, the pictures `always` names and those whose first
    // reading it picks; without, none.
    let chosen = |decide: &Option<SecondPass>,
                  always: &dyn Fn(usize) -> bool,
                  reads: &[OcrReadings]|
     -> Vec<usize> {
        decide.as_ref().map_or_else(Vec::new, |decide| {
            (0..reads.len())
                .filter(|&i| always(i) || decide(&reads[i].readings[0]))
                .collect()
        })
    };
    let unsure = chosen(&options.second_pass, &|i| photos[i], &reads);
    // A second pass that differs only in how the page is segmented reads
    // the same prepared pixels.
    let how = &options.second_preparation;
    let same = Preparation {
        psm: how.psm,
        ..options.preparation
    } == *how;
    let photo_how = Preparation {
        binarise: true,
        ..*how
    };
    let second_how = |i: usize| match (photos[i], same) {
        (true, _) => Some(photo_how),
        (false, true) => None,
        (false, false) => Some(*how),
    };
    let seconds = another_pass(
        grays, &unsure, how.psm, second_how, &prepared, options, deadline,
    )?;
    for (&i, second) in unsure.iter().zip(seconds) {
        reads[i].readings.push(second);
    }

    let wanted = chosen(&options.privacy_look, &|_| false, &reads);
    let how = reading::look_preparation();
    let looks = another_pass(
        grays,
        &wanted,
        how.psm,
        |_| Some(how),
        &prepared,
        options,
        deadline,
    )?;
    for (&i, look) in wanted.iter().zip(looks) {
        reads[i].looks.push(look);
    }
    Ok(reads)
}

/// One more pass over the pictures numbered `which`, with page
/// segmentation mode `psm`: picture `i` prepared as `how(i)` says, or, for
/// `None`, its `earlier` prepared pixels read again. No process is started
/// for no picture.
fn another_pass(
    grays: &[GrayImage],
    which: &[usize],
    psm: u8,
    how: impl Fn(usize) -> Option<Preparation>,
    earlier: &[Prepared],
    options: &Options,
    deadline: Instant,
) -> Result<Vec<Reading>> {
    if which.is_empty() {
        return Ok(Vec::new());
    }
    let fresh: Vec<Option<Prepared>> = which
        .iter()
        .map(|&i| how(i).map(|how| prepare::prepare(&grays[i], &how)))
        .collect();
    let pages: Vec<(&Prepared, (u32, u32))> = which
        .iter()
        .zip(&fresh)
        .map(|(&i, fresh)| (fresh.as_ref().unwrap_or(&earlier[i]), grays[i].dimensions()))
        .collect();
    reading::ocr_passes(ocr::start(psm, &options.ocr)?, &pages, deadline)
}

/// A file's content before OCR.
enum Opened {
    Document(Document),
    /// Decoded and upright, not yet read; `None` once taken for OCR.
    Picture {
        kind: SourceKind,
        digest: [u8; 32],
        pixels: Option<DynamicImage>,
    },
}

fn open(kind: SourceKind, bytes: Vec<u8>, options: &Options) -> Result<Opened> {
    let digest: [u8; 32] = Sha256::digest(&bytes).into();
    let mut hints = Hints::default();
    let body = match kind {
        SourceKind::Jpeg | SourceKind::Png | SourceKind::Webp | SourceKind::Tiff => {
            return Ok(Opened::Picture {
                kind,
                digest,
                pixels: Some(image_file::decode(&bytes, kind, options.max_pixels)?),
            });
        }
        SourceKind::Heic => {
            return Ok(Opened::Picture {
                kind,
                digest,
                pixels: Some(heic::decode(&bytes)?),
            });
        }
        SourceKind::Text => Body::Text(sniff::decode_text(&bytes)),
        SourceKind::Email => {
            let mail = email::read(&bytes)?;
            hints = mail.hints;
            Body::Text(mail.text)
        }
        SourceKind::Pdf => match pdf::text(&bytes)? {
            pdf::PdfText::Text(text) => Body::Text(text),
            pdf::PdfText::None => Body::Opaque,
            pdf::PdfText::Unreadable(why) => {
                hints.unreadable = Some(format!("could not read the PDF: {why}"));
                Body::Opaque
            }
        },
    };
    if let Body::Text(text) = &body {
        text_limits::check(text)?;
    }
    Ok(Opened::Document(Document {
        kind,
        digest,
        body,
        hints,
    }))
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

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::PermissionsExt;
    use std::path::PathBuf;

    use super::*;

    /// A stand-in for Tesseract: it reads one word on each of up to four
    /// pages and refuses input larger than `refuse_above` bytes.
    fn stand_in(dir: &Path, refuse_above: usize) -> String {
        let script = dir.join("ocr");
        std::fs::write(
            &script,
            format!(
                "#!/bin/sh\n\
                 n=$(wc -c)\n\
                 if [ \"$n\" -gt {refuse_above} ]; then echo 'cannot read this' >&2; exit 1; fi\n\
                 printf 'level\\tpage_num\\tblock_num\\tpar_num\\tline_num\\tword_num\\tleft\\ttop\\twidth\\theight\\tconf\\ttext\\n'\n\
                 for page in 1 2 3 4; do\n\
                 printf '5\\t%s\\t1\\t1\\t1\\t1\\t2\\t2\\t20\\t10\\t90\\tTOTAL\\n' $page\n\
                 done\n"
            ),
        )
        .unwrap();
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
        script.to_string_lossy().into_owned()
    }

    fn pictures(dir: &Path, count: usize) -> Vec<PathBuf> {
        (0..count)
            .map(|n| {
                let path = dir.join(format!("{n}.png"));
                image::GrayImage::from_pixel(40, 40, image::Luma([255]))
                    .save(&path)
                    .unwrap();
                path
            })
            .collect()
    }

    fn options(program: String) -> Options {
        Options {
            ocr: OcrSettings {
                program,
                ..OcrSettings::default()
            },
            ..Options::default()
        }
    }

    #[test]
    fn pictures_read_together_keep_their_order_among_other_files() {
        let dir = tempfile::tempdir().unwrap();
        let mut paths = pictures(dir.path(), 2);
        let text = dir.path().join("receipt.txt");
        std::fs::write(&text, "Corner Shop\nTOTAL 3.50\n").unwrap();
        let empty = dir.path().join("empty.png");
        std::fs::write(&empty, b"").unwrap();
        paths.insert(1, text);
        paths.insert(2, empty);
        let paths: Vec<&Path> = paths.iter().map(PathBuf::as_path).collect();
        let read = read_all(&paths, &options(stand_in(dir.path(), usize::MAX)));
        assert_eq!(read.len(), 4);
        for n in [0, 3] {
            let Ok(Document {
                body: Body::Picture(picture),
                ..
            }) = &read[n]
            else {
                panic!("file {n} is a picture");
            };
            assert_eq!(picture.readings[0].text, "TOTAL");
            assert_eq!((picture.pixels.width(), picture.pixels.height()), (40, 40));
        }
        assert!(matches!(&read[1], Ok(Document { body: Body::Text(t), .. }) if t.contains("3.50")));
        assert!(
            read[2]
                .as_ref()
                .is_err_and(|e| e.to_string().contains("empty"))
        );
    }

    #[test]
    fn pictures_ocr_cannot_read_together_are_read_one_by_one() {
        let dir = tempfile::tempdir().unwrap();
        let paths = pictures(dir.path(), 3);
        let paths: Vec<&Path> = paths.iter().map(PathBuf::as_path).collect();
        let one_page = tiff_size(1);
        let read = read_all(&paths, &options(stand_in(dir.path(), one_page)));
        for document in &read {
            let Ok(Document {
                body: Body::Picture(picture),
                ..
            }) = document
            else {
                panic!("read alone: {:?}", document.as_ref().err());
            };
            assert_eq!(picture.readings.len(), 1);
        }
        // A picture OCR cannot read at all fails alone, with OCR's message.
        let read = read_all(&paths, &options(stand_in(dir.path(), 0)));
        for document in &read {
            let err = document.as_ref().err().expect("refused").to_string();
            assert!(err.contains("cannot read this"), "{err}");
        }
    }

    /// The size of the TIFF the 40×40 test pictures make, `pages` at once.
    fn tiff_size(pages: usize) -> usize {
        let image = image::GrayImage::from_pixel(40, 40, image::Luma([255]));
        let pages: Vec<&GrayImage> = (0..pages).map(|_| &image).collect();
        ocr::tiff_size(&pages)
    }
}
